/**
 * Reading the audit log as the caller may (Settings → Audit log, its CSV export, {@code /api/audit}): the tenants whose
 * records someone may read come from access control once per query and filter it in the database. Writes nothing.
 */
package dev.tenantry.portal.auditlog;
