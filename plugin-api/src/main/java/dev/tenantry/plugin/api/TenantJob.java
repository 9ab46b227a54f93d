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

    /** How often it runs for each tenant; at least a minute. */
    Duration every();

    /**
     * Runs once for one tenant. An exception ends the run as failed, with its message shown; the next run comes as
     * scheduled.
     */
    void run(String tenantId, JobProgress progress) throws Exception;
}
