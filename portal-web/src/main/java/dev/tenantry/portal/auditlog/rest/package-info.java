/** {@code /api/audit}: the audit log as the caller may read it, newest first, filtered and paged on the server. */
package dev.tenantry.portal.auditlog.rest;
