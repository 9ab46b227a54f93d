package dev.tenantry.plugin.api;

import java.time.Instant;

/**
 * Asks the host's scheduler for a run of one of the plugin's {@link TenantJob}s in a tenant at a time: for work that is
 * due only sometimes in a tenant (an offboarding planned for Friday, an import just queued), so that a job
 * {@linkplain TenantJob#whenAsked() run when asked} is not started in every tenant of the fleet each minute to find
 * nothing to do. The request is kept in the host's database, seen by every Tenantry server, and survives a restart.
 *
 * @since 1.9.0
 */
public interface PluginSchedule {

    /**
     * Asks for a run of {@code jobId} in {@code tenantId} at {@code at} (a time past means now). It starts then, as the
     * scheduler's slots allow; an earlier run already asked for or scheduled stays the earlier. Asked while the job runs
     * in the tenant, it runs again after, at {@code at} or as soon as the run ends. A run Microsoft throttled keeps the
     * time Microsoft asked it to wait. In a tenant the plugin does not work in now (switched off there), it runs when
     * the plugin works there again.
     *
     * @param jobId one of this plugin's {@link TenantJob#id()}s
     * @throws IllegalArgumentException when {@code jobId} is not one of this plugin's jobs
     */
    void runAt(String jobId, String tenantId, Instant at);
}
