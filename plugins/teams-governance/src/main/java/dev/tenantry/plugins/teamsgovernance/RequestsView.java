package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.ConsentCard;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import dev.tenantry.plugins.teamsgovernance.catalog.TemplateStore;
import dev.tenantry.plugins.teamsgovernance.requests.RequestStore;
import dev.tenantry.plugins.teamsgovernance.requests.Requests;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Team requests ({@code #{teamRequests}}): a new request from a template of the tenant chosen (the naming policy shown
 * applied as the name is typed; owners and members found in the tenant's directory), the person's own requests, the
 * requests waiting for their decision (approve, or reject with a reason), and the failed provisionings they may retry.
 * Each list is read from the host's database, a page at a time, within the tenants the person holds the permission in.
 */
@Extension
@Model("teamRequests")
public class RequestsView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    static final int SHOWN = 50;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginNotifications notifications;

    @HostService
    private transient PluginSchedule schedule;

    private String tenant;
    private String templateKey = "";
    private String name = "";
    private String description = "";
    /** Owners and members picked, each as {@link #encode} writes a person (the pickers' values are text). */
    private List<String> owners = new ArrayList<>();
    private List<String> members = new ArrayList<>();
    private final Map<String, String> reasons = new java.util.HashMap<>();
    private final TenantChoices tenantChoices = new TenantChoices(TeamsIds.REQUEST);
    private transient List<TeamTemplate> templates;
    private String peopleProblem = "";

    @HostService
    private transient dev.tenantry.plugin.api.PluginSecrets secrets;

    @HostService
    private transient dev.tenantry.plugin.api.PluginSettings settings;

    private Requests requests() {
        return new Requests(graph, records, audit, notifications, schedule, Clock.systemUTC())
                .sealingLinksWith(secrets).expiringAfter(Requests.expiry(settings));
    }

    public String getTenant() {
        if (tenant == null) {
            tenant = user.selectedTenantId().filter(id -> user.holds(TeamsIds.REQUEST, id)).orElse("");
        }
        return tenant;
    }

    public void setTenant(String tenant) {
        String chosen = tenant == null ? "" : tenant.strip();
        if (!chosen.equals(this.tenant)) {
            this.tenant = chosen;
            templates = null;
            templateKey = "";
            owners = new ArrayList<>();
            members = new ArrayList<>();
        }
    }

    public boolean isMayRequest() {
        return !getTenant().isEmpty() && user.holds(TeamsIds.REQUEST, getTenant());
    }

    /** The templates a request in the tenant may use. */
    public List<TeamTemplate> getTemplates() {
        if (templates == null) {
            templates = isMayRequest() ? new TemplateStore(records).offered(getTenant(), false, 200) : List.of();
        }
        return templates;
    }

    /** The template chosen, if any. */
    public TeamTemplate getTemplate() {
        return getTemplates().stream().filter(template -> key(template).equals(templateKey)).findFirst().orElse(null);
    }

    /** A template's key in the form: its scope and id. */
    public String key(TeamTemplate template) {
        return (template.mspWide() ? "" : template.tenantId()) + "/" + template.id();
    }

    /** The team's name as the template's naming policy makes it. */
    public String getFinalName() {
        TeamTemplate template = getTemplate();
        return template == null || name.isBlank() ? "" : template.naming().apply(name);
    }

    /** What the naming policy says of the name typed, if anything. */
    public String getNameProblem() {
        TeamTemplate template = getTemplate();
        return template == null || name.isBlank() ? "" : template.naming().refusal(name).orElse("");
    }

    /** People of the tenant for the owners and members pickers, as {@link #encode} writes them. */
    public List<String> completePeople(String text) {
        if (!isMayRequest()) {
            return List.of();
        }
        try {
            peopleProblem = "";
            return requests().people(getTenant(), text).stream().map(RequestsView::encode).toList();
        } catch (ConsentRequiredException e) {
            peopleProblem = e.status().reason();
            return List.of();
        } catch (Exception e) {
            peopleProblem = "The tenant's directory could not be searched now.";
            return List.of();
        }
    }

    public String getPeopleProblem() {
        return peopleProblem;
    }

    /** The consent card of the basic scope set in the tenant chosen. */
    public String getBasicConsent() {
        return ConsentCard.path(getTenant(), TeamsIds.BASIC_SCOPES, "/teams-governance/requests.xhtml?tenant="
                + java.net.URLEncoder.encode(getTenant(), java.nio.charset.StandardCharsets.UTF_8));
    }

    public void submit() {
        if (!isMayRequest()) {
            Pages.error("You may not request teams in this tenant.");
            return;
        }
        TeamTemplate template = getTemplate();
        if (template == null) {
            Pages.error("Choose a template.");
            return;
        }
        try {
            TeamRequest request = requests().submit(getTenant(), template, name, description, decode(owners),
                    decode(members), user.userPrincipalName());
            changed();
            Pages.info("Requested " + request.displayName() + ": it waits for "
                    + (template.customerApproves() ? "the customer's approvers" : "a Teams Administrator") + ".");
            name = "";
            description = "";
            owners = new ArrayList<>();
            members = new ArrayList<>();
        } catch (Requests.Refused e) {
            Pages.error(e.getMessage());
        }
    }

    /** The person's own requests, latest first. */
    public List<TeamRequest> getMine() {
        return listed("mine", () -> RecordQuery.of(RequestStore.REQUEST).visibleWith(TeamsIds.REQUEST)
                .equal("requester", user.userPrincipalName().toLowerCase(Locale.ROOT)).orderBy("submitted", true));
    }

    /** Requests waiting for a decision in the tenants where the person approves. */
    public List<TeamRequest> getWaiting() {
        return listed("waiting", () -> RecordQuery.of(RequestStore.REQUEST).visibleWith(TeamsIds.APPROVE)
                .equal("state", TeamRequest.SUBMITTED).orderBy("submitted", false));
    }

    /** Provisionings that failed in the tenants where the person administers Teams. */
    public List<TeamRequest> getFailed() {
        return listed("failed", () -> RecordQuery.of(RequestStore.REQUEST).visibleWith(TeamsIds.ADMINISTER)
                .equal("state", TeamRequest.FAILED).orderBy("submitted", false));
    }

    /**
     * A list of requests, read once for the rest of this request (a table asks for its value many times while it is
     * rendered), after the action of the request changed what it holds.
     */
    private List<TeamRequest> listed(String name, java.util.function.Supplier<RecordQuery> query) {
        List<TeamRequest> kept = Pages.ofThisRequest("teamRequests." + name);
        if (kept == null) {
            kept = new RequestStore(records).find(query.get(), 0, SHOWN);
            Pages.forThisRequest("teamRequests." + name, kept);
        }
        return kept;
    }

    /** Reads the lists again for the page rendered after an action changed them. */
    private static void changed() {
        for (String name : List.of("mine", "waiting", "failed")) {
            Pages.forThisRequest("teamRequests." + name, null);
        }
    }

    public void approve(TeamRequest request) {
        if (!user.holds(TeamsIds.APPROVE, request.tenantId())) {
            Pages.error("You may not approve requests in this tenant.");
            return;
        }
        try {
            requests().approve(request.tenantId(), request.id(), user.userPrincipalName());
            changed();
            Pages.info("Approved " + request.displayName() + ": the tenant's service account creates it now.");
        } catch (Requests.Refused e) {
            Pages.error(e.getMessage());
        }
    }

    public void reject(TeamRequest request) {
        if (!user.holds(TeamsIds.APPROVE, request.tenantId())) {
            Pages.error("You may not reject requests in this tenant.");
            return;
        }
        try {
            requests().reject(request.tenantId(), request.id(), user.userPrincipalName(), reasons.get(request.id()));
            changed();
            Pages.info("Rejected " + request.displayName() + "; the requester is told why.");
        } catch (Requests.Refused e) {
            Pages.error(e.getMessage());
        }
    }

    public void retry(TeamRequest request) {
        if (!user.holds(TeamsIds.ADMINISTER, request.tenantId())) {
            Pages.error("You may not retry provisioning in this tenant.");
            return;
        }
        try {
            requests().retry(request.tenantId(), request.id(), user.userPrincipalName());
            changed();
            Pages.info("Provisioning of " + request.displayName() + " goes on where it stopped.");
        } catch (Requests.Refused e) {
            Pages.error(e.getMessage());
        }
    }

    public Map<String, String> getReasons() {
        return reasons;
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String getTemplateKey() {
        return templateKey;
    }

    public void setTemplateKey(String templateKey) {
        this.templateKey = templateKey == null ? "" : templateKey;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description == null ? "" : description;
    }

    public List<String> getOwners() {
        return owners;
    }

    public void setOwners(List<String> owners) {
        this.owners = owners == null ? new ArrayList<>() : new ArrayList<>(owners);
    }

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members == null ? new ArrayList<>() : new ArrayList<>(members);
    }

    /** A person as a picker's value: id, name and sign-in name, tab-separated. */
    static String encode(TeamRequest.Person person) {
        return person.id() + "\t" + clean(person.displayName()) + "\t" + clean(person.userPrincipalName());
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ');
    }

    /** The people pickers' values, as people; a value that is not one is left out. */
    static List<TeamRequest.Person> decode(List<String> values) {
        List<TeamRequest.Person> people = new ArrayList<>();
        for (String value : values) {
            String[] parts = value.split("\t", -1);
            if (parts.length == 3 && !parts[0].isBlank()) {
                people.add(new TeamRequest.Person(parts[0], parts[1], parts[2]));
            }
        }
        return people;
    }

    /** How a picker shows a person. */
    public String personLabel(String value) {
        List<TeamRequest.Person> person = decode(List.of(value == null ? "" : value));
        return person.isEmpty() ? "" : person.get(0).displayName() + " <" + person.get(0).userPrincipalName() + ">";
    }
}
