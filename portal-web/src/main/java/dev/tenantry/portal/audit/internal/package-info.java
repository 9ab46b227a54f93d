/** Storage of the audit log (JPA); only {@link dev.tenantry.portal.audit.AuditLog} uses it. */
package dev.tenantry.portal.audit.internal;
