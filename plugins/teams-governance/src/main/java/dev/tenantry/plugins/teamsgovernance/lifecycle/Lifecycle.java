package dev.tenantry.plugins.teamsgovernance.lifecycle;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.teamsgovernance.SealedLinks;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import dev.tenantry.plugins.teamsgovernance.teams.TeamArchive;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The expiry of teams made from a template that sets one: {@link #NOTICE} before a team expires its owners are mailed
 * a link of their own that renews it (sealed like approval links); a team nobody renewed is archived at its expiry, as
 * the tenant's service account (kept with its content, read-only, brought back from its page). The lifecycle job runs
 * in a tenant only when a team is due (each change asks for the run at the next date), never hourly over the fleet.
 */
public final class Lifecycle {

    /** The job that renews or archives expiring teams. */
    public static final String JOB = TeamsIds.PLUGIN + ".lifecycle";
    /** How long before its expiry a team's owners are asked to renew it. */
    public static final Duration NOTICE = Duration.ofDays(14);
    /** How long a renewal link works. */
    public static final Duration LINK_LIFETIME = Duration.ofDays(30);
    public static final String RENEW_PAGE = "/public/teams-governance/renew.xhtml";
    public static final RecordKind TEAM = RecordKind.of("governed-team").text("state").time("expires");
    private static final String PURPOSE = "team-renewal";
    private static final Jsonb JSON = JsonbBuilder.create();

    private final GraphAccess graph;
    private final PluginRecords records;
    private final PluginAudit audit;
    private final PluginNotifications notifications;
    private final PluginSchedule schedule;
    private final PluginSecrets secrets;
    private final Clock clock;

    public Lifecycle(GraphAccess graph, PluginRecords records, PluginAudit audit, PluginNotifications notifications,
            PluginSchedule schedule, PluginSecrets secrets, Clock clock) {
        this.graph = graph;
        this.records = records;
        this.audit = audit;
        this.notifications = notifications;
        this.schedule = schedule;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Starts following a team just made from a template that sets an expiry. */
    public GovernedTeam follow(String tenantId, String teamId, String displayName, String template,
            List<String> owners, int expiryDays) {
        GovernedTeam team = new GovernedTeam(tenantId, teamId, displayName, template, owners, expiryDays,
                clock.instant().plus(Duration.ofDays(expiryDays)), GovernedTeam.ACTIVE, null, null);
        write(team, 0);
        ask(team);
        return team;
    }

    /** A team followed, with its version. */
    public Optional<Read> get(String tenantId, String teamId) {
        return records.getVersioned(tenantId, TEAM.name(), teamId).map(versioned -> new Read(JSON.fromJson(
                versioned.json(), GovernedTeam.class), versioned.version()));
    }

    /** A followed team and the version it was read at. */
    public record Read(GovernedTeam team, long version) {
    }

    /**
     * Takes the tenant's teams due now as far as they go: owners asked within the notice, teams expired unrenewed
     * archived; asks for the next run at the earliest date left. How many teams it changed.
     */
    public int run(String tenantId) throws Exception {
        Instant now = clock.instant();
        int changed = 0;
        List<GovernedTeam> due = find(RecordQuery.of(TEAM).inTenant(tenantId).in("state", List.of(GovernedTeam.ACTIVE,
                GovernedTeam.RENEWAL_ASKED)).below("expires", now.plus(NOTICE)).orderBy("expires", false));
        for (GovernedTeam listed : due) {
            Optional<Read> read = get(tenantId, listed.teamId());
            if (read.isEmpty()) {
                continue;
            }
            GovernedTeam team = read.get().team();
            try {
                if (!team.expiresAt().isAfter(now)) {
                    TeamArchive.archive(graph, tenantId, team.teamId(), true);
                    write(team.archived(), read.get().version());
                    audit.record("team.expired", tenantId, team.displayName(), Map.of("team", team.teamId(),
                            "expired", team.expiresAt().toString()));
                    mailOwners(team, "Your team " + team.displayName() + " was archived", "Nobody renewed the team "
                            + team.displayName() + " before " + team.expiresAt() + ". It is archived: read-only, "
                            + "with all its content. Ask your IT team to bring it back if it is still needed.");
                    changed++;
                } else if (GovernedTeam.ACTIVE.equals(team.state())) {
                    write(team.asked(now), read.get().version());
                    mailRenewal(team);
                    audit.record("team.renewal-asked", tenantId, team.displayName(), Map.of("team", team.teamId(),
                            "owners", String.join(", ", team.owners())));
                    changed++;
                }
            } catch (RecordConflictException e) {
                // Renewed or changed meanwhile: the next run sees it as it is now
            } catch (ConsentRequiredException e) {
                audit.record("team.archive-refused", tenantId, team.displayName(), Map.of("team", team.teamId(),
                        "reason", e.status().reason()));
            }
        }
        nextRun(tenantId);
        return changed;
    }

    /** Renews a team through an owner's link; the team as renewed, if the link opens and the team is followed. */
    public Optional<GovernedTeam> renew(String token) {
        Optional<List<String>> opened = open(token);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        String tenantId = opened.get().get(0);
        String teamId = opened.get().get(1);
        String owner = opened.get().get(2);
        Optional<Read> read = get(tenantId, teamId);
        if (read.isEmpty() || GovernedTeam.ARCHIVED.equals(read.get().team().state())) {
            return Optional.empty();
        }
        GovernedTeam renewed = read.get().team().renewed(owner, clock.instant());
        write(renewed, read.get().version());
        audit.record("team.renewed", tenantId, renewed.displayName(), Map.of("team", teamId, "by", owner,
                "until", renewed.expiresAt().toString()));
        ask(renewed);
        return Optional.of(renewed);
    }

    /** The team a renewal link names, if it opens (sealed for it, not expired) and the team is followed. */
    public Optional<GovernedTeam> linked(String token) {
        return open(token).flatMap(parts -> get(parts.get(0), parts.get(1))).map(Read::team);
    }

    /** What a renewal link names: tenant, team and owner. */
    private Optional<List<String>> open(String token) {
        return SealedLinks.open(secrets, PURPOSE, token, 3, clock.instant()).map(SealedLinks.Opened::parts);
    }

    private void mailRenewal(GovernedTeam team) {
        Instant until = clock.instant().plus(LINK_LIFETIME);
        for (String owner : team.owners()) {
            String link = notifications.link(SealedLinks.path(secrets, PURPOSE, RENEW_PAGE, until, team.tenantId(),
                    team.teamId(), owner)).toString();
            notifications.mail(List.of(owner), "Renew your team " + team.displayName() + "?", "The team "
                    + team.displayName() + " expires on " + team.expiresAt() + ". If it is still used, renew it "
                    + "for " + team.expiryDays() + " more days here (the link is yours):\n" + link + "\n\nA team "
                    + "nobody renews is archived when it expires: read-only, with all its content.");
        }
    }

    private void mailOwners(GovernedTeam team, String subject, String text) {
        if (!team.owners().isEmpty()) {
            notifications.mail(team.owners(), subject, text);
        }
    }

    /** Asks for the lifecycle run when {@code team} is next due: the notice before its expiry, or its expiry. */
    private void ask(GovernedTeam team) {
        Instant notice = team.expiresAt().minus(NOTICE);
        schedule.runAt(JOB, team.tenantId(), GovernedTeam.ACTIVE.equals(team.state()) && notice.isAfter(clock.instant())
                ? notice : team.expiresAt());
    }

    private void nextRun(String tenantId) {
        List<GovernedTeam> next = find(RecordQuery.of(TEAM).inTenant(tenantId).in("state", List.of(
                GovernedTeam.ACTIVE, GovernedTeam.RENEWAL_ASKED)).orderBy("expires", false), 1);
        next.stream().findFirst().ifPresent(this::ask);
    }

    private List<GovernedTeam> find(RecordQuery query) {
        return find(query, 100);
    }

    private List<GovernedTeam> find(RecordQuery query, int max) {
        List<GovernedTeam> found = new ArrayList<>();
        records.query(query, 0, max).forEach(one -> found.add(JSON.fromJson(one.json(), GovernedTeam.class)));
        return found;
    }

    private void write(GovernedTeam team, long version) {
        records.replace(team.tenantId(), TEAM, team.teamId(), JSON.toJson(team), Map.of("state", team.state(),
                "expires", team.expiresAt()), version);
    }
}
