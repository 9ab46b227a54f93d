package dev.tenantry.plugins.teamsgovernance.teams;

import com.microsoft.graph.models.Team;
import com.microsoft.graph.models.TeamCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphBatch;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tenant's teams into the {@link TeamStore}, as the tenant's integration account with the basic scope set:
 * the teams a page at a time ({@code GET /teams}), and for each page its teams' visibility, archive state and owner,
 * member and guest counts ({@code GET /teams/{id}}, which Microsoft answers with a summary of the membership), sent
 * together in {@code $batch}es of twenty while the page before is written. Teams the read did not find are removed
 * afterwards, so the store always holds what the tenant has. A read never overlaps another of the same tenant
 * (a claim in the host's database), and what stops it (consent, Microsoft unavailable) is kept as the tenant's state.
 */
public final class TeamSync {

    static final Duration LEASE = Duration.ofMinutes(30);
    static final int ROUNDS = 3;

    private final GraphAccess graph;
    private final TeamStore store;
    private final PluginClaims claims;
    private final Clock clock;

    public TeamSync(GraphAccess graph, TeamStore store, PluginClaims claims, Clock clock) {
        this.graph = graph;
        this.store = store;
        this.claims = claims;
        this.clock = clock;
    }

    /**
     * Reads the tenant's teams now; nothing is thrown for what the tenant lacks (consent, Microsoft being
     * unavailable): the state says so.
     *
     * @return how the read went; the last read's state when another read of the tenant runs now
     */
    public TeamStore.ReadState read(String tenantId) throws Exception {
        Optional<TeamStore.ReadState> ran = claims.exclusively(tenantId, "read-teams", LEASE, () -> run(tenantId));
        return ran.orElseGet(() -> store.lastRead(tenantId).orElse(new TeamStore.ReadState("RUNNING",
                "Another read of this tenant's teams is running", 0, clock.instant(), null)));
    }

    private TeamStore.ReadState run(String tenantId) throws Exception {
        Instant started = clock.instant();
        Instant lastRead = store.lastRead(tenantId).map(TeamStore.ReadState::readAt).orElse(null);
        TeamStore.ReadState state;
        try {
            int teams = graph.call(tenantId, TeamsIds.BASIC_SCOPES, client -> readAll(client, tenantId, started));
            int removed = store.removeNotReadSince(tenantId, started);
            state = new TeamStore.ReadState(TeamStore.ReadState.READ, teams + " team(s) read"
                    + (removed == 0 ? "" : ", " + removed + " gone since the last read"), teams, started,
                    clock.instant());
        } catch (ConsentRequiredException e) {
            state = new TeamStore.ReadState("CONSENT_REQUIRED", "Consent needed: " + String.join(", ", e.missing()),
                    0, started, lastRead);
        } catch (GraphUnavailableException e) {
            state = new TeamStore.ReadState("UNAVAILABLE", "Microsoft Graph is unavailable now; the next read tries "
                    + "again" + e.retryAfter().map(wait -> " (asked to wait " + wait.toSeconds() + " s)").orElse(""),
                    0, started, lastRead);
        } catch (ODataError e) {
            state = new TeamStore.ReadState("FAILED", "Microsoft Graph answered " + e.getResponseStatusCode() + ": "
                    + (e.getError() == null ? e.getMessage() : e.getError().getMessage()), 0, started, lastRead);
        }
        store.read(tenantId, state);
        return state;
    }

    /** Every team, page by page, each page's details in one go; how many were written. */
    private int readAll(GraphServiceClient client, String tenantId, Instant readAt) throws Exception {
        TeamCollectionResponse page = client.teams().get(request -> request.queryParameters.select = new String[] {
            "id", "displayName", "description"});
        int written = 0;
        while (page != null) {
            List<Team> listed = page.getValue() == null ? List.of() : page.getValue();
            List<TeamRow> rows = details(client, listed);
            store.putAll(tenantId, rows, readAt);
            written += rows.size();
            String next = page.getOdataNextLink();
            page = next == null ? null : client.teams().withUrl(next).get();
        }
        return written;
    }

    /**
     * The listed teams with what {@code GET /teams/{id}} adds, in one batch of requests; a team deleted between the
     * list and its details is left out, any other refusal stops the read.
     */
    private static List<TeamRow> details(GraphServiceClient client, List<Team> listed) throws Exception {
        Map<String, RequestInformation> requests = new LinkedHashMap<>();
        for (Team team : listed) {
            requests.put(team.getId(), client.teams().byTeamId(team.getId()).toGetRequestInformation());
        }
        Map<String, GraphBatch.Answer> answers = requests.isEmpty() ? Map.of()
                : GraphBatch.send(client, requests, ROUNDS);
        List<TeamRow> rows = new ArrayList<>(listed.size());
        for (Team team : listed) {
            GraphBatch.Answer answer = answers.get(team.getId());
            if (answer.status() == 404) {
                continue;
            }
            rows.add(row(answer.orThrow().body(Team::createFromDiscriminatorValue)));
        }
        return rows;
    }

    /** A team as the store keeps it. */
    static TeamRow row(Team team) {
        var summary = team.getSummary();
        return new TeamRow(team.getId(), team.getDisplayName() == null ? "" : team.getDisplayName(),
                team.getDescription(), team.getVisibility() == null ? "public"
                        : team.getVisibility().getValue().toLowerCase(Locale.ROOT),
                Boolean.TRUE.equals(team.getIsArchived()),
                summary == null || summary.getOwnersCount() == null ? -1 : summary.getOwnersCount(),
                summary == null || summary.getMembersCount() == null ? -1 : summary.getMembersCount(),
                summary == null || summary.getGuestsCount() == null ? -1 : summary.getGuestsCount(), -1,
                team.getCreatedDateTime() == null ? null : team.getCreatedDateTime().toInstant());
    }
}
