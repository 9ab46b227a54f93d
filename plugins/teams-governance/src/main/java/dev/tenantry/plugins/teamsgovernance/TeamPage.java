package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.teamsgovernance.teams.TeamArchive;
import dev.tenantry.plugins.teamsgovernance.teams.TeamDetails;
import java.io.Serializable;
import org.pf4j.Extension;

/**
 * A team's page ({@code #{teamPage}}), read from Microsoft when it opens, as the tenant's integration account: the team
 * and its settings and channels (basic scope set), and, where the home scope set is granted, its owners, members and
 * guests, each private or shared channel's members and every channel's tabs, in two batches of requests.
 */
@Extension
@Model("teamPage")
public class TeamPage implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient dev.tenantry.plugin.api.PluginAudit audit;

    private String tenant = "";
    private String id = "";
    private transient TeamDetails.Shown shown;

    public TeamDetails.Shown getShown() {
        if (shown == null) {
            shown = tenant.isEmpty() || id.isEmpty() || !user.holds(TeamsIds.VIEW, tenant)
                    ? TeamDetails.Shown.failed("No team of a tenant whose teams you may see.") : read();
        }
        return shown;
    }

    private TeamDetails.Shown read() {
        try {
            return TeamDetails.read(graph, tenant, id);
        } catch (ConsentRequiredException e) {
            return TeamDetails.Shown.failed(e.getMessage());
        } catch (GraphUnavailableException e) {
            return TeamDetails.Shown.failed("Microsoft Graph is unavailable now; try again in a moment.");
        } catch (com.microsoft.kiota.ApiException e) {
            return TeamDetails.Shown.failed(e.getResponseStatusCode() == 404 ? "This team is no longer there."
                    : "Microsoft Graph refused to read the team (HTTP " + e.getResponseStatusCode() + ")");
        } catch (Exception e) {
            return TeamDetails.Shown.failed("The team could not be read: " + e.getMessage());
        }
    }

    /** Whether the person may archive the team and bring it back (as the tenant's service account). */
    public boolean isMayArchive() {
        return !tenant.isEmpty() && user.holds(TeamsIds.ADMINISTER, tenant);
    }

    /** Archives the team, or brings it back, as the tenant's service account. */
    public void archive(boolean archived) {
        if (!isMayArchive()) {
            Pages.error("You may not archive teams in this tenant.");
            return;
        }
        try {
            boolean done = TeamArchive.archive(graph, tenant, id, archived);
            audit.record(archived ? "team.archived" : "team.unarchived", tenant, id, java.util.Map.of("team",
                    getShown().displayName()));
            Pages.info((archived ? "Archiving " : "Bringing back ") + getShown().displayName()
                    + (done ? ": done." : ": Microsoft finishes it in a moment."));
            shown = null;
        } catch (ConsentRequiredException e) {
            Pages.error("The service account cannot do it: " + e.status().reason());
        } catch (Exception e) {
            Pages.error("Microsoft refused: " + e.getMessage());
        }
    }

    /** The consent card of the archive scope set (the service account signs in for it). */
    public String getArchiveConsent() {
        return dev.tenantry.plugin.api.ConsentCard.path(tenant, TeamsIds.ARCHIVE_SCOPES, getSelf());
    }

    public String getTenantName() {
        return tenants.find(tenant).map(PluginTenants.Tenant::displayName).orElse(tenant);
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant == null ? "" : tenant.strip();
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id == null ? "" : id.strip();
    }

    /** The page's own address, for the consent card to come back to. */
    public String getSelf() {
        return TeamsIds.teamPage(tenant, id);
    }
}
