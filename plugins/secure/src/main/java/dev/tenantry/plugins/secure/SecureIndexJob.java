package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.secure.history.PostureStore;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.pf4j.Extension;

/**
 * Keeps each tenant's latest posture, which the fleet and the dashboard list and count, in step with its scans without
 * a page ever doing it: for every tenant the plugin works in, it writes the record when there is none (a tenant not
 * scanned yet, or scanned by a version of the plugin before 1.1.0: from its newest stored scan, with its days for the
 * trends), and writes it again when an exception applied in it lapsed or the tenant was renamed. Being a job of its own,
 * it first runs for every tenant as soon as the plugin starts; then every six hours, reading one record per tenant.
 */
@Extension
public class SecureIndexJob implements TenantJob {

    static final Duration INTERVAL = Duration.ofHours(6);

    @HostService
    private PluginRecords records;

    @HostService
    private PluginTenants tenants;

    @Override
    public String id() {
        return SecureIds.PLUGIN + ".index";
    }

    @Override
    public Duration every() {
        return INTERVAL;
    }

    @Override
    public void run(String tenantId, JobProgress progress) {
        progress.report(0, 1, "Checking the tenant's latest posture");
        String done = new PostureStore(records, tenants).index(tenantId, LocalDate.now(ZoneOffset.UTC));
        progress.report(1, 1, "Latest posture " + done);
    }
}
