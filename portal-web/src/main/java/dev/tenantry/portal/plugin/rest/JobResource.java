package dev.tenantry.portal.plugin.rest;

import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.plugin.JobFigures;
import dev.tenantry.portal.plugin.PluginJobs;
import dev.tenantry.portal.rest.ApiPermission;
import dev.tenantry.portal.rest.ApiPermission.Where;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The scheduled jobs' figures, for people and for monitoring: the server provisions no metrics subsystem, so the
 * metrics are served here, in the Prometheus text format, to a scraper holding an API token with
 * {@code plugins:manage}. Lag and counts are over every node (they are read from the database); slots are this node's.
 */
@Path("jobs")
@RequestScoped
@Tag(name = "Jobs", description = "Scheduled jobs: runs, lag, queue")
@SecurityRequirement(name = "apiToken")
public class JobResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    PluginJobs jobs;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ApiPermission(Permissions.PLUGINS_MANAGE)
    @Operation(summary = "Each scheduled job: runs and tenants covered in the window (default the last hour), how "
            + "late they started, what waits")
    public List<JobFiguresRepresentation> list(@QueryParam("window") @DefaultValue("PT1H") String window) {
        Duration over;
        try {
            over = Duration.parse(window);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("window is an ISO-8601 duration such as PT15M");
        }
        // PluginJobs refuses a window outside a minute to two hours: IllegalArgumentException, answered 400
        return jobs.figures(over).stream().map(JobFiguresRepresentation::of).toList();
    }

    /** The last run of a job in a tenant, and when the next is due: whether a tenant's sync or scan ran, and how. */
    @GET
    @Path("{jobId}/tenants/{tenantId}")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiPermission(value = Permissions.PLUGINS_MANAGE, where = Where.PATH_TENANT)
    @Operation(summary = "The last run of a job in a tenant: when it started and ended, how it ended, when the next "
            + "is due")
    @APIResponse(responseCode = "404", description = "The job has never been scheduled in the tenant")
    public JobRunRepresentation lastRun(@PathParam("jobId") String jobId, @PathParam("tenantId") String tenantId) {
        return jobs.lastRun(jobId, tenantId).map(JobRunRepresentation::of).orElseThrow(() -> new NotFoundException(
                "Job " + jobId + " has no run and is not scheduled in tenant " + tenantId));
    }

    /**
     * Runs a job in a tenant now, outside the schedule's slots: after a change the next scheduled run would see an
     * hour later. Accepted (202) with the run as it stands, or 409 while a run of the job goes on in the tenant.
     */
    @POST
    @Path("{jobId}/tenants/{tenantId}/run")
    @Produces(MediaType.APPLICATION_JSON)
    @ApiPermission(value = Permissions.PLUGINS_MANAGE, where = Where.PATH_TENANT)
    @Operation(summary = "Runs a job in a tenant now (outside the schedule's slots); its progress is the last run's")
    @APIResponse(responseCode = "202", description = "Started; GET the job's run in the tenant for its outcome")
    @APIResponse(responseCode = "404", description = "No running plugin has the job, or it does not work in the "
            + "tenant")
    @APIResponse(responseCode = "409", description = "A run of the job is going on in the tenant")
    public Response runNow(@PathParam("jobId") String jobId, @PathParam("tenantId") String tenantId) {
        boolean started;
        try {
            started = jobs.runNow(jobId, tenantId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(e.getMessage());
        }
        if (!started) {
            throw new ClientErrorException("A run of " + jobId + " is going on in tenant " + tenantId
                    + "; its outcome is the job's last run", Response.Status.CONFLICT);
        }
        return Response.accepted(jobs.lastRun(jobId, tenantId).map(JobRunRepresentation::of).orElse(null)).build();
    }

    /**
     * The metrics whatever the client accepts (a scraper's {@code Accept} varies): the answer is always the Prometheus
     * text format, so that a caller without the permission is told 403 rather than 406.
     */
    @GET
    @Path("metrics")
    @ApiPermission(Permissions.PLUGINS_MANAGE)
    @Operation(summary = "The same figures, and this node's slots, as metrics in the Prometheus text format")
    @APIResponse(responseCode = "200", description = "Gauges in the Prometheus text format 0.0.4",
            content = @Content(mediaType = PROMETHEUS_TEXT))
    public Response metrics() {
        List<JobFigures> figures = jobs.figures();
        PluginJobs.Slots slots = jobs.slots();
        StringBuilder text = new StringBuilder();
        gauge(text, "tenantry_job_start_lag_seconds", "How late scheduled runs started after they were due, last "
                + "hour, by quantile");
        for (JobFigures job : figures) {
            sample(text, "tenantry_job_start_lag_seconds", job, "quantile=\"0.5\"", seconds(job.lagP50()));
            sample(text, "tenantry_job_start_lag_seconds", job, "quantile=\"0.95\"", seconds(job.lagP95()));
        }
        gauge(text, "tenantry_job_runs_last_hour", "Runs started in the last hour");
        figures.forEach(job -> sample(text, "tenantry_job_runs_last_hour", job, null, job.runsLastHour()));
        gauge(text, "tenantry_job_tenants_run_last_hour", "Distinct tenants the job ran in during the last hour");
        figures.forEach(job -> sample(text, "tenantry_job_tenants_run_last_hour", job, null, job.tenantsRun()));
        gauge(text, "tenantry_job_tenants", "Tenants the job works in");
        figures.forEach(job -> sample(text, "tenantry_job_tenants", job, null, job.tenants()));
        gauge(text, "tenantry_job_queued", "Runs due now and not started");
        figures.forEach(job -> sample(text, "tenantry_job_queued", job, null, job.queued()));
        gauge(text, "tenantry_job_deferred", "Runs Microsoft throttled, waiting for its Retry-After");
        figures.forEach(job -> sample(text, "tenantry_job_deferred", job, null, job.deferred()));
        gauge(text, "tenantry_job_running", "Runs going on now");
        figures.forEach(job -> sample(text, "tenantry_job_running", job, null, job.running()));
        gauge(text, "tenantry_job_slots", "Runs this node starts at once");
        text.append("tenantry_job_slots ").append(slots.capacity()).append('\n');
        gauge(text, "tenantry_job_slots_busy", "Runs going on in this node's slots");
        text.append("tenantry_job_slots_busy ").append(slots.busy()).append('\n');
        return Response.ok(text.toString(), PROMETHEUS_TEXT).build();
    }

    private static void gauge(StringBuilder text, String name, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" gauge\n");
    }

    /** A sample of one job; a job without the figure (no run in the hour) is left out. */
    private static void sample(StringBuilder text, String name, JobFigures job, String label, Number value) {
        if (value == null) {
            return;
        }
        text.append(name).append("{job=\"").append(job.jobId()).append("\",plugin=\"").append(job.pluginId())
                .append('"').append(label == null ? "" : "," + label).append("} ")
                .append(value instanceof Double number ? String.format(Locale.ROOT, "%.3f", number) : value)
                .append('\n');
    }

    private static Double seconds(Duration duration) {
        return duration == null ? null : duration.toMillis() / 1000.0;
    }
}
