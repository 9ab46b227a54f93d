package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginActionRuns;
import java.util.Collection;
import java.util.Map;

/**
 * Runs a plugin's own tenant action for the signed-in member of staff, as the portal's tenant actions do (permission,
 * checked parameters, approval policy, audit), and reads what became of those that went to approval. The plugin
 * host's action runner implements it; the host services reach it through this interface, which keeps them below the
 * runner.
 */
public interface OwnActionRuns {

    /**
     * @throws IllegalArgumentException for an action that is not {@code pluginId}'s
     * @throws SecurityException        when the person may not run it in the tenant
     */
    PluginActionRuns.Submitted submitOwn(String pluginId, String actionId, String tenantId,
            Map<String, String> parameters, int items, String reason);

    /**
     * What became of {@code pluginId}'s own submissions among {@code approvalIds} that went to approval; the others
     * are absent.
     *
     * @throws IllegalArgumentException for more than {@link PluginActionRuns#MAX_DECISIONS} ids
     */
    Map<String, PluginActionRuns.Decision> decisionsOwn(String pluginId, Collection<String> approvalIds);
}
