package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginClaims;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** One plugin's {@link PluginClaims}: the host's run claims, under the plugin's own id. */
final class HostPluginClaims implements PluginClaims, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String pluginId;

    HostPluginClaims(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public <T> Optional<T> exclusively(String tenantId, String key, Duration lease, Callable<T> body)
            throws Exception {
        return HostBeans.get().claims().exclusively(pluginId, tenantId, key, lease, body);
    }
}
