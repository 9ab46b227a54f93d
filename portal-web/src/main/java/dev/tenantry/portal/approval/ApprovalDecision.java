package dev.tenantry.portal.approval;

import dev.tenantry.portal.approval.ApprovalRequest.Status;
import java.time.Instant;

/**
 * Where a request stands, without what it asks: what the feature that filed it reads to learn what became of it.
 *
 * @param outcome what the approved action did, or why it failed; null while it waits, and while an approved action
 *                still runs
 */
public record ApprovalDecision(String id, String tenantId, String requestedBy, Instant expiresAt, Status status,
        String decidedBy, Instant decidedAt, String decisionNote, String outcome) {

    /** The status as of {@code now}: a request still waiting after its expiry counts as expired. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
    }
}
