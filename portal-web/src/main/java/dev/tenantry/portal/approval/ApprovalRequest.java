package dev.tenantry.portal.approval;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A request for approval and, once decided, its decision and outcome.
 *
 * @param requesterGroups the MSP groups the requester belonged to when filing: what the approved action checks the
 *                        requester's access with again when it runs
 */
public record ApprovalRequest(String id, String action, String tenantId, Map<String, String> parameters, String summary,
        String reason, String requestedBy, Instant requestedAt, Instant expiresAt, Status status, String decidedBy,
        Instant decidedAt, String decisionNote, String outcome, List<String> requesterGroups) {

    public enum Status { PENDING, APPROVED, REJECTED, EXPIRED, FAILED, WITHDRAWN }

    public ApprovalRequest {
        parameters = Map.copyOf(parameters);
        requesterGroups = requesterGroups == null ? List.of() : List.copyOf(requesterGroups);
    }

    /** The status as of {@code now}: a request still waiting after its expiry counts as expired. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
    }
}
