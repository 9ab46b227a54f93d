package dev.tenantry.plugins.teamsgovernance.requests;

import com.microsoft.graph.models.Team;
import com.microsoft.graph.models.TeamCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import dev.tenantry.plugins.teamsgovernance.teams.TeamStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What happens to team requests: submitted (the template's rules checked, the name free among open requests, known
 * teams and the tenant's teams now), approved (provisioning asked for at once), rejected with a reason, retried after a
 * failure; each step audited and mailed to the requester. Who may do each is the page's to check first.
 */
public final class Requests {

    /** The provisioning job's id. */
    public static final String PROVISION_JOB = TeamsIds.PLUGIN + ".provision";
    /** The job that expires requests nobody decided. */
    public static final String EXPIRE_JOB = TeamsIds.PLUGIN + ".expire-requests";
    /** How long a request waits for a decision, unless the installation says otherwise. */
    public static final java.time.Duration DEFAULT_EXPIRY = java.time.Duration.ofDays(7);

    private final GraphAccess graph;
    private final PluginRecords records;
    private final PluginAudit audit;
    private final PluginNotifications notifications;
    private final PluginSchedule schedule;
    private final Clock clock;
    private PluginSecrets secrets;

    public Requests(GraphAccess graph, PluginRecords records, PluginAudit audit, PluginNotifications notifications,
            PluginSchedule schedule, Clock clock) {
        this.graph = graph;
        this.records = records;
        this.audit = audit;
        this.notifications = notifications;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** With the secrets that seal the links a customer's approvers decide through. */
    public Requests sealingLinksWith(PluginSecrets linkSecrets) {
        this.secrets = linkSecrets;
        return this;
    }

    /** A refusal of something the person asked, said as they should read it. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Submits a request for a team from {@code template} (as offered in the tenant now).
     *
     * @throws Refused when the template's rules or a name already taken refuse it
     */
    public TeamRequest submit(String tenantId, TeamTemplate template, String requestedName, String description,
            List<TeamRequest.Person> owners, List<TeamRequest.Person> members, String requestedBy) throws Refused {
        if (template.retired()) {
            throw new Refused("The template " + template.name() + " is retired.");
        }
        Optional<String> naming = template.naming().refusal(requestedName);
        if (naming.isPresent()) {
            throw new Refused(naming.get());
        }
        List<TeamRequest.Person> uniqueOwners = unique(owners);
        List<TeamRequest.Person> uniqueMembers = new ArrayList<>(unique(members));
        uniqueMembers.removeIf(member -> uniqueOwners.stream().anyMatch(owner -> owner.id().equals(member.id())));
        if (uniqueOwners.size() < template.minOwners()) {
            throw new Refused("The template asks for " + template.minOwners() + " owner(s); the request names "
                    + uniqueOwners.size() + ".");
        }
        if (!template.guestsAllowed() && (uniqueOwners.stream().anyMatch(TeamRequest.Person::guest)
                || uniqueMembers.stream().anyMatch(TeamRequest.Person::guest))) {
            throw new Refused("The template does not allow guests in the team.");
        }
        String displayName = template.naming().apply(requestedName);
        RequestStore store = new RequestStore(records);
        if (store.nameTaken(tenantId, displayName)) {
            throw new Refused("A team named " + displayName + " is requested already.");
        }
        if (new TeamStore(records).count(RecordQuery.of(TeamStore.TEAM).inTenant(tenantId).equal("name",
                RequestStore.nameKey(displayName))) > 0 || existsNow(tenantId, displayName)) {
            throw new Refused("The tenant has a team named " + displayName + " already.");
        }
        TeamRequest request = new TeamRequest(UUID.randomUUID().toString(), tenantId, template, requestedName.strip(),
                displayName, description == null ? "" : description.strip(), uniqueOwners, uniqueMembers,
                requestedBy, clock.instant(), TeamRequest.SUBMITTED, null, null, "", null);
        store.write(request, 0);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("template", template.name() + " v" + template.version());
        details.put("owners", String.join(", ", uniqueOwners.stream().map(TeamRequest.Person::userPrincipalName)
                .toList()));
        audit.record("request.submitted", tenantId, displayName, details);
        if (template.customerApproves()) {
            mailApprovers(request);
        }
        if (schedule != null) {
            schedule.runAt(EXPIRE_JOB, tenantId, request.submittedAt().plus(expiry));
        }
        return request;
    }

    private java.time.Duration expiry = DEFAULT_EXPIRY;

    /** With how long a request waits for a decision. */
    public Requests expiringAfter(java.time.Duration wait) {
        this.expiry = wait;
        return this;
    }

    /** How long requests wait for a decision: the plugin's setting {@code request-expiry}, at least an hour. */
    public static java.time.Duration expiry(dev.tenantry.plugin.api.PluginSettings settings) {
        return settings == null ? DEFAULT_EXPIRY : settings.getDuration("request-expiry", DEFAULT_EXPIRY,
                java.time.Duration.ofHours(1));
    }

    /**
     * Expires the tenant's requests submitted more than {@code wait} ago that nobody decided, a page at a time,
     * telling each requester; how many.
     */
    public int expire(String tenantId, java.time.Duration wait) {
        RequestStore store = new RequestStore(records);
        java.time.Instant before = clock.instant().minus(wait);
        int expired = 0;
        int pages = 0;
        List<TeamRequest> due;
        do {
            due = store.find(RecordQuery.of(RequestStore.REQUEST).inTenant(tenantId).equal("state",
                    TeamRequest.SUBMITTED).below("submitted", before), 0, 100);
            for (TeamRequest request : due) {
                Optional<RequestStore.Read> read = store.get(tenantId, request.id());
                if (read.isEmpty() || !TeamRequest.SUBMITTED.equals(read.get().request().state())) {
                    continue;
                }
                TeamRequest gone = read.get().request().decided(TeamRequest.EXPIRED, "nobody", clock.instant(),
                        "Nobody decided within " + wait.toDays() + " day(s)");
                try {
                    store.write(gone, read.get().version());
                } catch (RecordConflictException e) {
                    continue;
                }
                audit.record("request.expired", tenantId, gone.displayName(), Map.of("request", gone.id()));
                mail(gone, "Your team request " + gone.displayName() + " expired", "Nobody decided your request "
                        + "for the team " + gone.displayName() + " within " + wait.toDays() + " day(s). Request it "
                        + "again if it is still needed.");
                expired++;
            }
        } while (due.size() == 100 && ++pages < 100);
        return expired;
    }

    /**
     * Mails each of the template's approvers (the customer's people) a link of their own that opens the request and
     * decides it without a Tenantry account, working for {@link ApprovalLinks#LIFETIME}.
     */
    private void mailApprovers(TeamRequest request) {
        if (secrets == null || notifications == null) {
            throw new IllegalStateException("Requests approved by the customer need the link secrets and mail");
        }
        java.time.Instant until = clock.instant().plus(ApprovalLinks.LIFETIME);
        for (String approver : request.template().approvers()) {
            String link = notifications.link(ApprovalLinks.path(secrets, request, approver, until)).toString();
            notifications.mail(List.of(approver), "Approve the team " + request.displayName() + "?",
                    request.requestedBy() + " asks for a Microsoft Teams team in your organisation:\n\n"
                    + "  " + request.displayName() + "\n  " + request.description() + "\n  Owners: "
                    + String.join(", ", request.owners().stream().map(TeamRequest.Person::displayName).toList())
                    + "\n  Members: " + String.join(", ", request.members().stream()
                            .map(TeamRequest.Person::displayName).toList())
                    + "\n\nApprove or reject it here (the link is yours alone and works for seven days, until "
                    + "the request is decided):\n" + link);
        }
        audit.record("request.approvers-mailed", request.tenantId(), request.displayName(), Map.of("request",
                request.id(), "approvers", String.join(", ", request.template().approvers())));
    }

    /** Whether the tenant has a team of this name now, when the basic scope set lets Tenantry ask. */
    private boolean existsNow(String tenantId, String displayName) {
        if (!graph.consent(tenantId, TeamsIds.BASIC_SCOPES).granted()) {
            return false;
        }
        try {
            return graph.call(tenantId, TeamsIds.BASIC_SCOPES, client -> {
                TeamCollectionResponse found = client.teams().get(get -> get.queryParameters.filter =
                        "displayName eq '" + displayName.replace("'", "''") + "'");
                for (Team team : found == null || found.getValue() == null ? List.<Team>of() : found.getValue()) {
                    if (displayName.equalsIgnoreCase(team.getDisplayName())) {
                        return true;
                    }
                }
                return false;
            });
        } catch (Exception e) {
            // Microsoft could not say now: the names Tenantry knows were checked, and provisioning checks again
            return false;
        }
    }

    /** Approves a submitted request and asks for its provisioning now. */
    public TeamRequest approve(String tenantId, String requestId, String approver) throws Refused {
        TeamRequest decided = decide(tenantId, requestId, TeamRequest.APPROVED, approver, "");
        schedule.runAt(PROVISION_JOB, tenantId, clock.instant());
        mail(decided, "Your team request " + decided.displayName() + " is approved", "Your request for the team "
                + decided.displayName() + " was approved by " + approver + ". It is being created now; you will "
                + "get a mail when it is ready.");
        return decided;
    }

    /** Rejects a submitted request, with the reason the requester is told. */
    public TeamRequest reject(String tenantId, String requestId, String approver, String reason) throws Refused {
        if (reason == null || reason.isBlank()) {
            throw new Refused("Say why the request is rejected: the requester is told.");
        }
        TeamRequest decided = decide(tenantId, requestId, TeamRequest.REJECTED, approver, reason.strip());
        mail(decided, "Your team request " + decided.displayName() + " was rejected", "Your request for the team "
                + decided.displayName() + " was rejected by " + approver + ":\n\n" + reason.strip());
        return decided;
    }

    private TeamRequest decide(String tenantId, String requestId, String state, String by, String reason)
            throws Refused {
        RequestStore store = new RequestStore(records);
        RequestStore.Read read = store.get(tenantId, requestId).orElseThrow(() -> new Refused("No such request."));
        if (!TeamRequest.SUBMITTED.equals(read.request().state())) {
            throw new Refused("The request is " + read.request().state().toLowerCase(Locale.ROOT) + " already.");
        }
        if (read.request().requestedBy().equalsIgnoreCase(by)) {
            throw new Refused("A request is decided by someone other than its requester.");
        }
        TeamRequest decided = read.request().decided(state, by, clock.instant(), reason);
        try {
            store.write(decided, read.version());
        } catch (RecordConflictException e) {
            throw new Refused("Someone decided this request meanwhile.");
        }
        audit.record(TeamRequest.APPROVED.equals(state) ? "request.approved" : "request.rejected", tenantId,
                decided.displayName(), Map.of("request", requestId, "reason", reason, "by", by));
        return decided;
    }

    /** Takes a failed provisioning up again where it stopped. */
    public TeamRequest retry(String tenantId, String requestId, String by) throws Refused {
        RequestStore store = new RequestStore(records);
        RequestStore.Read read = store.get(tenantId, requestId).orElseThrow(() -> new Refused("No such request."));
        if (!TeamRequest.FAILED.equals(read.request().state())) {
            throw new Refused("Only a failed provisioning is retried.");
        }
        TeamRequest again = read.request().with(TeamRequest.APPROVED, read.request().provisioning());
        try {
            store.write(again, read.version());
        } catch (RecordConflictException e) {
            throw new Refused("Someone retried this request meanwhile.");
        }
        audit.record("request.retried", tenantId, again.displayName(), Map.of("request", requestId, "failed",
                read.request().provisioning().failed(), "by", by));
        schedule.runAt(PROVISION_JOB, tenantId, clock.instant());
        return again;
    }

    /**
     * People of the tenant whose name or sign-in name starts with {@code text}, for a request's owners and members
     * (at most ten; the basic scope set).
     */
    public List<TeamRequest.Person> people(String tenantId, String text) throws Exception {
        String prefix = text == null ? "" : text.strip().replace("'", "''");
        if (prefix.length() < 2) {
            return List.of();
        }
        return graph.call(tenantId, TeamsIds.BASIC_SCOPES, client -> {
            UserCollectionResponse found = client.users().get(get -> {
                get.queryParameters.filter = "startswith(displayName,'" + prefix + "') or startswith("
                        + "userPrincipalName,'" + prefix + "')";
                get.queryParameters.select = new String[] {"id", "displayName", "userPrincipalName"};
                get.queryParameters.top = 10;
            });
            List<TeamRequest.Person> people = new ArrayList<>();
            for (User user : found == null || found.getValue() == null ? List.<User>of() : found.getValue()) {
                people.add(new TeamRequest.Person(user.getId(), user.getDisplayName(), user.getUserPrincipalName()));
            }
            return people;
        });
    }

    private static List<TeamRequest.Person> unique(List<TeamRequest.Person> people) {
        Map<String, TeamRequest.Person> byId = new LinkedHashMap<>();
        (people == null ? List.<TeamRequest.Person>of() : people).forEach(person -> byId.putIfAbsent(person.id(),
                person));
        return List.copyOf(byId.values());
    }

    private void mail(TeamRequest request, String subject, String text) {
        mailRequester(notifications, request, subject, text);
    }

    /** Mails a request's requester (a member of staff, by their sign-in name), when there is mail to send it with. */
    public static void mailRequester(PluginNotifications notifications, TeamRequest request, String subject,
            String text) {
        if (notifications != null && request.requestedBy().contains("@")) {
            notifications.mail(List.of(request.requestedBy().toLowerCase(Locale.ROOT)), subject, text);
        }
    }
}
