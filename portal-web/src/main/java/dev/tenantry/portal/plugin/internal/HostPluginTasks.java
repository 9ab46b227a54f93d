package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginTasks;
import dev.tenantry.portal.graph.GraphMetrics;
import dev.tenantry.portal.plugin.PluginCaller;
import dev.tenantry.portal.plugin.PluginCode;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * One plugin's {@link PluginTasks}: a task runs on the host's task threads in its caller's context, taken when it is
 * started: the permission grant plugin code runs under ({@link PluginCaller}), the member of staff background work is
 * done for, the tenant Graph requests are counted for, and the caller's context class loader (the plugin's own).
 */
final class HostPluginTasks implements PluginTasks, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String pluginId;

    HostPluginTasks(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public <T> Future<T> beside(Callable<T> task) {
        if (task == null) {
            throw new IllegalArgumentException("Plugin " + pluginId + " started no task");
        }
        PluginCaller.Grant grant = PluginCaller.current().orElse(null);
        String user = ActingUser.background().orElse(null);
        String tenant = GraphMetrics.currentTenant().orElse(null);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return HostBeans.get().tasks().beside(() -> PluginCode.call(loader, () -> PluginCaller.as(grant,
                () -> ActingUser.as(user, () -> GraphMetrics.as(tenant, task)))));
    }
}
