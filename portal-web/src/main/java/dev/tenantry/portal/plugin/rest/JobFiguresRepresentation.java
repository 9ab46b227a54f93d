package dev.tenantry.portal.plugin.rest;

import dev.tenantry.portal.plugin.JobFigures;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One scheduled job's figures, over every node; durations in milliseconds. */
@Schema(description = "How a scheduled job keeps up with the fleet, over every node")
public record JobFiguresRepresentation(
        @Schema(description = "Job id, <plugin-id>.<job>", examples = "threat-alerts.poll") String jobId,
        @Schema(description = "The plugin, or tenantry for Tenantry's own jobs") String pluginId,
        @Schema(description = "How often it runs in each tenant, in seconds") long everySeconds,
        @Schema(description = "How far back the figures look, in seconds (window, default an hour)")
        long windowSeconds,
        @Schema(description = "Runs started in the window") long runs,
        @Schema(description = "Distinct tenants the job ran in during the window") long tenantsRun,
        @Schema(description = "Tenants the job works in: its coverage is tenantsRun / tenants over a window of at "
                + "least its interval") long tenants,
        @Schema(description = "Median of how late scheduled runs started after they were due, in the window (ms); "
                + "null without runs") Long lagP50Millis,
        @Schema(description = "95th percentile of the same (ms); null without runs") Long lagP95Millis,
        @Schema(description = "Runs due now and not started") long queued,
        @Schema(description = "Runs Microsoft throttled, waiting for its Retry-After") long deferred,
        @Schema(description = "Runs going on now") long running) {

    static JobFiguresRepresentation of(JobFigures figures) {
        return new JobFiguresRepresentation(figures.jobId(), figures.pluginId(), figures.every().toSeconds(),
                figures.window().toSeconds(), figures.runsLastHour(), figures.tenantsRun(), figures.tenants(),
                figures.lagP50() == null ? null : figures.lagP50().toMillis(),
                figures.lagP95() == null ? null : figures.lagP95().toMillis(), figures.queued(), figures.deferred(),
                figures.running());
    }
}
