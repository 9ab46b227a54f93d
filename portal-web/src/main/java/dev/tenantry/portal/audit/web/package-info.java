/** Settings → Audit: the lazy audit table and its CSV export; reads only through {@link dev.tenantry.portal.audit.AuditSearch}. */
package dev.tenantry.portal.audit.web;
