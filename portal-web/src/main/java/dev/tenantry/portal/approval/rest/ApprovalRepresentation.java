package dev.tenantry.portal.approval.rest;

import dev.tenantry.portal.approval.ApprovalRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request for approval as the API shows it, with its status as of now.
 *
 * @param parameters         exactly what was asked; in a list, each value over {@value #LISTED_VALUE_LENGTH}
 *                           characters cut there (a plugin action's list of thousands of users)
 * @param parametersComplete whether {@code parameters} are whole; {@code GET /approvals/{id}} always has them whole
 */
public record ApprovalRepresentation(String id, String action, String tenantId, Map<String, String> parameters,
        String summary, String reason, String requestedBy, Instant requestedAt, Instant expiresAt,
        ApprovalRequest.Status status, String decidedBy, Instant decidedAt, String decisionNote, String outcome,
        boolean parametersComplete) {

    /** The longest parameter value a list shows (as long as a request's parameters could be in all before V30). */
    public static final int LISTED_VALUE_LENGTH = 8000;

    /** The request, its parameters whole. */
    public static ApprovalRepresentation of(ApprovalRequest request) {
        return of(request, request.parameters(), true);
    }

    /** The request as a list shows it: each parameter value at most {@link #LISTED_VALUE_LENGTH} characters. */
    public static ApprovalRepresentation listed(ApprovalRequest request) {
        Map<String, String> cut = new LinkedHashMap<>();
        request.parameters().forEach((name, value) -> cut.put(name, value == null
                || value.length() <= LISTED_VALUE_LENGTH ? value : value.substring(0, LISTED_VALUE_LENGTH)));
        return of(request, cut, cut.equals(request.parameters()));
    }

    private static ApprovalRepresentation of(ApprovalRequest request, Map<String, String> parameters,
            boolean complete) {
        return new ApprovalRepresentation(request.id(), request.action(), request.tenantId(), parameters,
                request.summary(), request.reason(), request.requestedBy(), request.requestedAt(), request.expiresAt(),
                request.statusAt(Instant.now()), request.decidedBy(), request.decidedAt(), request.decisionNote(),
                request.outcome(), complete);
    }
}
