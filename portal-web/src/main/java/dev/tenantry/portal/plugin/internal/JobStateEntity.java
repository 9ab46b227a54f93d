package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of {@code plugin_job_state}: a job's last run in a tenant, and when the next is due (the queue). */
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

    @Column(name = "due_at")
    private Instant dueAt;

    @Column(name = "lag_ms")
    private Long lagMillis;

    @Column(name = "asked_at")
    private Instant askedAt;

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

    Instant dueAt() {
        return dueAt;
    }

    Long lagMillis() {
        return lagMillis;
    }

    /**
     * Started at {@code when}, due again at {@code leaseUntil} should it never end; {@code lag} null if a person asked
     * for it. It takes the plugin's asks for a run by then.
     */
    void started(Instant when, Instant leaseUntil, Long lag) {
        if (askedAt != null && !askedAt.isAfter(when)) {
            askedAt = null;
        }
        startedAt = when;
        finishedAt = null;
        outcome = "RUNNING";
        message = null;
        dueAt = leaseUntil;
        lagMillis = lag;
    }

    void progress(String text) {
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
