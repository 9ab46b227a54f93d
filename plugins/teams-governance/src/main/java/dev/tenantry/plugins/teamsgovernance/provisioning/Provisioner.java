package dev.tenantry.plugins.teamsgovernance.provisioning;

import com.microsoft.graph.models.AssignedLabel;
import com.microsoft.graph.models.Channel;
import com.microsoft.graph.models.ChannelCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.Team;
import com.microsoft.graph.models.TeamCollectionResponse;
import com.microsoft.graph.models.TeamsAsyncOperation;
import com.microsoft.graph.models.TeamsAsyncOperationStatus;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import dev.tenantry.plugins.teamsgovernance.requests.RequestStore;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import dev.tenantry.plugins.teamsgovernance.teams.TeamOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes an approved request's team, as the tenant's Teams service account, one step after the other, each step kept
 * in the request as it is done, so that a retry after a failure or a restart goes on where it stopped and never makes
 * a second team: the team itself ({@code POST /teams}, answered 202 with the address of Microsoft's operation, kept at
 * once and followed until done; if the answer was lost, a team of the name made since the approval is taken as this
 * one), then the private and shared channels (each looked for before it is made), then the sensitivity label. A step
 * Microsoft refuses fails the request with what was done and what was not; Microsoft being busy leaves it to be tried
 * again when Microsoft said.
 */
public final class Provisioner {

    /**
     * How soon to look again at a team Microsoft is still making, first: then twice as long each run, up to
     * {@link #FOLLOW_AT_MOST} (Microsoft makes most teams in seconds, some in minutes).
     */
    static final Duration FOLLOW = Duration.ofSeconds(2);
    static final Duration FOLLOW_AT_MOST = Duration.ofMinutes(1);

    private final GraphAccess graph;
    private final RequestStore store;
    private final PluginAudit audit;
    private final PluginNotifications notifications;
    private final Clock clock;
    private dev.tenantry.plugins.teamsgovernance.lifecycle.Lifecycle lifecycle;

