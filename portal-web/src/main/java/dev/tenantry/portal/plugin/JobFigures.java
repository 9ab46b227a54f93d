package dev.tenantry.portal.plugin;

import java.time.Duration;

/**
 * How a scheduled job keeps up with the fleet, over every node: what Settings → Plugins and the jobs metrics show.
 *
 * @param runsLastHour runs started in the last hour (scheduled or started by a person)
 * @param lagP50       the median of how late scheduled runs started after they were due, in the last hour; null
 *                     without any
 * @param lagP95       its 95th percentile
 * @param queued       runs due now and not started
 * @param deferred     runs Microsoft throttled, waiting for its {@code Retry-After}
 * @param running      runs going on now
 */
public record JobFigures(String jobId, String pluginId, Duration every, long runsLastHour, Duration lagP50,
        Duration lagP95, long queued, long deferred, long running) {
}
