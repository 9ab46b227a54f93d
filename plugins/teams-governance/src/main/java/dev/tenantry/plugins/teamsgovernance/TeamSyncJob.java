package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.plugins.teamsgovernance.teams.TeamStore;
import dev.tenantry.plugins.teamsgovernance.teams.TeamSync;
import java.time.Clock;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * Reads each tenant's teams every {@code tenantry.plugin.teams-governance.read-interval} (ISO-8601, at least a
 * minute; six hours by default) for the teams table. A tenant whose consent is missing, or where Microsoft is
 * unavailable, ends its run so, and is tried again at the next one.
 */
@Extension
public class TeamSyncJob implements TenantJob {

    static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginSettings settings;

    @HostService
    private PluginClaims claims;

    @Override
    public String id() {
        return TeamsIds.PLUGIN + ".read-teams";
    }

    @Override
    public Duration every() {
        return settings == null ? DEFAULT_INTERVAL
                : settings.getDuration("read-interval", DEFAULT_INTERVAL, Duration.ofMinutes(1));
    }

    @Override
    public void run(String tenantId, JobProgress progress) throws Exception {
        progress.report(0, 1, "Reading the tenant's teams");
        TeamStore.ReadState state = new TeamSync(graph, new TeamStore(records), claims, Clock.systemUTC())
                .read(tenantId);
        progress.report(1, 1, state.message());
        switch (state.outcome()) {
            case TeamStore.ReadState.READ, "RUNNING" -> {
            }
            case "CONSENT_REQUIRED" -> throw new ConsentRequiredException(graph.consent(tenantId,
                    TeamsIds.BASIC_SCOPES));
            case "UNAVAILABLE" -> throw new GraphUnavailableException(state.message(), null, null);
            default -> throw new IllegalStateException(state.message());
        }
    }
}
