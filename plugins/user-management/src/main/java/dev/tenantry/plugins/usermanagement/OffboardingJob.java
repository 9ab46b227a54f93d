package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.usermanagement.offboarding.Offboarding;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Runs each tenant's offboardings when their time comes: a plan released asks for a run at its time
 * ({@link PluginSchedule}), so the fleet's tenants are not visited each minute to find nothing; a run asks for the next
 * plan's time itself. Besides, it runs in each tenant every {@code tenantry.plugin.user-management.offboarding-check}
 * (ISO-8601, an hour by default), which resumes a plan a stopped server left running and makes up for an ask that was
 * lost. A tenant's offboardings run one at a time on any server ({@link PluginClaims}), so a plan never runs twice.
 */
@Extension
public class OffboardingJob implements TenantJob {

    public static final String ID = UserIds.PLUGIN + ".offboarding";
    static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    /** Longer than an offboarding of a plan's users takes; a stopped server's claim frees after it. */
    static final Duration LEASE = Duration.ofHours(1);
    /** How soon a run asks for the next when plans were left due. */
    static final Duration AGAIN = Duration.ofMinutes(1);

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
    private PluginSchedule schedule;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Duration every() {
        return settings == null ? DEFAULT_INTERVAL
                : settings.getDuration("offboarding-check", DEFAULT_INTERVAL, Duration.ofMinutes(1));
    }

    @Override
    public boolean whenAsked() {
        return true;
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        Offboarding offboarding = new Offboarding(graph, records, audit, Clock.systemUTC());
        Optional<Integer> ran = runDue(offboarding, claims, tenantId);
        if (ran.isPresent()) {
            // The next plan's time; a plan still due (more than one run takes) a minute on, so that a plan that
            // cannot run never keeps a slot busy (whoever holds the claim runs them otherwise)
            Instant soon = Instant.now().plus(AGAIN);
            offboarding.nextScheduled(tenantId).ifPresent(at -> schedule.runAt(ID, tenantId, at.isBefore(soon) ? soon
                    : at));
        }
        progress.report(1, 1, ran.map(count -> count + " offboarding plan(s) ran").orElse("Another server runs "
                + "this tenant's offboardings now"));
    }

    /** Runs the tenant's due plans holding its offboarding claim; empty when someone else holds it. */
    public static Optional<Integer> runDue(Offboarding offboarding, PluginClaims claims, String tenantId) throws Exception {
        return claims.exclusively(tenantId, "offboarding", LEASE, () -> {
            List<OffboardingPlan> due = offboarding.due(tenantId);
            due.forEach(offboarding::run);
            return due.size();
        });
    }
}
