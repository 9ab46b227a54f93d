package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginWork;
import dev.tenantry.portal.plugin.PluginWorks;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** One plugin's {@link PluginWork}: its work carries its id and runs as done for who started it. */
final class HostPluginWork implements PluginWork, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Runs a worker thread's part as done for the member of staff who started the work. */
    private static final PluginWorks.Runner AS_USER = new PluginWorks.Runner() {
        @Override
        public <T> T as(String user, Callable<T> body) throws Exception {
            return ActingUser.as(user, body);
        }
    };

    private final String pluginId;

    HostPluginWork(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public String start(String title, String tenantId, Work work) {
        return works().start(pluginId, title, tenantId, work, AS_USER);
    }

    @Override
    public String startEach(String title, List<String> tenants, TenantWork each) {
        return works().startEach(pluginId, title, tenants, each, AS_USER);
    }

    @Override
    public Optional<WorkStatus> status(String workId) {
        return works().status(pluginId, workId);
    }

    private static PluginWorks works() {
        return HostBeans.get().works();
    }
}
