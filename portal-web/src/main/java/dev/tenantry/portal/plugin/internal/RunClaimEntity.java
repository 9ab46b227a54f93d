package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code plugin_run_claim}: who holds a plugin's claim on a key in a tenant, until when at the latest. */
@Entity
@Table(name = "plugin_run_claim")
public class RunClaimEntity {

    @Id
    @Column(name = "claim_id", length = 240)
    private String id;

    @Column(name = "plugin_id", nullable = false, updatable = false, length = 64)
    private String pluginId;

    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(name = "run_key", nullable = false, updatable = false, length = 100)
    private String runKey;

    @Column(nullable = false, length = 36)
    private String holder;

    @Column(name = "claimed_at", nullable = false)
    private Instant claimedAt;

    @Column(name = "lease_until", nullable = false)
    private Instant leaseUntil;

    protected RunClaimEntity() {
    }

    RunClaimEntity(String pluginId, String tenantId, String runKey, String holder, Instant claimedAt,
            Instant leaseUntil) {
        this.id = id(pluginId, tenantId, runKey);
        this.pluginId = pluginId;
        this.tenantId = tenantId;
        this.runKey = runKey;
        this.holder = holder;
        this.claimedAt = claimedAt;
        this.leaseUntil = leaseUntil;
    }

    static String id(String pluginId, String tenantId, String runKey) {
        return pluginId + "|" + tenantId + "|" + runKey;
    }
}
