/**
 * The audit log: an append-only record of every privileged action and security event (who, where, what, on what,
 * with which outcome, and a correlation id), never holding a secret.
 *
 * <p>Actions record in their own transaction ({@link dev.tenantry.portal.audit.AuditLog#record}), so a change and its
 * record commit or roll back together. Nothing here updates or deletes a record. Reading the log as a person may (the
 * Settings page, the REST API) is {@code auditlog}'s, above access control; this package decides nothing about who
 * sees what.
 */
package dev.tenantry.portal.audit;
