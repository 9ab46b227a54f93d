package dev.tenantry.portal.approval.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code approval_request}; what was asked never changes, only the decision columns are written later. */
@Entity
@Table(name = "approval_request")
public class ApprovalEntity {

    @Id
    private String id;

    @Column(nullable = false, updatable = false, length = 128)
    private String action;

    @Column(name = "tenant_id", updatable = false, length = 64)
    private String tenantId;

    /** The longest parameters JSON the column holds (V30). */
    static final int MAX_PARAMETERS = 4_000_000;

    /** JSON, at most {@link #MAX_PARAMETERS} characters. */
    @Column(nullable = false, updatable = false, length = MAX_PARAMETERS)
    private String parameters;

    @Column(nullable = false, updatable = false, length = 500)
    private String summary;

    @Column(nullable = false, updatable = false, length = 2000)
    private String reason;

    @Column(name = "requested_by", nullable = false, updatable = false, length = 320)
    private String requestedBy;

    @Column(name = "requested_at", nullable = false, updatable = false)
    private Instant requestedAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "decided_by", length = 320)
    private String decidedBy;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "decision_note", length = 2000)
    private String decisionNote;

    @Column(length = 2000)
    private String outcome;

    /** The requester's MSP groups when filing, one per line. */
    @Column(name = "requester_groups", updatable = false, length = 4000)
    private String requesterGroups;

    protected ApprovalEntity() {
    }

    ApprovalEntity(String id, String action, String tenantId, String parameters, String summary, String reason,
            String requestedBy, String requesterGroups, Instant requestedAt, Instant expiresAt) {
        this.id = id;
        this.requesterGroups = requesterGroups;
        this.action = action;
        this.tenantId = tenantId;
        this.parameters = parameters;
        this.summary = summary;
        this.reason = reason;
        this.requestedBy = requestedBy;
        this.requestedAt = requestedAt;
        this.expiresAt = expiresAt;
        this.status = "PENDING";
    }

    void decide(String newStatus, String by, Instant at, String note, String result) {
        this.status = newStatus;
        this.decidedBy = by;
        this.decidedAt = at;
        this.decisionNote = note;
        this.outcome = result;
    }

    String id() {
        return id;
    }

    String action() {
        return action;
    }

    String tenantId() {
        return tenantId;
    }

    String parameters() {
        return parameters;
    }

    String summary() {
        return summary;
    }

    String reason() {
        return reason;
    }

    String requestedBy() {
        return requestedBy;
    }

    Instant requestedAt() {
        return requestedAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    String status() {
        return status;
    }

    String decidedBy() {
        return decidedBy;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    String decisionNote() {
        return decisionNote;
    }

    String outcome() {
        return outcome;
    }

    String requesterGroups() {
        return requesterGroups;
    }

    /** What the approved action did, once it ran after the decision; a request it could not run at all fails. */
    void ran(String newStatus, String result) {
        this.status = newStatus;
        this.outcome = result;
    }
}
