package dev.tenantry.portal.plugin;

import java.time.Instant;

/**
 * The last run of a plugin job in a tenant.
 *
 * @param outcome RUNNING, SUCCESS, FAILED, CONSENT_REQUIRED (the tenant has not granted a
 *                   scope set the job needs) or UNAVAILABLE (Microsoft could not answer)
 * @param message the last progress message, or the failure
 */
public record JobRun(String jobId, String tenantId, String pluginId, Instant startedAt, Instant finishedAt,
        String outcome, String message) {
}
