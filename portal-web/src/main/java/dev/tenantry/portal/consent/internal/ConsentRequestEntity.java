package dev.tenantry.portal.consent.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code consent_request}. */
@Entity
@Table(name = "consent_request")
public class ConsentRequestEntity {

    @Id
    @Column(length = 36)
    public String id;

    @Column(name = "tenant_id", nullable = false, length = 64)
    public String tenantId;

    @Column(name = "scope_set_ids", nullable = false, length = 2000)
    public String scopeSetIds;

    @Column(nullable = false, length = 4000)
    public String permissions;

    @Column(nullable = false, length = 20)
    public String reason;

    @Column(nullable = false, length = 12)
    public String state;

    @Column(name = "requested_by", nullable = false, length = 320)
    public String requestedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "link_state_hash", length = 64)
    public String linkStateHash;

    @Column(name = "link_expires_at")
    public Instant linkExpiresAt;

    @Column(name = "decided_by", length = 320)
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** The customer's administrator answering and staff dismissing at once: the second to commit is refused. */
    @jakarta.persistence.Version
    public long version;
}
