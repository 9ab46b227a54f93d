/** Settings → Audit: the lazy audit table and its CSV export; reads only through {@link dev.tenantry.portal.auditlog.AuditSearch}. */
package dev.tenantry.portal.auditlog.web;
