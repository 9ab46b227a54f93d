package dev.tenantry.portal.plugin;

import java.time.Duration;

/**
 * How a scheduled job keeps up with the fleet, over every node: what Settings → Plugins and the jobs metrics show.
 *
 * @param window       how far back the figures look (an hour unless asked otherwise)
 * @param runsLastHour runs started in the window (scheduled or started by a person)
 * @param tenantsRun   distinct tenants the job ran in during the window
 * @param tenants      tenants the job works in now: its coverage is {@code tenantsRun / tenants} over a window of
 *                     at least its interval
 * @param lagP50       the median of how late scheduled runs started after they were due, in the window; null
 *                     without any
 * @param lagP95       its 95th percentile
 * @param queued       runs due now and not started
 * @param deferred     runs Microsoft throttled, waiting for its {@code Retry-After}
 * @param running      runs going on now
 */
public record JobFigures(String jobId, String pluginId, Duration every, Duration window, long runsLastHour,
        long tenantsRun, long tenants, Duration lagP50, Duration lagP95, long queued, long deferred, long running) {
}
