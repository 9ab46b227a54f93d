package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginSchedule;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/** One plugin's {@link PluginSchedule}: asks the host's job queue for runs of the plugin's own jobs only. */
final class HostPluginSchedule implements PluginSchedule, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String pluginId;

    HostPluginSchedule(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public void runAt(String jobId, String tenantId, Instant at) {
        if (jobId == null || tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("A run is asked for with a job id and a tenant");
        }
        HostBeans.get().jobAsks().fire(new dev.tenantry.portal.plugin.JobAsked(pluginId, jobId, tenantId, at));
    }
}
