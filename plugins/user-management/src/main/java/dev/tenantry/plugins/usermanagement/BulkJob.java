package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.usermanagement.bulk.BulkImport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Creates the rows of each tenant's queued CSV imports, under the tenant's claim so that one server works an import at a
 * time: an import queued asks for a run at once ({@link PluginSchedule}), so the fleet's tenants are not visited each
 * minute to find nothing. Besides, it runs in each tenant every {@code tenantry.plugin.user-management.bulk-check}
 * (ISO-8601, an hour by default): an import a stopped server left running goes on from its first row not done.
 */
@Extension
public class BulkJob implements TenantJob {

    public static final String ID = UserIds.PLUGIN + ".bulk";
    static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

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

    @HostService
    private PluginSchedule schedule;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Duration every() {
        return settings == null ? DEFAULT_INTERVAL
                : settings.getDuration("bulk-check", DEFAULT_INTERVAL, Duration.ofMinutes(1));
    }

    @Override
    public boolean whenAsked() {
        return true;
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        BulkImport imports = new BulkImport(graph, records, audit, secrets, Clock.systemUTC());
        Optional<Integer> created = runDue(imports, claims, tenantId);
        if (created.isPresent() && imports.waiting(tenantId)) {
            // More imports queued than one run works: the next run a minute on (never a slot kept busy in a loop)
            schedule.runAt(ID, tenantId, Instant.now().plus(Duration.ofMinutes(1)));
        }
        progress.report(1, 1, created.map(count -> count + " user(s) created from imports")
                .orElse("Another server works this tenant's imports now"));
    }

    /** Works the tenant's queued imports holding its claim; empty when someone else holds it. */
    public static Optional<Integer> runDue(BulkImport imports, PluginClaims claims, String tenantId) throws Exception {
        return claims.exclusively(tenantId, "bulk-create", Duration.ofHours(2), () -> imports.runDue(tenantId));
    }
}
