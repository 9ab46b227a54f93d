package dev.tenantry.portal.apitoken.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code api_token}. */
@Entity
@Table(name = "api_token")
public class ApiTokenEntity {

    @Id
    private String id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 320)
    private String owner;

    @Column(name = "owner_groups", length = 4000)
    private String ownerGroups;

    @Column(nullable = false, length = 2000)
    private String permissions;

    @Column(name = "secret_hash", nullable = false, length = 64, unique = true)
    private String secretHash;

    @Column(nullable = false, length = 8)
    private String hint;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by", length = 320)
    private String revokedBy;

    protected ApiTokenEntity() {
    }

    ApiTokenEntity(String id, String name, String owner, String ownerGroups, String permissions, String secretHash,
            String hint, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.ownerGroups = ownerGroups;
        this.permissions = permissions;
        this.secretHash = secretHash;
        this.hint = hint;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String owner() {
        return owner;
    }

    String ownerGroups() {
        return ownerGroups;
    }

    String permissions() {
        return permissions;
    }

    String hint() {
        return hint;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    void lastUsedAt(Instant when) {
        lastUsedAt = when;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    String revokedBy() {
        return revokedBy;
    }

    void revoke(Instant when, String by) {
        revokedAt = when;
        revokedBy = by;
    }
}
