package dev.tenantry.portal.plugin;

import java.time.Duration;
import java.time.Instant;

/**
 * The last run of a plugin job in a tenant, and when the next is due.
 *
 * @param startedAt null when it never ran yet
 * @param outcome   RUNNING, SUCCESS, FAILED, CONSENT_REQUIRED (the tenant has not granted a scope set the job needs),
 *                  UNAVAILABLE (Microsoft could not answer), THROTTLED (Microsoft asked to wait: it comes back at
 *                  {@code dueAt}) or CANCELLED (the plugin stopped or was switched off there); null before the first
 * @param message   the last progress message, or the failure
 * @param dueAt     when the next run is due; null while the job does not work in the tenant (the tenant is not active,
 *                  the plugin is switched off there or not enabled)
 * @param lag       how late the last run started after it was due; null for a run a person started
 */
public record JobRun(String jobId, String tenantId, String pluginId, Instant startedAt, Instant finishedAt,
        String outcome, String message, Instant dueAt, Duration lag) {
}
