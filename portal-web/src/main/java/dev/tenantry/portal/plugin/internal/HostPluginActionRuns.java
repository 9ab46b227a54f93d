package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginActionRuns;
import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;

/**
 * A plugin's way to run its own tenant actions from its pages: the host's action runner ({@link OwnActionRuns}) as the
 * portal's tenant actions page uses it (permission in the tenant, checked parameters, the approval policy's bulk
 * rule, audit), limited to the plugin's own actions, and what became of its own submissions that went to approval.
 */
final class HostPluginActionRuns implements PluginActionRuns, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String pluginId;

    HostPluginActionRuns(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public Submitted submit(String actionId, String tenantId, Map<String, String> parameters, int items,
            String reason) {
        return HostBeans.get().actions().submitOwn(pluginId, actionId, tenantId, parameters, items, reason);
    }

    @Override
    public Map<String, Decision> decisions(Collection<String> approvalIds) {
        return HostBeans.get().actions().decisionsOwn(pluginId, approvalIds);
    }
}
