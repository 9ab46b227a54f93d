package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.usermanagement.bulk.BulkImport;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Creates the rows of each tenant's queued CSV imports, every {@code tenantry.plugin.user-management.bulk-check}
 * (a minute by default), under the tenant's claim so that one server works an import at a time; an import a stopped
 * server left running goes on from its first row not done.
 */
@Extension
public class BulkJob implements TenantJob {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginSettings settings;

    @HostService
    private PluginClaims claims;

    @HostService
    private PluginAudit audit;

    @HostService
    private PluginSecrets secrets;

    @Override
    public String id() {
        return UserIds.PLUGIN + ".bulk";
    }

    @Override
    public Duration every() {
        return settings == null ? DEFAULT_INTERVAL
                : settings.getDuration("bulk-check", DEFAULT_INTERVAL, Duration.ofMinutes(1));
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        Optional<Integer> created = runDue(new BulkImport(graph, records, audit, secrets, Clock.systemUTC()), claims,
                tenantId);
        progress.report(1, 1, created.map(count -> count + " user(s) created from imports")
                .orElse("Another server works this tenant's imports now"));
    }

    /** Works the tenant's queued imports holding its claim; empty when someone else holds it. */
    public static Optional<Integer> runDue(BulkImport imports, PluginClaims claims, String tenantId) throws Exception {
        return claims.exclusively(tenantId, "bulk-create", Duration.ofHours(2), () -> imports.runDue(tenantId));
    }
}
