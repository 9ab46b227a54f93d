package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of {@code plugin_job_state}. */
@Entity
@Table(name = "plugin_job_state")
@IdClass(JobStateEntity.Key.class)
public class JobStateEntity {

    @Id
    @Column(name = "job_id", length = 80)
    private String jobId;

    @Id
    @Column(name = "tenant_id", length = 64)
    private String tenantId;

    @Column(name = "plugin_id", nullable = false, length = 40)
    private String pluginId;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(length = 16)
    private String outcome;

    @Column(length = 1000)
    private String message;

    @jakarta.persistence.Version
    private long version;

    protected JobStateEntity() {
    }

    JobStateEntity(String jobId, String tenantId, String pluginId) {
        this.jobId = jobId;
        this.tenantId = tenantId;
        this.pluginId = pluginId;
    }

    String jobId() {
        return jobId;
    }

    String tenantId() {
        return tenantId;
    }

    String pluginId() {
        return pluginId;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    String outcome() {
        return outcome;
    }

    String message() {
        return message;
    }

    void started(Instant when) {
        startedAt = when;
        finishedAt = null;
        outcome = "RUNNING";
        message = null;
    }

    void progress(String text) {
        message = text;
    }

    void finished(Instant when, String result, String text) {
        finishedAt = when;
        outcome = result;
        message = text;
    }

    /** The composite key. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String jobId;
        private String tenantId;

        public Key() {
        }

        Key(String jobId, String tenantId) {
            this.jobId = jobId;
            this.tenantId = tenantId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Objects.equals(jobId, that.jobId)
                    && Objects.equals(tenantId, that.tenantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, tenantId);
        }
    }
}
