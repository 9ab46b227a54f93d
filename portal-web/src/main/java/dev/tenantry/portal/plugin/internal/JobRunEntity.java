package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code plugin_job_run}: one run that started, and how late; only ever inserted, and pruned. */
@Entity
@Table(name = "plugin_job_run")
public class JobRunEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false, length = 80)
    private String jobId;

    @Column(name = "tenant_id", nullable = false, length = 64)
    private String tenantId;

    @Column(name = "plugin_id", nullable = false, length = 40)
    private String pluginId;

    @Column(name = "due_at")
    private Instant dueAt;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "lag_ms")
    private Long lagMillis;

    protected JobRunEntity() {
    }

    JobRunEntity(String jobId, String tenantId, String pluginId, Instant dueAt, Instant startedAt, Long lagMillis) {
        this.jobId = jobId;
        this.tenantId = tenantId;
        this.pluginId = pluginId;
        this.dueAt = dueAt;
        this.startedAt = startedAt;
        this.lagMillis = lagMillis;
    }
}
