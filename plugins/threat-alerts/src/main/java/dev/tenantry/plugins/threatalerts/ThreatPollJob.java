package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.threatalerts.alerts.DetectionPoller;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import dev.tenantry.plugins.threatalerts.routing.Router;
import java.time.Clock;
import java.time.Duration;
import org.pf4j.Extension;
import org.slf4j.LoggerFactory;

/**
 * Polls each tenant's risk detections every {@code tenantry.plugin.threat-alerts.poll-interval} (ISO-8601, at least a
 * minute; five minutes by default). A poll that fails is retried at the next run without losing anything. Incidents a
 * poll opens or makes more severe go to the routing rules, and digests whose quiet hours are over go out.
 *
 * <p>The first run in a tenant after an upgrade from a version before 1.3.0 first writes the tenant's records again
 * with their indexed fields ({@link ThreatStore#upgrade}); later runs find that done in one read.
 */
@Extension
public class ThreatPollJob implements TenantJob {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginSettings settings;

    @HostService
    private PluginTenants tenants;

    @HostService
    private PluginNotifications notifications;

    @HostService
    private PluginSecrets secrets;

    @HostService
    private PluginClaims claims;

    @Override
    public String id() {
        return ThreatIds.PLUGIN + ".poll";
    }

    @Override
    public Duration every() {
        return settings == null ? DEFAULT_INTERVAL
                : settings.getDuration("poll-interval", DEFAULT_INTERVAL, Duration.ofMinutes(1));
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        progress.report(0, 1, "Reading risk detections");
        upgrade(new ThreatStore(records), tenantId);
        Router router = new Router(records, tenants, notifications, secrets, Clock.systemUTC());
        try {
            ThreatStore.PollStatus status = new DetectionPoller(graph, claims, new ThreatStore(records),
                    Clock.systemUTC(), router).poll(tenantId);
            progress.report(1, 1, status.message());
        } finally {
            router.sendWaiting();
        }
    }

    /**
     * Gives the tenant's records written before 1.3.0 their indexed fields; a failure is logged and never stops the
     * poll (the next one tries again).
     */
    static void upgrade(ThreatStore store, String tenantId) {
        try {
            int written = store.upgrade(tenantId);
            if (written > 0) {
                LoggerFactory.getLogger(ThreatPollJob.class).info("Wrote {} Threat Alerts record(s) of tenant {} "
                        + "again with their indexed fields", written, tenantId);
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ThreatPollJob.class).warn("The records of tenant {} could not be given their "
                    + "indexed fields now; the next poll tries again: {}", tenantId, e.toString());
        }
    }
}
