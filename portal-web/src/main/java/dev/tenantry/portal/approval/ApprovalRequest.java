package dev.tenantry.portal.approval;

import java.time.Instant;
import java.util.Map;

/** A request for approval and, once decided, its decision and outcome. */
public record ApprovalRequest(String id, String action, String tenantId, Map<String, String> parameters, String summary,
        String reason, String requestedBy, Instant requestedAt, Instant expiresAt, Status status, String decidedBy,
        Instant decidedAt, String decisionNote, String outcome) {

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED, FAILED, WITHDRAWN }

    public ApprovalRequest {
        parameters = Map.copyOf(parameters);
    }

    /** The status as of {@code now}: a request still waiting after its expiry counts as expired. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
    }
}
