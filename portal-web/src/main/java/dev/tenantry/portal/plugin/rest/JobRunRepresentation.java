package dev.tenantry.portal.plugin.rest;

import dev.tenantry.portal.plugin.JobRun;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The last run of a job in a tenant, and when the next is due. */
@Schema(description = "The last run of a job in a tenant, and when the next is due")
public record JobRunRepresentation(
        @Schema(description = "Job id, <plugin-id>.<job>", examples = "user-management.sync") String jobId,
        @Schema(description = "The tenant's id") String tenantId,
        @Schema(description = "The plugin, or tenantry for Tenantry's own jobs") String pluginId,
        @Schema(description = "When the last run started; null before the first") Instant startedAt,
        @Schema(description = "When it ended; null while it runs or before the first") Instant finishedAt,
        @Schema(description = "RUNNING, SUCCESS, FAILED, CONSENT_REQUIRED, UNAVAILABLE, THROTTLED or CANCELLED; null "
                + "before the first run") String outcome,
        @Schema(description = "The last progress message, or why it failed") String message,
        @Schema(description = "When the next run is due; null while the job does not work in the tenant")
        Instant dueAt,
        @Schema(description = "How late the last run started after it was due (ms); null for a run a person "
                + "started") Long lagMillis) {

    static JobRunRepresentation of(JobRun run) {
        // A run going on keeps the last run's end in the queue; here it has none yet
        return new JobRunRepresentation(run.jobId(), run.tenantId(), run.pluginId(), run.startedAt(),
                "RUNNING".equals(run.outcome()) ? null : run.finishedAt(), run.outcome(), run.message(), run.dueAt(),
                run.lag() == null ? null : run.lag().toMillis());
    }
}
