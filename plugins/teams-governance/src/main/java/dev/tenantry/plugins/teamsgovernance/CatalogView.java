package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.ConsentCard;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.teamsgovernance.catalog.NamingPolicy;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import dev.tenantry.plugins.teamsgovernance.catalog.TemplateStore;
import dev.tenantry.plugins.teamsgovernance.catalog.TenantCatalog;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.pf4j.Extension;

/**
 * The template catalog ({@code #{teamsCatalog}}), for Catalog Managers: a tenant's templates and the MSP-wide ones,
 * each made or changed as a new version (channels with website tabs, apps, member and guest settings, privacy, naming
 * policy, owners required, guests, sensitivity label from the tenant's labels, expiry, approvers), or retired.
 */
@Extension
@Model("teamsCatalog")
public class CatalogView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    static final int SHOWN = 200;

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

    private String tenant;
    private final TenantChoices tenantChoices = new TenantChoices(TeamsIds.MANAGE_CATALOG);
    private transient List<TeamTemplate> templates;
    private transient Offer offer;

    /** The template being edited (its id and the version it was read at; 0 for a new one). */
    private String editingId;
    private String editingTenant;
    private int editingVersion;
    private Form form = new Form();

    /** What the tenant offers a template: its labels and apps, or why they could not be read. */
    public record Offer(List<TenantCatalog.Label> labels, List<TenantCatalog.TemplateApp> apps, String problem,
            boolean consentMissing) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The fields of the template being edited. */
    public static final class Form implements Serializable {
        private static final long serialVersionUID = 1L;
        private String name = "";
        private String description = "";
        private boolean mspWide;
        private String baseTemplate = "standard";
        private String visibility = "private";
        private List<ChannelRow> channels = new ArrayList<>();
        private List<String> apps = new ArrayList<>();
        private boolean membersCreateChannels = true;
        private boolean membersCreatePrivateChannels = true;
        private boolean membersDeleteChannels;
        private boolean membersManageApps;
        private boolean membersManageTabs = true;
        private boolean guestsCreateChannels;
        private boolean guestsDeleteChannels;
        private boolean guestsAllowed;
        private String prefix = "";
        private String suffix = "";
        private String blockedWords = "";
        private int minOwners = 2;
        private String labelId = "";
        private int expiryDays;
        private String approvers = "";

        public String getName() { return name; }
        public void setName(String name) { this.name = name == null ? "" : name; }
        public String getDescription() { return description; }
        public void setDescription(String description) { this.description = description == null ? "" : description; }
        public boolean isMspWide() { return mspWide; }
        public void setMspWide(boolean mspWide) { this.mspWide = mspWide; }
        public String getBaseTemplate() { return baseTemplate; }
        public void setBaseTemplate(String baseTemplate) { this.baseTemplate = baseTemplate; }
        public String getVisibility() { return visibility; }
        public void setVisibility(String visibility) { this.visibility = visibility; }
        public List<ChannelRow> getChannels() { return channels; }
        public List<String> getApps() { return apps; }
        public void setApps(List<String> apps) { this.apps = apps == null ? new ArrayList<>() : new ArrayList<>(apps); }
        public boolean isMembersCreateChannels() { return membersCreateChannels; }
        public void setMembersCreateChannels(boolean value) { membersCreateChannels = value; }
        public boolean isMembersCreatePrivateChannels() { return membersCreatePrivateChannels; }
        public void setMembersCreatePrivateChannels(boolean value) { membersCreatePrivateChannels = value; }
        public boolean isMembersDeleteChannels() { return membersDeleteChannels; }
        public void setMembersDeleteChannels(boolean value) { membersDeleteChannels = value; }
        public boolean isMembersManageApps() { return membersManageApps; }
        public void setMembersManageApps(boolean value) { membersManageApps = value; }
        public boolean isMembersManageTabs() { return membersManageTabs; }
        public void setMembersManageTabs(boolean value) { membersManageTabs = value; }
        public boolean isGuestsCreateChannels() { return guestsCreateChannels; }
        public void setGuestsCreateChannels(boolean value) { guestsCreateChannels = value; }
        public boolean isGuestsDeleteChannels() { return guestsDeleteChannels; }
        public void setGuestsDeleteChannels(boolean value) { guestsDeleteChannels = value; }
        public boolean isGuestsAllowed() { return guestsAllowed; }
        public void setGuestsAllowed(boolean value) { guestsAllowed = value; }
        public String getPrefix() { return prefix; }
        public void setPrefix(String prefix) { this.prefix = prefix == null ? "" : prefix; }
        public String getSuffix() { return suffix; }
        public void setSuffix(String suffix) { this.suffix = suffix == null ? "" : suffix; }
        public String getBlockedWords() { return blockedWords; }
        public void setBlockedWords(String words) { blockedWords = words == null ? "" : words; }
        public int getMinOwners() { return minOwners; }
        public void setMinOwners(int minOwners) { this.minOwners = minOwners; }
        public String getLabelId() { return labelId; }
        public void setLabelId(String labelId) { this.labelId = labelId == null ? "" : labelId; }
        public int getExpiryDays() { return expiryDays; }
        public void setExpiryDays(int expiryDays) { this.expiryDays = expiryDays; }
        public String getApprovers() { return approvers; }
        public void setApprovers(String approvers) { this.approvers = approvers == null ? "" : approvers; }
    }

    /** A channel row of the form. */
    public static final class ChannelRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private String name = "";
        private String kind = "standard";
        private String description = "";
        private String tabName = "";
        private String tabUrl = "";

        public String getName() { return name; }
        public void setName(String name) { this.name = name == null ? "" : name; }
        public String getKind() { return kind; }
        public void setKind(String kind) { this.kind = kind; }
        public String getDescription() { return description; }
        public void setDescription(String description) { this.description = description == null ? "" : description; }
        public String getTabName() { return tabName; }
        public void setTabName(String tabName) { this.tabName = tabName == null ? "" : tabName; }
        public String getTabUrl() { return tabUrl; }
        public void setTabUrl(String tabUrl) { this.tabUrl = tabUrl == null ? "" : tabUrl; }
    }

    public String getTenant() {
        if (tenant == null) {
            tenant = user.selectedTenantId().filter(id -> user.holds(TeamsIds.MANAGE_CATALOG, id)).orElse("");
        }
        return tenant;
    }

    public void setTenant(String tenant) {
        String chosen = tenant == null ? "" : tenant.strip();
        if (!chosen.equals(this.tenant)) {
            this.tenant = chosen;
            templates = null;
            offer = null;
        }
    }

    /** Whether the person keeps MSP-wide templates (the catalog permission for every tenant). */
    public boolean isMayManageMspWide() {
        return user.holds(TeamsIds.MANAGE_CATALOG, null);
    }

    /** The templates shown: the tenant's and the MSP-wide ones, or the MSP-wide ones alone with no tenant chosen. */
    public List<TeamTemplate> getTemplates() {
        if (templates == null) {
            TemplateStore store = new TemplateStore(records);
            templates = !getTenant().isEmpty() && user.holds(TeamsIds.MANAGE_CATALOG, getTenant())
                    ? store.offered(getTenant(), true, SHOWN) : store.mspWide(true, SHOWN);
        }
        return templates;
    }

    /** The labels and apps of the tenant chosen, read as its integration account. */
    public Offer getOffer() {
        if (offer == null) {
            if (getTenant().isEmpty() || !user.holds(TeamsIds.MANAGE_CATALOG, getTenant())) {
                offer = new Offer(List.of(), List.of(), "", false);
            } else {
                try {
                    offer = new Offer(TenantCatalog.labels(graph, getTenant()), TenantCatalog.apps(graph, getTenant()),
                            "", false);
                } catch (ConsentRequiredException e) {
                    offer = new Offer(List.of(), List.of(), e.status().reason(), true);
                } catch (Exception e) {
                    offer = new Offer(List.of(), List.of(), "The tenant's labels and apps could not be read: "
                            + e.getMessage(), false);
                }
            }
        }
        return offer;
    }

    /** The consent card of the catalog scope set in the tenant chosen. */
    public String getCatalogConsent() {
        return ConsentCard.path(getTenant(), TeamsIds.CATALOG_SCOPES, "/teams-governance/catalog.xhtml?tenant="
                + java.net.URLEncoder.encode(getTenant(), java.nio.charset.StandardCharsets.UTF_8));
    }

    public List<String> getBaseTemplates() {
        return TeamTemplate.BASE_TEMPLATES;
    }

    public Form getForm() {
        return form;
    }

    public boolean isEditing() {
        return editingId != null;
    }

    /** Whether the person may change {@code template}. */
    public boolean mayManage(TeamTemplate template) {
        return template.mspWide() ? isMayManageMspWide() : user.holds(TeamsIds.MANAGE_CATALOG, template.tenantId());
    }

    public void addChannel() {
        form.channels.add(new ChannelRow());
    }

    public void removeChannel(ChannelRow row) {
        form.channels.remove(row);
    }

    /** Starts a new template. */
    public void clear() {
        editingId = null;
        editingTenant = null;
        editingVersion = 0;
        form = new Form();
    }

    /** Loads a template into the form. */
    public void edit(TeamTemplate template) {
        if (!mayManage(template)) {
            Pages.error("You may not change this template.");
            return;
        }
        editingId = template.id();
        editingTenant = template.tenantId();
        editingVersion = template.version();
        form.name = template.name();
        form.description = template.description() == null ? "" : template.description();
        form.mspWide = template.mspWide();
        form.baseTemplate = template.baseTemplate();
        form.visibility = template.visibility();
        form.channels = new ArrayList<>();
        for (TeamTemplate.ChannelSpec channel : template.channels()) {
            ChannelRow row = new ChannelRow();
            row.name = channel.name();
            row.kind = channel.kind();
            row.description = channel.description() == null ? "" : channel.description();
            if (!channel.tabs().isEmpty()) {
                row.tabName = channel.tabs().get(0).name();
                row.tabUrl = channel.tabs().get(0).url();
            }
            form.channels.add(row);
        }
        form.apps = new ArrayList<>(template.apps().stream().map(TeamTemplate.AppSpec::id).toList());
        form.membersCreateChannels = template.memberSettings().createUpdateChannels();
        form.membersCreatePrivateChannels = template.memberSettings().createPrivateChannels();
        form.membersDeleteChannels = template.memberSettings().deleteChannels();
        form.membersManageApps = template.memberSettings().addRemoveApps();
        form.membersManageTabs = template.memberSettings().createUpdateRemoveTabs();
        form.guestsCreateChannels = template.guestSettings().createUpdateChannels();
        form.guestsDeleteChannels = template.guestSettings().deleteChannels();
        form.guestsAllowed = template.guestsAllowed();
        form.prefix = template.naming().prefix();
        form.suffix = template.naming().suffix();
        form.blockedWords = String.join(", ", template.naming().blockedWords());
        form.minOwners = template.minOwners();
        form.labelId = template.labelId();
        form.expiryDays = template.expiryDays();
        form.approvers = String.join(", ", template.approvers());
    }

    /** Keeps the form as a new template, or as the next version of the one edited. */
    public void save() {
        String scope = editingId != null ? editingTenant : form.mspWide ? null : getTenant();
        if (scope == null ? !isMayManageMspWide() : scope.isEmpty() || !user.holds(TeamsIds.MANAGE_CATALOG, scope)) {
            Pages.error(scope == null ? "MSP-wide templates are kept by those who manage the catalog for every tenant."
                    : "Choose a tenant whose catalog you manage, or make the template MSP-wide.");
            return;
        }
        TeamTemplate template = template(scope);
        Optional<String> refusal = template.refusal();
        if (refusal.isPresent()) {
            Pages.error(refusal.get());
            return;
        }
        try {
            TeamTemplate kept = new TemplateStore(records).save(template);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("name", kept.name());
            details.put("version", Integer.toString(kept.version()));
            details.put("label", kept.labelName());
            audit.record("template.saved", scope, kept.id(), details);
            Pages.info("Template " + kept.name() + " kept as version " + kept.version() + ".");
            edit(kept);
            templates = null;
        } catch (RecordConflictException e) {
            Pages.error("Someone changed this template meanwhile: open it again to see their change.");
        }
    }

    /** Retires a template (no new request can use it) or brings it back, as a new version. */
    public void retire(TeamTemplate template, boolean retired) {
        if (!mayManage(template)) {
            Pages.error("You may not change this template.");
            return;
        }
        try {
            TeamTemplate kept = new TemplateStore(records).save(new TeamTemplate(template.id(), template.tenantId(),
                    template.version(), template.name(), template.description(), template.baseTemplate(),
                    template.visibility(), template.channels(), template.apps(), template.memberSettings(),
                    template.guestSettings(), template.guestsAllowed(), template.naming(), template.minOwners(),
                    template.labelId(), template.labelName(), template.expiryDays(), template.approvers(), retired,
                    user.userPrincipalName(), Instant.now()));
            audit.record(retired ? "template.retired" : "template.restored", template.tenantId(), template.id(),
                    Map.of("name", kept.name(), "version", Integer.toString(kept.version())));
            templates = null;
        } catch (RecordConflictException e) {
            Pages.error("Someone changed this template meanwhile.");
        }
    }

    private TeamTemplate template(String scope) {
        List<TeamTemplate.ChannelSpec> channels = new ArrayList<>();
        for (ChannelRow row : form.channels) {
            if (row.name.isBlank() && row.tabName.isBlank()) {
                continue;
            }
            List<TeamTemplate.TabSpec> tabs = row.tabName.isBlank() && row.tabUrl.isBlank() ? List.of()
                    : List.of(new TeamTemplate.TabSpec(row.tabName.strip(), row.tabUrl.strip()));
            channels.add(new TeamTemplate.ChannelSpec(row.name.strip(), row.description.strip(), row.kind, tabs));
        }
        List<TeamTemplate.AppSpec> apps = new ArrayList<>();
        for (String id : form.apps) {
            String name = getOffer().apps().stream().filter(app -> app.id().equals(id)).map(
                    TenantCatalog.TemplateApp::name).findFirst().orElse(id);
            apps.add(new TeamTemplate.AppSpec(id, name));
        }
        String labelName = form.labelId.isEmpty() ? "" : getOffer().labels().stream()
                .filter(label -> label.id().equals(form.labelId)).map(TenantCatalog.Label::name).findFirst()
                .orElse(form.labelId);
        return new TeamTemplate(editingId == null ? UUID.randomUUID().toString() : editingId, scope,
                editingId == null ? 0 : editingVersion, form.name, form.description, form.baseTemplate,
                form.visibility, channels, scope == null ? List.of() : apps,
                new TeamTemplate.MemberSettings(form.membersCreateChannels, form.membersCreatePrivateChannels,
                        form.membersDeleteChannels, form.membersManageApps, form.membersManageTabs),
                new TeamTemplate.GuestSettings(form.guestsCreateChannels, form.guestsDeleteChannels),
                form.guestsAllowed, new NamingPolicy(form.prefix, form.suffix,
                        Arrays.stream(form.blockedWords.split(",")).map(String::strip).toList()), form.minOwners,
                scope == null ? "" : form.labelId, scope == null ? "" : labelName, form.expiryDays,
                Arrays.stream(form.approvers.split("[,;\\s]+")).map(String::strip).filter(a -> !a.isEmpty()).toList(),
                false, user.userPrincipalName(), Instant.now());
    }

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantId == null ? "MSP-wide" : tenantChoices.name(tenantId, tenants);
    }
}
