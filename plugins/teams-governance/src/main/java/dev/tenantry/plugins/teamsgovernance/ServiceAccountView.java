package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.ConsentCard;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.teamsgovernance.account.Prerequisites;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * A tenant's Teams service account ({@code #{teamsServiceAccount}}), for Teams Administrators: who signed in as it,
 * whether it works, when it was last used, its prerequisites as Microsoft says they are now, and the way to sign it in
 * (or in again, "Update", after its password or second factor changed) through the host's consent card.
 */
@Extension
@Model("teamsServiceAccount")
public class ServiceAccountView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginTenants tenants;

    private String tenant;
    private final TenantChoices tenantChoices = new TenantChoices(TeamsIds.ADMINISTER);
    private transient Optional<GraphAccess.AccountSignIn> account;
    private Prerequisites.Reading prerequisites;
    private String problem = "";

    /** The tenant shown: the one chosen here, else the top bar's. */
    public String getTenant() {
        if (tenant == null) {
            tenant = user.selectedTenantId().orElse("");
        }
        return tenant;
    }

    public void setTenant(String tenant) {
        String chosen = tenant == null ? "" : tenant.strip();
        if (!chosen.equals(this.tenant)) {
            this.tenant = chosen;
            account = null;
            prerequisites = null;
            problem = "";
        }
    }

    /** Whether the person may look after the service account of the tenant shown. */
    public boolean isMayAdminister() {
        return !getTenant().isEmpty() && user.holds(TeamsIds.ADMINISTER, getTenant());
    }

    /** The service account as signed in to the tenant, if it ever was. */
    public Optional<GraphAccess.AccountSignIn> getAccount() {
        if (account == null) {
            account = isMayAdminister() ? graph.account(getTenant(), TeamsIds.SERVICE_ACCOUNT) : Optional.empty();
        }
        return account;
    }

    /** Reads the account's prerequisites from Microsoft now, as the account. */
    public void check() {
        if (!isMayAdminister()) {
            Pages.error("You may not look after the service account of this tenant.");
            return;
        }
        try {
            prerequisites = Prerequisites.read(graph, getTenant());
            problem = "";
        } catch (ConsentRequiredException e) {
            prerequisites = null;
            problem = "The service account cannot be used: " + e.status().reason();
        } catch (GraphUnavailableException e) {
            prerequisites = null;
            problem = "Microsoft Graph is unavailable now: " + e.getMessage();
        } catch (Exception e) {
            prerequisites = null;
            problem = "Microsoft refused to say: " + e.getMessage();
        }
        account = null;
    }

    public Prerequisites.Reading getPrerequisites() {
        return prerequisites;
    }

    public String getProblem() {
        return problem;
    }

    /** Where the account signs in (or in again): the consent card of the provisioning scope set. */
    public String getSignInPath() {
        return ConsentCard.path(getTenant(), TeamsIds.PROVISIONING_SCOPES, self());
    }

    /** The consent card of another scope set the account uses (labels, archive), to grant it there. */
    public String cardOf(String scopeSet) {
        return ConsentCard.path(getTenant(), scopeSet, self());
    }

    /** This page for the tenant shown, to come back to from the consent card. */
    private String self() {
        return "/teams-governance/settings.xhtml?tenant=" + java.net.URLEncoder.encode(getTenant(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether a scope set the account uses is granted to it in the tenant shown. */
    public boolean granted(String scopeSet) {
        return isMayAdminister() && graph.consent(getTenant(), scopeSet).granted();
    }

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }
}
