package dev.tenantry.portal.consent.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A row of {@code application_bundle}: one numbered set of application permissions offered to a tenant. */
@Entity
@Table(name = "application_bundle")
@IdClass(ApplicationBundleEntity.Key.class)
public class ApplicationBundleEntity {

    /** The composite key: tenant and version. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String tenantId;
        int version;

        public Key() {
        }

        public Key(String tenantId, int version) {
            this.tenantId = tenantId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(tenantId, key.tenantId)
                    && version == key.version;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(tenantId, version);
        }
    }

    @Id
    @Column(name = "tenant_id", length = 64)
    public String tenantId;

    @Id
    @Column(name = "version")
    public int version;

    @Column(nullable = false, length = 4000)
    public String permissions;

    /** OFFERED (link out), CONSENTED, REFUSED, or SUPERSEDED by a later offer. */
    @Column(nullable = false, length = 12)
    public String state;

    @Column(name = "offered_by", nullable = false, length = 320)
    public String offeredBy;

    @Column(name = "offered_at", nullable = false)
    public Instant offeredAt;

    @Column(name = "link_state_hash", length = 64)
    public String linkStateHash;

    @Column(name = "link_expires_at")
    public Instant linkExpiresAt;

    @Column(name = "decided_at")
    public Instant decidedAt;
}
