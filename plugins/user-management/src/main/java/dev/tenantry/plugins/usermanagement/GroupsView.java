package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.usermanagement.actions.GroupLifecycle;
import dev.tenantry.plugins.usermanagement.actions.UserActions;
import java.io.Serializable;
import java.util.List;
import org.pf4j.Extension;

/**
 * Microsoft 365 groups of a tenant ({@code #{m365Groups}}): found by the start of their name and deleted, and those
 * deleted in the last 30 days restored; for staff who may delete in the tenant, each action authorised again when it
 * runs.
 */
@Extension
@Model("m365Groups")
public class GroupsView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String OUTCOME = "m365Groups.outcome";

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginAudit audit;

    private final TenantChoices tenantChoices = new TenantChoices(UserIds.DELETE);
    private String tenant = "";
    private String search = "";
    private transient GroupLifecycle.Found found;
    private transient GroupLifecycle.Found deleted;

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    private GroupLifecycle lifecycle() {
        return new GroupLifecycle(graph, audit, user);
    }

    public GroupLifecycle.Found getFound() {
        if (found == null) {
            found = tenant.isEmpty() ? new GroupLifecycle.Found(List.of(), "", "") : lifecycle().search(tenant, search);
        }
        return found;
    }

    public GroupLifecycle.Found getDeleted() {
        if (deleted == null) {
            deleted = tenant.isEmpty() ? new GroupLifecycle.Found(List.of(), "", "") : lifecycle().deleted(tenant);
        }
        return deleted;
    }

    public void delete(GroupLifecycle.M365Group group) {
        done(lifecycle().delete(tenant, group.id(), group.displayName()));
    }

    public void restore(GroupLifecycle.M365Group group) {
        done(lifecycle().restore(tenant, group.id(), group.displayName()));
    }

    private void done(UserActions.Outcome outcome) {
        Pages.said(OUTCOME, outcome);
        found = null;
        deleted = null;
    }

    /** The scope set the last action needs granted, if any. */
    public String getConsentNeeded() {
        return Pages.consentNeeded(OUTCOME);
    }

    public String getHere() {
        return "/user-management/groups.xhtml";
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        tenant = value == null ? "" : value.strip();
        found = null;
        deleted = null;
    }

    public String getSearch() {
        return search;
    }

    public void setSearch(String value) {
        search = value == null ? "" : value.strip();
        found = null;
    }
}