    public Provisioner(GraphAccess graph, RequestStore store, PluginAudit audit, PluginNotifications notifications,
            Clock clock) {
        this.graph = graph;
        this.store = store;
        this.audit = audit;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** With the lifecycle that follows the expiry of the teams made from a template that sets one. */
    public Provisioner following(dev.tenantry.plugins.teamsgovernance.lifecycle.Lifecycle teams) {
        this.lifecycle = teams;
        return this;
    }

    /**
     * What a provisioning run came to.
     *
     * @param again when to run again (Microsoft is still making the team, or was busy); empty when nothing is left
     */
    public record Outcome(String state, String message, Optional<Instant> again) {
    }

    /** Takes a request of the tenant as far as it can go now. */
    public Outcome provision(String tenantId, String requestId) throws Exception {
        RequestStore.Read read = store.get(tenantId, requestId).orElseThrow(() -> new IllegalArgumentException(
                "No request " + requestId));
        TeamRequest request = read.request();
        if (!TeamRequest.APPROVED.equals(request.state()) && !TeamRequest.PROVISIONING.equals(request.state())) {
            return new Outcome(request.state(), "Nothing to provision", Optional.empty());
        }
        Instant now = clock.instant();
        request = request.with(TeamRequest.PROVISIONING, request.provisioning().attempt(now));
        long version = write(request, read.version());
        String step = "team";
        try {
            if (request.provisioning().teamId() == null) {
                request = startTeam(request);
                version = write(request, version);
            }
            if (!request.provisioning().did("team")) {
                Optional<String> failure = followTeam(request);
                if (failure == null) {
                    return new Outcome(TeamRequest.PROVISIONING, "Microsoft is making the team",
                            Optional.of(clock.instant().plus(follow(request.provisioning().attempts()))));
                }
                if (failure.isPresent()) {
                    return failed(request, version, step, failure.get());
                }
                request = request.with(TeamRequest.PROVISIONING, request.provisioning().withDone("team"));
                version = write(request, version);
            }
            for (TeamTemplate.ChannelSpec channel : request.template().channels()) {
                step = "channel:" + channel.name();
                if (channel.standard() || request.provisioning().did(step)) {
                    continue;
                }
                makeChannel(request, channel);
                request = request.with(TeamRequest.PROVISIONING, request.provisioning().withDone(step));
                version = write(request, version);
            }
            if (!request.template().labelId().isEmpty() && !request.provisioning().did("label")) {
                step = "label";
                label(request);
                request = request.with(TeamRequest.PROVISIONING, request.provisioning().withDone("label"));
                version = write(request, version);
            }
        } catch (GraphUnavailableException e) {
            Instant again = clock.instant().plus(e.retryAfter().orElse(Duration.ofMinutes(1)));
            return new Outcome(TeamRequest.PROVISIONING, "Microsoft Graph is busy; going on at " + again,
                    Optional.of(again));
        } catch (ConsentRequiredException e) {
            return failed(request, version, step, "the service account cannot do it: " + e.status().reason());
        } catch (ODataError e) {
            return failed(request, version, step, "Microsoft refused (HTTP " + e.getResponseStatusCode() + "): "
                    + (e.getError() == null ? e.getMessage() : e.getError().getMessage()));
        } catch (ApiException e) {
            return failed(request, version, step, "Microsoft refused (HTTP " + e.getResponseStatusCode() + ")");
        } catch (RecordConflictException e) {
            // Another run took the request meanwhile: it goes on from what it wrote
            throw e;
        } catch (Exception e) {
            return failed(request, version, step, e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()));
        }
        TeamRequest done = request.with(TeamRequest.PROVISIONED, request.provisioning().finished(clock.instant()));
        write(done, version);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", done.id());
        details.put("team", done.provisioning().teamId());
        details.put("template", done.template().name() + " v" + done.template().version());
        details.put("steps", String.join(", ", done.provisioning().done()));
        audit.record("team.provisioned", tenantId, done.displayName(), details);
        if (lifecycle != null && done.template().expiryDays() > 0) {
            lifecycle.follow(tenantId, done.provisioning().teamId(), done.displayName(), done.template().name(),
                    done.owners().stream().map(TeamRequest.Person::userPrincipalName).toList(),
                    done.template().expiryDays());
        }
        mail(done, "Your team " + done.displayName() + " is ready", "The team " + done.displayName()
                + " you requested has been created in Microsoft Teams, with its channels, owners and members.\n\n"
                + "Open it in Microsoft Teams; its owners can add more people there.");
        return new Outcome(TeamRequest.PROVISIONED, "Team " + done.displayName() + " made", Optional.empty());
    }

    /** How long to wait before the next look at a team being made, after {@code attempts} runs. */
    static Duration follow(int attempts) {
        Duration wait = FOLLOW.multipliedBy(1L << Math.min(10, Math.max(0, attempts - 1)));
        return wait.compareTo(FOLLOW_AT_MOST) > 0 ? FOLLOW_AT_MOST : wait;
    }

    /** Looks for the team made for this request before, else asks Microsoft to make it. */
    private TeamRequest startTeam(TeamRequest request) throws Exception {
        Optional<String> existing = madeBefore(request);
        if (existing.isPresent()) {
            return request.with(request.state(), request.provisioning().withTeam(existing.get(), null)
                    .withDone("team"));
        }
        HeadersInspectionOption headers = TeamOperation.answerHeaders();
        graph.call(request.tenantId(), TeamsIds.PROVISIONING_SCOPES, client -> client.teams().post(TeamRequestBody
                .of(request, client.getRequestAdapter().getBaseUrl()), config -> config.options.add(headers)));
        Optional<TeamOperation> operation = TeamOperation.of(headers);
        if (operation.isEmpty()) {
            // The answer had no operation to follow: find the team by its name once it is there
            Optional<String> made = madeBefore(request);
            if (made.isEmpty()) {
                throw new IllegalStateException("Microsoft accepted the team but named no operation to follow");
            }
            return request.with(request.state(), request.provisioning().withTeam(made.get(), null).withDone("team"));
        }
        return request.with(request.state(), request.provisioning().withTeam(operation.get().teamId(),
                operation.get().operationId()));
    }

