package dev.tenantry.portal.audit;

import java.time.Instant;

/**
 * A page of the audit log, newest first, filtered on the server.
 *
 * @param actor    part of the actor's name, case-insensitive; blank for any
 * @param action   an action or its area ({@code auth} matches {@code auth.sign-in}); blank for any
 * @param outcome  one outcome, or null for any
 * @param tenantId one tenant, or blank for any the caller may read
 * @param from     earliest time, inclusive, or null
 * @param to       latest time, exclusive, or null
 */
public record AuditQuery(int first, int pageSize, String actor, String action, AuditEvent.Outcome outcome,
        String tenantId, Instant from, Instant to) {

    public static final int MAX_PAGE = 10_000;

    public AuditQuery {
        if (first < 0 || pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("A page starts at 0 or later and holds 1 to " + MAX_PAGE + " records");
        }
        actor = actor == null ? "" : actor.strip();
        action = action == null ? "" : action.strip();
        tenantId = tenantId == null ? "" : tenantId.strip();
    }

    public AuditQuery withPage(int newFirst, int newPageSize) {
        return new AuditQuery(newFirst, newPageSize, actor, action, outcome, tenantId, from, to);
    }
}
