package dev.tenantry.plugins.usermanagement;

import com.microsoft.graph.models.Domain;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.usermanagement.actions.History;
import dev.tenantry.plugins.usermanagement.actions.MailRoute;
import dev.tenantry.plugins.usermanagement.actions.Templates;
import dev.tenantry.plugins.usermanagement.actions.UserActions;
import dev.tenantry.plugins.usermanagement.actions.UserCreation;
import dev.tenantry.plugins.usermanagement.actions.UserTemplate;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The create-user page ({@code #{createUser}}): a tenant, then a template of it (or an MSP-wide one) or a user to copy
 * ({@code ?copyOf=<id>}: department, job title, usage location, licences and assigned groups), the new user's names,
 * a verified domain of the tenant, licences with how many are free, groups; Create checks everything first, then
 * creates, and shows the password once (and mails it when asked, from the tenant's integration account or through
 * Tenantry's mail server). Only for staff who may create users in the tenant.
 */
@Extension
@Model("createUser")
public class CreateUserView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String OUTCOME = "createUser.outcome";

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

    private final TenantChoices tenantChoices = new TenantChoices(UserIds.CREATE);
    private String tenant = "";
    private String template = "";
    private String copyOf = "";
    private String givenName = "";
    private String surname = "";
    private String displayName = "";
    private String username = "";
    private String domain = "";
    private String usageLocation = "";
    private String department = "";
    private String jobTitle = "";
    private String companyName = "";
    private List<String> licences = new ArrayList<>();
    private List<UserCreation.GroupRef> groups = new ArrayList<>();
    private String mailTo = "";
    private MailRoute mailRoute = MailRoute.INTEGRATION_ACCOUNT;
    private String source = "";
    private String createdId = "";
    private transient Domains domains;

    /** The tenant's verified domains as read, or why they could not be. */
    public record Domains(List<String> names, String problem, boolean consentMissing) implements Serializable {
    }

    public boolean isMayCreate() {
        return !tenant.isEmpty() && user.holds(UserIds.CREATE, tenant);
    }

    /** Tenants where the person may create users, for the tenant picker. */
    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    /** The tenant's verified domains, read live (the create scope set). */
    public Domains getDomains() {
        if (domains == null) {
            domains = readDomains();
        }
        return domains;
    }

    private Domains readDomains() {
        if (!isMayCreate()) {
            return new Domains(List.of(), "", false);
        }
        try {
            List<Domain> found = graph.call(tenant, UserIds.CREATE_SCOPES, client -> client.domains().get().getValue());
            List<String> verified = (found == null ? List.<Domain>of() : found).stream()
                    .filter(one -> Boolean.TRUE.equals(one.getIsVerified())).map(Domain::getId).toList();
            if (domain.isEmpty() && !verified.isEmpty()) {
                domain = verified.stream().filter(name -> !name.endsWith(".onmicrosoft.com")).findFirst()
                        .orElse(verified.get(0));
            }
            return new Domains(verified, "", false);
        } catch (ConsentRequiredException e) {
            return new Domains(List.of(), e.getMessage(), true);
        } catch (Exception e) {
            return new Domains(List.of(), "The tenant's domains could not be read: " + e.getMessage(), false);
        }
    }

    /** The tenant's subscriptions with how many of each are free (from the last sync). */
    public List<UserStore.Subscription> getSubscriptions() {
        return tenant.isEmpty() ? List.of() : new UserStore(records).subscriptions(tenant).skus();
    }

    /** The templates the tenant offers: its own and the MSP-wide ones. */
    public List<UserTemplate> getTemplates() {
        return tenant.isEmpty() ? List.of() : new Templates(records).offeredIn(tenant);
    }

    /** Fills the form from the chosen template; says which of its groups the tenant does not have. */
    public void applyTemplate() {
        Optional<UserTemplate> chosen = new Templates(records).find(tenant, template);
        if (chosen.isEmpty() || !isMayCreate()) {
            return;
        }
        UserTemplate from = chosen.get();
        usageLocation = nz(from.usageLocation());
        department = nz(from.department());
        jobTitle = nz(from.jobTitle());
        companyName = nz(from.companyName());
        licences = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String partNumber : from.licences()) {
            getSubscriptions().stream().filter(sku -> sku.partNumber().equalsIgnoreCase(partNumber)).findFirst()
                    .ifPresentOrElse(sku -> licences.add(sku.skuId()), () -> missing.add("licence " + partNumber));
        }
        try {
            groups = new ArrayList<>(creation().groupsNamed(tenant, from.groups()));
        } catch (Exception e) {
            groups = new ArrayList<>();
            missing.add("groups (" + e.getMessage() + ")");
        }
        for (String name : from.groups()) {
            if (groups.stream().noneMatch(group -> group.name().equalsIgnoreCase(name))) {
                missing.add("group " + name);
            }
        }
        source = "template " + from.name();
        if (!missing.isEmpty()) {
            Pages.error("The tenant has no " + String.join(", ", missing) + " (of template " + from.name() + ").");
        }
    }

    /** Fills the form from the user to copy ({@code ?copyOf=}). */
    public void loadCopy() {
        if (copyOf.isEmpty() || !isMayCreate() || !source.isEmpty()) {
            return;
        }
        Optional<ManagedUser> original = new UserStore(records).get(tenant, copyOf);
        if (original.isEmpty()) {
            Pages.error("No such user to copy in this tenant.");
            return;
        }
        ManagedUser from = original.get();
        usageLocation = nz(from.usageLocation());
        department = nz(from.department());
        jobTitle = nz(from.jobTitle());
        licences = new ArrayList<>(from.licences().stream().map(ManagedUser.Licence::skuId).toList());
        try {
            groups = new ArrayList<>(creation().groupsOf(tenant, from.id()));
        } catch (Exception e) {
            groups = new ArrayList<>();
            Pages.error("The groups of " + from.userPrincipalName() + " could not be read: " + e.getMessage());
        }
        source = "copy of " + from.userPrincipalName();
    }

    public void removeGroup(String groupId) {
        groups.removeIf(group -> group.id().equals(groupId));
    }

    /** Creates the user; the password is shown in this response only. */
    public void create() {
        String name = displayName.isBlank() ? (givenName + " " + surname).strip() : displayName;
        UserCreation.Created created = creation().create(tenant, new UserCreation.NewUser(givenName, surname, name,
                username, domain, usageLocation, department, jobTitle, companyName, licences, groups, mailTo, mailRoute,
                source));
        Pages.said(OUTCOME, created.outcome());
        if (created.outcome().done()) {
            createdId = created.userId();
            mailTo = "";
        }
    }

    private UserCreation creation() {
        return new UserCreation(graph, notifications, new UserStore(records), new History(records), audit, user,
                Clock.systemUTC());
    }

    /** The last creation's outcome, in this response only. */
    public UserActions.Outcome getOutcome() {
        return Pages.outcome(OUTCOME);
    }

    public String getConsentNeeded() {
        return Pages.consentNeeded(OUTCOME);
    }

    /** Where the consent card returns to: this form's tenant. */
    public String getHere() {
        return "/user-management/create.xhtml?tenant=" + java.net.URLEncoder.encode(tenant,
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The created user's page. */
    public String getCreatedPage() {
        return createdId.isEmpty() ? "" : UserIds.userPage(tenant, createdId);
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    private static String clean(String text) {
        return text == null ? "" : text.strip();
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        String chosen = clean(value);
        if (!chosen.equals(tenant)) {
            domains = null;
            domain = "";
        }
        tenant = chosen;
    }

    /** The tenant chosen in the top bar, when the page opens without one. */
    public void defaultTenant() {
        if (tenant.isEmpty()) {
            user.selectedTenantId().filter(id -> user.holds(UserIds.CREATE, id)).ifPresent(this::setTenant);
        }
        loadCopy();
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String value) {
        template = clean(value);
    }

    public String getCopyOf() {
        return copyOf;
    }

    public void setCopyOf(String value) {
        copyOf = clean(value);
    }

    public String getGivenName() {
        return givenName;
    }

    public void setGivenName(String value) {
        givenName = clean(value);
    }

    public String getSurname() {
        return surname;
    }

    public void setSurname(String value) {
        surname = clean(value);
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String value) {
        displayName = clean(value);
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String value) {
        username = clean(value).toLowerCase(Locale.ROOT);
    }

    public String getDomain() {
        return domain;
    }

    public void setDomain(String value) {
        domain = clean(value);
    }

    public String getUsageLocation() {
        return usageLocation;
    }

    public void setUsageLocation(String value) {
        usageLocation = clean(value).toUpperCase(Locale.ROOT);
    }

    public String getDepartment() {
        return department;
    }

    public void setDepartment(String value) {
        department = clean(value);
    }

    public String getJobTitle() {
        return jobTitle;
    }

    public void setJobTitle(String value) {
        jobTitle = clean(value);
    }

    public String getCompanyName() {
        return companyName;
    }

    public void setCompanyName(String value) {
        companyName = clean(value);
    }

    public List<String> getLicences() {
        return licences;
    }

    public void setLicences(List<String> value) {
        licences = value == null ? new ArrayList<>() : new ArrayList<>(value);
    }

    public List<UserCreation.GroupRef> getGroups() {
        return groups;
    }

    public String getMailTo() {
        return mailTo;
    }

    public void setMailTo(String value) {
        mailTo = clean(value);
    }

    /** How the password is mailed: {@code INTEGRATION_ACCOUNT} or {@code TENANTRY} ({@link MailRoute}). */
    public String getMailRoute() {
        return mailRoute.name();
    }

    public void setMailRoute(String value) {
        mailRoute = MailRoute.of(value);
    }

    public String getSource() {
        return source;
    }
}