    /**
     * The team of the request's name made since it was approved, if there is one: what a provisioning that lost
     * Microsoft's answer to its {@code POST /teams} made.
     */
    private Optional<String> madeBefore(TeamRequest request) throws Exception {
        Instant since = request.decidedAt() == null ? request.submittedAt() : request.decidedAt();
        return graph.call(request.tenantId(), TeamsIds.PROVISIONING_SCOPES, client -> {
            TeamCollectionResponse found = client.teams().get(get -> get.queryParameters.filter = "displayName eq '"
                    + request.displayName().replace("'", "''") + "'");
            for (Team team : found == null || found.getValue() == null ? List.<Team>of() : found.getValue()) {
                if (!request.displayName().equalsIgnoreCase(team.getDisplayName())) {
                    continue;
                }
                Team read = client.teams().byTeamId(team.getId()).get();
                if (read != null && read.getCreatedDateTime() != null
                        && !read.getCreatedDateTime().toInstant().isBefore(since.minusSeconds(1))) {
                    return Optional.of(team.getId());
                }
            }
            return Optional.<String>empty();
        });
    }

    /**
     * Where Microsoft's operation that makes the team is: null while it runs, empty once the team is made, the reason
     * when it failed.
     */
    private Optional<String> followTeam(TeamRequest request) throws Exception {
        String operationId = request.provisioning().operation();
        if (operationId == null) {
            return Optional.empty();
        }
        TeamsAsyncOperation operation = graph.call(request.tenantId(), TeamsIds.PROVISIONING_SCOPES, client ->
                client.teams().byTeamId(request.provisioning().teamId()).operations()
                        .byTeamsAsyncOperationId(operationId).get());
        TeamsAsyncOperationStatus status = operation == null ? null : operation.getStatus();
        if (status == TeamsAsyncOperationStatus.Succeeded) {
            return Optional.empty();
        }
        if (status == TeamsAsyncOperationStatus.Failed) {
            return Optional.of("Microsoft could not make the team" + (operation.getError() == null ? ""
                    : ": " + operation.getError().getMessage()));
        }
        return null;
    }

    /** Makes a private or shared channel with the request's first owners, unless a channel of its name is there. */
    private void makeChannel(TeamRequest request, TeamTemplate.ChannelSpec spec) throws Exception {
        String teamId = request.provisioning().teamId();
        graph.call(request.tenantId(), TeamsIds.PROVISIONING_SCOPES, client -> {
            ChannelCollectionResponse channels = client.teams().byTeamId(teamId).allChannels().get();
            for (Channel channel : channels == null || channels.getValue() == null ? List.<Channel>of()
                    : channels.getValue()) {
                if (spec.name().equalsIgnoreCase(channel.getDisplayName())) {
                    return channel;
                }
            }
            return client.teams().byTeamId(teamId).channels().post(TeamRequestBody.channel(spec,
                    request.owners().subList(0, Math.min(1, request.owners().size())),
                    client.getRequestAdapter().getBaseUrl()));
        });
    }

    /** Applies the template's sensitivity label to the team's group. */
    private void label(TeamRequest request) throws Exception {
        graph.call(request.tenantId(), TeamsIds.LABEL_SCOPES, client -> {
            Group change = new Group();
            AssignedLabel label = new AssignedLabel();
            label.setLabelId(request.template().labelId());
            change.setAssignedLabels(List.of(label));
            return client.groups().byGroupId(request.provisioning().teamId()).patch(change);
        });
    }

    private Outcome failed(TeamRequest request, long version, String step, String why) {
        TeamRequest failed = request.with(TeamRequest.FAILED, request.provisioning().failed(step, why));
        write(failed, version);
        audit.record("team.provisioning-failed", request.tenantId(), request.displayName(), Map.of("request",
                request.id(), "step", step, "reason", why.length() > 300 ? why.substring(0, 300) : why,
                "done", String.join(", ", request.provisioning().done())));
        return new Outcome(TeamRequest.FAILED, step + ": " + why, Optional.empty());
    }

    /** Writes the request over the version read; the next version. */
    private long write(TeamRequest request, long version) {
        store.write(request, version);
        return version + 1;
    }

    private void mail(TeamRequest request, String subject, String text) {
        dev.tenantry.plugins.teamsgovernance.requests.Requests.mailRequester(notifications, request, subject, text);
    }
}
