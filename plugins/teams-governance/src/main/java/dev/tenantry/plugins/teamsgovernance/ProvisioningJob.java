package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.teamsgovernance.provisioning.Provisioner;
import dev.tenantry.plugins.teamsgovernance.requests.RequestStore;
import dev.tenantry.plugins.teamsgovernance.requests.Requests;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Provisions a tenant's approved requests when asked (an approval, a retry, Microsoft still making a team), and once
 * an hour besides to make up for an ask that was lost: each request as far as it can go now, the earliest approved
 * first, never two runs of a tenant at once; a team Microsoft is still making asks for the next run when to look again.
 */
@Extension
public class ProvisioningJob implements TenantJob {

    static final String ID = Requests.PROVISION_JOB;
    static final int BATCH = 50;

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginClaims claims;

    @HostService
    private PluginSchedule schedule;

    @HostService
    private PluginAudit audit;

    @HostService
    private PluginNotifications notifications;

    @HostService
    private dev.tenantry.plugin.api.PluginSecrets secrets;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Duration every() {
        return Duration.ofHours(1);
    }

    @Override
    public boolean whenAsked() {
        return true;
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        claims.exclusively(tenantId, "provision", Duration.ofMinutes(30), () -> {
            provisionAll(tenantId, progress);
            return Boolean.TRUE;
        });
    }

    private void provisionAll(String tenantId, JobProgress progress) throws Exception {
        RequestStore store = new RequestStore(records);
        List<TeamRequest> due = store.find(RecordQuery.of(RequestStore.REQUEST).inTenant(tenantId)
                .in("state", List.of(TeamRequest.APPROVED, TeamRequest.PROVISIONING)).orderBy("decided", false),
                0, BATCH);
        Provisioner provisioner = new Provisioner(graph, store, audit, notifications, Clock.systemUTC())
                .following(new dev.tenantry.plugins.teamsgovernance.lifecycle.Lifecycle(graph, records, audit,
                        notifications, schedule, secrets, Clock.systemUTC()));
        Optional<Instant> again = Optional.empty();
        int done = 0;
        for (TeamRequest request : due) {
            if (progress.cancelled()) {
                break;
            }
            progress.report(done, due.size(), "Provisioning " + request.displayName());
            Provisioner.Outcome outcome = provisioner.provision(tenantId, request.id());
            if (outcome.again().isPresent() && (again.isEmpty() || outcome.again().get().isBefore(again.get()))) {
                again = outcome.again();
            }
            done++;
        }
        if (due.size() == BATCH) {
            again = Optional.of(Instant.now());
        }
        again.ifPresent(at -> schedule.runAt(ID, tenantId, at));
        progress.report(done, Math.max(done, due.size()), done + " request(s) taken as far as they go now");
    }
}
