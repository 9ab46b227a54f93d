package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code plugin_work}. */
@Entity
@Table(name = "plugin_work")
public class WorkEntity {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "plugin_id", nullable = false, length = 40)
    String pluginId;

    @Column(nullable = false, length = 200)
    String title;

    @Column(name = "tenant_id", length = 64)
    String tenantId;

    @Column(name = "started_by", nullable = false, length = 320)
    String startedBy;

    @Column(nullable = false, length = 16)
    String state;

    @Column(name = "done_steps", nullable = false)
    int done;

    @Column(name = "total_steps", nullable = false)
    int total;

    @Column(length = 1000)
    String message;

    @Column(name = "cancel_requested", nullable = false)
    boolean cancelRequested;

    @Column(name = "started_at", nullable = false)
    Instant startedAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    protected WorkEntity() {
    }

    WorkEntity(String id, String pluginId, String title, String tenantId, String startedBy, Instant now) {
        this.id = id;
        this.pluginId = pluginId;
        this.title = title;
        this.tenantId = tenantId;
        this.startedBy = startedBy;
        this.state = "RUNNING";
        this.startedAt = now;
        this.updatedAt = now;
    }
}
