package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of {@code plugin_record}. */
@Entity
@Table(name = "plugin_record")
@IdClass(PluginRecordEntity.Key.class)
public class PluginRecordEntity {

    @Id
    @Column(name = "plugin_id", length = 40)
    private String pluginId;

    @Id
    @Column(name = "tenant_id", length = 64)
    private String tenantId;

    @Id
    @Column(length = 64)
    private String kind;

    @Id
    @Column(name = "record_key", length = 200)
    private String key;

    @Column(nullable = false, length = 65536)
    private String body;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** How many times it was written; a change made from a copy is written only at the copy's version. */
    @Column(nullable = false)
    private long version;

    protected PluginRecordEntity() {
    }

    PluginRecordEntity(String pluginId, String tenantId, String kind, String key, String body, Instant updatedAt) {
        this.version = 1;
        this.pluginId = pluginId;
        this.tenantId = tenantId;
        this.kind = kind;
        this.key = key;
        this.body = body;
        this.updatedAt = updatedAt;
    }

    String key() {
        return key;
    }

    String body() {
        return body;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    void replace(String newBody, Instant now) {
        body = newBody;
        updatedAt = now;
        version++;
    }

    long version() {
        return version;
    }

    /** The composite key. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String pluginId;
        private String tenantId;
        private String kind;
        private String key;

        public Key() {
        }

        Key(String pluginId, String tenantId, String kind, String key) {
            this.pluginId = pluginId;
            this.tenantId = tenantId;
            this.kind = kind;
            this.key = key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Objects.equals(pluginId, that.pluginId)
                    && Objects.equals(tenantId, that.tenantId) && Objects.equals(kind, that.kind)
                    && Objects.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pluginId, tenantId, kind, key);
        }
    }
}
