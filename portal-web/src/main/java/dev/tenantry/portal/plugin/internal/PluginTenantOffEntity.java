package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of {@code plugin_tenant_off}. */
@Entity
@Table(name = "plugin_tenant_off")
@IdClass(PluginTenantOffEntity.Key.class)
public class PluginTenantOffEntity {

    @Id
    @Column(name = "plugin_id", length = 40)
    private String pluginId;

    @Id
    @Column(name = "tenant_id", length = 64)
    private String tenantId;

    @Column(name = "switched_off_by", nullable = false, length = 320)
    private String switchedOffBy;

    @Column(name = "switched_off_at", nullable = false)
    private Instant switchedOffAt;

    protected PluginTenantOffEntity() {
    }

    PluginTenantOffEntity(String pluginId, String tenantId, String by, Instant at) {
        this.pluginId = pluginId;
        this.tenantId = tenantId;
        this.switchedOffBy = by;
        this.switchedOffAt = at;
    }

    String pluginId() {
        return pluginId;
    }

    String tenantId() {
        return tenantId;
    }

    /** The composite key. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String pluginId;
        private String tenantId;

        public Key() {
        }

        Key(String pluginId, String tenantId) {
            this.pluginId = pluginId;
            this.tenantId = tenantId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(pluginId, key.pluginId)
                    && Objects.equals(tenantId, key.tenantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pluginId, tenantId);
        }
    }
}
