package dev.tenantry.portal.auditlog.rest;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditRecord;
import java.time.Instant;
import java.util.Map;

/** One audit record as the API shows it. */
public record AuditRecordRepresentation(long id, Instant occurredAt, String actor, String tenantId, String action,
        String target, AuditEvent.Outcome outcome, Map<String, String> details, String correlationId) {

    static AuditRecordRepresentation of(AuditRecord record) {
        AuditEvent event = record.event();
        return new AuditRecordRepresentation(record.id(), record.occurredAt(), event.actor(), event.tenantId(),
                event.action(), event.target(), event.outcome(), event.details(), event.correlationId());
    }
}
