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

    @Column(nullable = false, length = 1048576)
    private String body;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** How many times it was written; a change made from a copy is written only at the copy's version. */
    @Column(nullable = false)
    private long version;

    // The values of the kind's indexed fields, in the columns RecordSlots gives them (see V26)
    @Column(length = 200)
    private String t1;

    @Column(length = 200)
    private String t2;

    @Column(length = 200)
    private String t3;

    @Column(length = 200)
    private String t4;

    @Column(length = 200)
    private String t5;

    @Column(length = 200)
    private String t6;

    private Long n1;

    private Long n2;

    private Long n3;

    private Long n4;

    private Instant d1;

    private Instant d2;

    private Instant d3;

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

    /** Whether it holds exactly {@code sameBody} and these indexed columns: writing them again would change nothing. */
    boolean holds(String sameBody, String[] texts, Long[] numbers, Instant[] times) {
        return java.util.Objects.equals(body, sameBody)
                && java.util.Arrays.equals(new String[] {t1, t2, t3, t4, t5, t6}, texts)
                && java.util.Arrays.equals(new Long[] {n1, n2, n3, n4}, numbers)
                && java.util.Arrays.equals(new Instant[] {d1, d2, d3}, times);
    }

    /** Sets every indexed column: {@code texts} t1…t6, {@code numbers} n1…n4, {@code times} d1…d3 (null: no value). */
    void fields(String[] texts, Long[] numbers, Instant[] times) {
        t1 = texts[0];
        t2 = texts[1];
        t3 = texts[2];
        t4 = texts[3];
        t5 = texts[4];
        t6 = texts[5];
        n1 = numbers[0];
        n2 = numbers[1];
        n3 = numbers[2];
        n4 = numbers[3];
        d1 = times[0];
        d2 = times[1];
        d3 = times[2];
    }

    String tenantId() {
        return tenantId;
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
