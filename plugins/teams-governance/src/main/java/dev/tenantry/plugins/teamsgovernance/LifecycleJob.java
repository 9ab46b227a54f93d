package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.teamsgovernance.lifecycle.Lifecycle;
import java.time.Clock;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * Asks the owners of expiring teams to renew them, and archives those nobody renewed, in a tenant when one is due
 * (each team asks for the run at its next date) and once a day besides.
 */
@Extension
public class LifecycleJob implements TenantJob {

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginAudit audit;

    @HostService
    private PluginNotifications notifications;

    @HostService
    private PluginSchedule schedule;

    @HostService
    private PluginSecrets secrets;

    @HostService
    private PluginClaims claims;

    @Override
    public String id() {
        return Lifecycle.JOB;
    }

    @Override
    public Duration every() {
        return Duration.ofDays(1);
    }

    @Override
    public boolean whenAsked() {
        return true;
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        progress.report(0, 1, "Expiring teams");
        int changed = claims.exclusively(tenantId, "lifecycle", Duration.ofMinutes(30), () -> new Lifecycle(graph,
                records, audit, notifications, schedule, secrets, Clock.systemUTC()).run(tenantId)).orElse(0);
        progress.report(1, 1, changed + " team(s) asked to renew or archived");
    }
}
