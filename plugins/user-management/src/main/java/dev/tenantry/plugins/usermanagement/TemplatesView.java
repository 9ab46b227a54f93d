package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.usermanagement.actions.Templates;
import dev.tenantry.plugins.usermanagement.actions.UserTemplate;
import java.io.Serializable;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.pf4j.Extension;

/**
 * User templates ({@code #{userTemplates}}): the MSP-wide ones and those of a chosen tenant, made, changed and deleted
 * by staff who hold {@code user-management:manage-templates} (for all tenants for MSP-wide ones); checked and audited
 * by {@link Templates}.
 */
@Extension
@Model("userTemplates")
public class TemplatesView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginAudit audit;

    private final TenantChoices tenantChoices = new TenantChoices(UserIds.MANAGE_TEMPLATES);
    private String tenant = "";
    private String editing = "";
    private String name = "";
    private boolean mspWide = true;
    private String usageLocation = "";
    private String department = "";
    private String jobTitle = "";
    private String companyName = "";
    private String licences = "";
    private String groups = "";

    /** The MSP-wide templates, then the chosen tenant's. */
    public List<UserTemplate> getTemplates() {
        Templates store = new Templates(records);
        return tenant.isEmpty() ? store.mspWide() : store.offeredIn(tenant);
    }

    public boolean isMayManageMspWide() {
        return user.holds(UserIds.MANAGE_TEMPLATES, null);
    }

    public boolean mayManage(UserTemplate template) {
        return user.holds(UserIds.MANAGE_TEMPLATES, template.tenantId());
    }

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantId == null ? "MSP-wide" : tenantChoices.name(tenantId, tenants);
    }

    /** Fills the form with a template to change. */
    public void edit(UserTemplate template) {
        editing = template.id();
        name = template.name();
        mspWide = template.mspWide();
        usageLocation = nz(template.usageLocation());
        department = nz(template.department());
        jobTitle = nz(template.jobTitle());
        companyName = nz(template.companyName());
        licences = String.join(", ", template.licences());
        groups = String.join(", ", template.groups());
    }

    public void save() {
        String scope = mspWide || tenant.isEmpty() ? null : tenant;
        List<String> problems = new Templates(records).save(new UserTemplate(editing.isEmpty() ? null : editing, name,
                scope, usageLocation, department, jobTitle, companyName, list(licences), list(groups), null, null),
                user, audit, Clock.systemUTC());
        if (problems.isEmpty()) {
            Pages.info("Template saved: " + name);
            clear();
        } else {
            problems.forEach(Pages::error);
        }
    }

    public void delete(UserTemplate template) {
        if (new Templates(records).delete(template.tenantId(), template.id(), user, audit)) {
            Pages.info("Template deleted: " + template.name());
        } else {
            Pages.error("You may not delete this template.");
        }
    }

    public void clear() {
        editing = "";
        name = "";
        usageLocation = "";
        department = "";
        jobTitle = "";
        companyName = "";
        licences = "";
        groups = "";
    }

    private static List<String> list(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip)
                .filter(part -> !part.isEmpty()).distinct().toList();
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        tenant = value == null ? "" : value.strip();
    }

    public String getEditing() {
        return editing;
    }

    public String getName() {
        return name;
    }

    public void setName(String value) {
        name = value;
    }

    public boolean isMspWide() {
        return mspWide;
    }

    public void setMspWide(boolean value) {
        mspWide = value;
    }

    public String getUsageLocation() {
        return usageLocation;
    }

    public void setUsageLocation(String value) {
        usageLocation = value;
    }

    public String getDepartment() {
        return department;
    }

    public void setDepartment(String value) {
        department = value;
    }

    public String getJobTitle() {
        return jobTitle;
    }

    public void setJobTitle(String value) {
        jobTitle = value;
    }

    public String getCompanyName() {
        return companyName;
    }

    public void setCompanyName(String value) {
        companyName = value;
    }

    public String getLicences() {
        return licences;
    }

    public void setLicences(String value) {
        licences = value;
    }

    public String getGroups() {
        return groups;
    }

    public void setGroups(String value) {
        groups = value;
    }
}
