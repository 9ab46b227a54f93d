package dev.tenantry.portal.audit;

import java.time.Instant;
import java.util.Map;

/** A record as stored: the event, when it was recorded, and its place in the log. */
public record AuditRecord(long id, Instant occurredAt, AuditEvent event) {

    public Map<String, String> details() {
        return event.details();
    }
}
