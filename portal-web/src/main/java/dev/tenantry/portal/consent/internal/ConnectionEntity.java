package dev.tenantry.portal.consent.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of {@code tenant_connection}. */
@Entity
@Table(name = "tenant_connection")
@IdClass(ConnectionEntity.Key.class)
public class ConnectionEntity {

    @Id
    @Column(name = "tenant_id", length = 64)
    String tenantId;

    @Id
    @Column(length = 120)
    String kind;

    @Column(nullable = false, length = 30)
    String state;

    @Column(length = 320)
    String account;

    @Column(name = "home_account_id", length = 300)
    String homeAccountId;

    @Column(length = 8000)
    String granted;

    @Column(name = "token_cache_sealed", length = 262144)
    String tokenCacheSealed;

    @Column(length = 1000)
    String reason;

    @Column(name = "connected_by", length = 320)
    String connectedBy;

    @Column(name = "connected_at")
    Instant connectedAt;

    @Column(name = "last_used_at")
    Instant lastUsedAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    /** Bumped by every write of the token cache or state: a token refresh writes only at the version it read. */
    @jakarta.persistence.Version
    long version;

    protected ConnectionEntity() {
    }

    ConnectionEntity(String tenantId, String kind) {
        this.tenantId = tenantId;
        this.kind = kind;
        this.state = "CONNECTED";
        this.updatedAt = Instant.now();
    }

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String tenantId;
        String kind;

        public Key() {
        }

        public Key(String tenantId, String kind) {
            this.tenantId = tenantId;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(tenantId, key.tenantId) && Objects.equals(kind, key.kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, kind);
        }
    }
}
