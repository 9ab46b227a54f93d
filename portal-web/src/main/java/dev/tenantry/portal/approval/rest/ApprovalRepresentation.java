package dev.tenantry.portal.approval.rest;

import dev.tenantry.portal.approval.ApprovalRequest;
import java.time.Instant;
import java.util.Map;

/** A request for approval as the API shows it, with its status as of now. */
public record ApprovalRepresentation(String id, String action, String tenantId, Map<String, String> parameters,
        String summary, String reason, String requestedBy, Instant requestedAt, Instant expiresAt,
        ApprovalRequest.Status status, String decidedBy, Instant decidedAt, String decisionNote, String outcome) {

    public static ApprovalRepresentation of(ApprovalRequest request) {
        return new ApprovalRepresentation(request.id(), request.action(), request.tenantId(), request.parameters(),
                request.summary(), request.reason(), request.requestedBy(), request.requestedAt(), request.expiresAt(),
                request.statusAt(Instant.now()), request.decidedBy(), request.decidedAt(), request.decisionNote(),
                request.outcome());
    }
}
