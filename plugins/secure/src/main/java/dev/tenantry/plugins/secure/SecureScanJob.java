package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.history.ScanRecord;
import java.time.Clock;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * The scheduled posture scan: every tenant the plugin works in, every {@code tenantry.plugin.secure.scan-interval}
 * (ISO-8601, at least a minute; a day by default), run by the host within its limits.
 */
@Extension
public class SecureScanJob implements TenantJob {

    static final Duration DEFAULT_INTERVAL = Duration.ofDays(1);

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginAudit audit;

    @HostService
    private PluginSettings settings;

    @HostService
    private PluginTenants tenants;

    @Override
    public String id() {
        return SecureIds.PLUGIN + ".scan";
    }

    @Override
    public Duration every() {
        return settings == null ? DEFAULT_INTERVAL
                : settings.getDuration("scan-interval", DEFAULT_INTERVAL, Duration.ofMinutes(1));
    }

    @Override
    public void run(String tenantId, JobProgress progress) {
        progress.report(0, 1, "Scanning");
        ScanRecord scan = new PostureScanner(graph, new PostureStore(records, tenants), audit, Clock.systemUTC())
                .scan(tenantId, "schedule");
        progress.report(1, 1, scan.passRate().map(rate -> "Checks passed: " + rate + " %")
                .orElse("No check could be evaluated"));
    }
}
