package dev.tenantry.plugin.api;

import java.time.Duration;
import org.pf4j.ExtensionPoint;

/**
 * Work a plugin does for each tenant it serves, on a schedule (annotate the class {@code @org.pf4j.Extension}): the
 * host runs it for every tenant the plugin works in, at most one job per tenant at a time and a limited number at once
 * in all, and shows each run's outcome on Settings → Plugins. {@link HostService} fields are filled before a run.
 */
public interface TenantJob extends ExtensionPoint {

    /** Stable id, {@code <plugin-id>.<job>}. */
    String id();

    /**
     * How often it runs for each tenant; at least a minute. For a job {@linkplain #whenAsked() run when asked}: the
     * longest a tenant goes without a run when nobody asks (what makes up for an ask that was lost).
     */
    Duration every();

    /**
     * Whether the job runs in a tenant when the plugin asks for it ({@link PluginSchedule#runAt}), besides once every
     * {@link #every()}, rather than every {@code every()} only: for work due only sometimes in a tenant (a planned
     * offboarding, a queued import), which a fleet of thousands of tenants must not be visited for each minute. The run
     * should ask for its next run itself when it leaves work for later. In a tenant first seen it first runs one
     * {@code every()} on, unless asked sooner.
     *
     * @since 1.9.0
     */
    default boolean whenAsked() {
        return false;
    }

    /**
     * Runs once for one tenant. An exception ends the run as failed, with its message shown; the next run comes as
     * scheduled.
     */
    void run(String tenantId, JobProgress progress) throws Exception;
}
