package dev.tenantry.portal.plugin;

import java.time.Instant;

/**
 * A plugin asks for a run of its job {@code jobId} in {@code tenantId} at {@code at} ({@code PluginSchedule.runAt}).
 * Fired synchronously by the plugin's host service; the job scheduler keeps it in its queue, or refuses a job that is
 * not the plugin's with {@link IllegalArgumentException}, which reaches the plugin.
 */
public record JobAsked(String pluginId, String jobId, String tenantId, Instant at) {
}
