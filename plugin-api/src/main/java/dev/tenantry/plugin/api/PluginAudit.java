package dev.tenantry.plugin.api;

import java.util.Map;

/**
 * The audit log, for a plugin's privileged actions: each record names the plugin, the user and the tenant. Details
 * never carry secrets (the host refuses them).
 */
public interface PluginAudit {

    /**
     * Records an action that succeeded.
     *
     * @param action   {@code <verb>} or {@code <area>.<verb>}; the host prefixes the plugin's id
     * @param tenantId the tenant it concerned, or null
     * @param target   what it was done to
     */
    void record(String action, String tenantId, String target, Map<String, String> details);
}
