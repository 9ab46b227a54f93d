package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.PluginTasks;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.SyncState;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * Syncs each tenant's directory every {@code tenantry.plugin.user-management.sync-interval} (ISO-8601, at least a
 * minute; an hour by default): by delta, and in full every {@code full-sync-interval} (a day by default; at least an
 * hour), which also reads what delta does not carry (last sign-ins, MFA registration). A tenant whose consent is
 * missing, or where Microsoft is unavailable, is recorded so (the run ends "consent required" or "unavailable") and
 * tried again at the next run.
 */
@Extension
public class UserSyncJob implements TenantJob {

    static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    static final Duration DEFAULT_FULL_INTERVAL = Duration.ofDays(1);

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginSettings settings;

    @HostService
    private PluginClaims claims;

    @HostService
    private PluginTasks tasks;

    @Override
    public String id() {
        return UserIds.PLUGIN + ".sync";
    }

    @Override
    public Duration every() {
        return settings == null ? DEFAULT_INTERVAL
                : settings.getDuration("sync-interval", DEFAULT_INTERVAL, Duration.ofMinutes(1));
    }

    /** How often a tenant's directory is read in full. */
    static Duration fullEvery(PluginSettings settings) {
        return settings == null ? DEFAULT_FULL_INTERVAL
                : settings.getDuration("full-sync-interval", DEFAULT_FULL_INTERVAL, Duration.ofHours(1));
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        progress.report(0, 1, "Reading the directory");
        SyncState state = new DirectorySync(graph, new UserStore(records), claims, tasks, Clock.systemUTC(),
                fullEvery(settings)).sync(tenantId, false);
        progress.report(1, 1, state.message());
        // The run's outcome as the portal's job list shows it: consent missing and Microsoft unavailable are told
        // apart from a failure
        switch (SyncState.Outcome.valueOf(state.outcome())) {
            case SYNCED -> {
            }
            case CONSENT_REQUIRED -> throw new ConsentRequiredException(graph.consent(tenantId,
                    UserIds.DIRECTORY_SCOPES));
            case UNAVAILABLE -> throw new GraphUnavailableException(state.message(), null, null);
            default -> throw new IllegalStateException(state.message());
        }
    }
}
