package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A row of {@code plugin_record_field}: which column of {@code plugin_record} holds a field of a plugin's kind. */
@Entity
@Table(name = "plugin_record_field")
@IdClass(RecordFieldEntity.Key.class)
public class RecordFieldEntity {

    @Id
    @Column(name = "plugin_id", length = 40)
    String pluginId;

    @Id
    @Column(length = 64)
    String kind;

    @Id
    @Column(length = 64)
    String field;

    @Column(name = "field_type", nullable = false, length = 8)
    String type;

    @Column(nullable = false, length = 4)
    String slot;

    protected RecordFieldEntity() {
    }

    RecordFieldEntity(String pluginId, String kind, String field, String type, String slot) {
        this.pluginId = pluginId;
        this.kind = kind;
        this.field = field;
        this.type = type;
        this.slot = slot;
    }

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        String pluginId;
        String kind;
        String field;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(pluginId, key.pluginId) && Objects.equals(kind, key.kind)
                    && Objects.equals(field, key.field);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pluginId, kind, field);
        }
    }
}
