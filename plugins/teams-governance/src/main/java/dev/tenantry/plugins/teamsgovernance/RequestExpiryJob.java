package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.teamsgovernance.requests.Requests;
import java.time.Clock;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * Expires the requests of a tenant that nobody decided within {@code tenantry.plugin.teams-governance.request-expiry}
 * (ISO-8601, seven days by default, at least an hour), telling their requesters. It runs when a request asks for it
 * (its submission asks for a run at its expiry), and once a day besides; a fleet is not visited every hour for it.
 */
@Extension
public class RequestExpiryJob implements TenantJob {

    @HostService
    private PluginRecords records;

    @HostService
    private PluginAudit audit;

    @HostService
    private PluginNotifications notifications;

    @HostService
    private PluginSettings settings;

    @Override
    public String id() {
        return Requests.EXPIRE_JOB;
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
        progress.report(0, 1, "Expiring requests nobody decided");
        int expired = new Requests(null, records, audit, notifications, null, Clock.systemUTC())
                .expire(tenantId, Requests.expiry(settings));
        progress.report(1, 1, expired + " request(s) expired");
    }
}
