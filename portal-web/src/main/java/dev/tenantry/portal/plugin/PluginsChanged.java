package dev.tenantry.portal.plugin;

/**
 * A plugin started or stopped, or was switched on or off in a tenant: what it schedules changed. Fired by
 * the plugin lifecycle; the job scheduler looks again at once instead of at its next tick.
 */
public record PluginsChanged(String pluginId) {
}
