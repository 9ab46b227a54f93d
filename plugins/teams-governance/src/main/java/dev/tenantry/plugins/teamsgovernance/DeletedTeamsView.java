package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.ConsentCard;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.teamsgovernance.teams.TeamRestore;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The teams of a tenant deleted in the last 30 days ({@code #{teamsDeleted}}), for Teams Administrators, each
 * restored with its content as the tenant's integration account.
 */
@Extension
@Model("teamsDeleted")
public class DeletedTeamsView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginAudit audit;

    private String tenant;
    private final TenantChoices tenantChoices = new TenantChoices(TeamsIds.ADMINISTER);
    private transient List<TeamRestore.Deleted> deleted;
    private String problem = "";
    private boolean consentMissing;

    public String getTenant() {
        if (tenant == null) {
            tenant = user.selectedTenantId().orElse("");
        }
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant == null ? "" : tenant.strip();
        deleted = null;
    }

    public boolean isMayRestore() {
        return !getTenant().isEmpty() && user.holds(TeamsIds.ADMINISTER, getTenant());
    }

    /** The tenant's deleted teams, read as its service account. */
    public List<TeamRestore.Deleted> getDeleted() {
        if (deleted == null) {
            problem = "";
            consentMissing = false;
            if (!isMayRestore()) {
                deleted = List.of();
                return deleted;
            }
            try {
                deleted = TeamRestore.deleted(graph, getTenant());
            } catch (ConsentRequiredException e) {
                deleted = List.of();
                problem = e.status().reason();
                consentMissing = true;
            } catch (Exception e) {
                deleted = List.of();
                problem = "The deleted teams could not be read now: " + e.getMessage();
            }
        }
        return deleted;
    }

    public void restore(TeamRestore.Deleted team) {
        if (!isMayRestore()) {
            Pages.error("You may not restore teams in this tenant.");
            return;
        }
        try {
            TeamRestore.restore(graph, getTenant(), team.id());
            audit.record("team.restored", getTenant(), team.displayName(), Map.of("team", team.id()));
            Pages.info("Restored " + team.displayName() + " with its content.");
            deleted = null;
        } catch (ConsentRequiredException e) {
            Pages.error("Consent is needed first: " + e.status().reason());
        } catch (Exception e) {
            Pages.error("Microsoft refused: " + e.getMessage());
        }
    }

    public String getProblem() {
        getDeleted();
        return problem;
    }

    public boolean isConsentMissing() {
        getDeleted();
        return consentMissing;
    }

    public String getRestoreConsent() {
        return ConsentCard.path(getTenant(), TeamsIds.RESTORE_SCOPES, "/teams-governance/deleted.xhtml?tenant="
                + java.net.URLEncoder.encode(getTenant(), java.nio.charset.StandardCharsets.UTF_8));
    }

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }
}
