package dev.tenantry.portal.consent.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code consent_attempt}: an authorization request in flight, found by the hash of its state. */
@Entity
@Table(name = "consent_attempt")
public class ConsentAttemptEntity {

    @Id
    @Column(name = "state_hash", length = 64)
    String stateHash;

    @Column(name = "tenant_id", nullable = false, length = 64)
    String tenantId;

    @Column(nullable = false, length = 120)
    String kind;

    @Column(nullable = false, length = 40)
    String resource;

    @Column(nullable = false, length = 4000)
    String scopes;

    @Column(name = "scope_set_ids", nullable = false, length = 2000)
    String scopeSetIds;

    @Column(name = "verifier_sealed", length = 1000)
    String verifierSealed;

    @Column(name = "started_by", nullable = false, length = 320)
    String startedBy;

    @Column(name = "return_to", length = 500)
    String returnTo;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    @Column(name = "used_at")
    Instant usedAt;

    protected ConsentAttemptEntity() {
    }
}
