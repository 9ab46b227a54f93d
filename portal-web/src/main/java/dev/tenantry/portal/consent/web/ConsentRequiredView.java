package dev.tenantry.portal.consent.web;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.consent.ConsentManager;
import dev.tenantry.portal.consent.HostScopeSets;
import dev.tenantry.portal.consent.ScopeSetCatalogue;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The consent card a feature shows instead of failing when its scope set is not granted in a tenant: which plugin and
 * purpose, each missing permission with the plugin's justification and whether only an administrator can grant it,
 * and why it is missing — read again now, never taken from the failed call. Only for a tenant the user works in, and a
 * scope set of a running plugin that works there.
 */
@Named
@RequestScoped
public class ConsentRequiredView {

    @Inject
    ScopeSetCatalogue catalogue;

    @Inject
    ConsentManager manager;

    @Inject
    TenantDirectory tenants;

    @Inject
    dev.tenantry.portal.consent.ConsentFlow flow;

    @Inject
    dev.tenantry.portal.access.AccessControl access;

    @Inject
    dev.tenantry.portal.consent.ConsentRequests requests;

    private CustomerTenant tenant;
    private String owner;
    private ScopeSet scopeSet;
    private ConsentStatus status;
    private String back;
    private String outcome;
    private PluginManifest.AccountDeclaration account;
    private Optional<dev.tenantry.portal.consent.Connection> accountConnection = Optional.empty();

    /** One permission of the scope set as the card lists it. */
    public record PermissionRow(String name, String type, boolean adminConsentRequired, String justification,
            boolean missing) {
    }

    @PostConstruct
    void read() {
        Map<String, String> parameters = FacesContext.getCurrentInstance().getExternalContext()
                .getRequestParameterMap();
        String tenantId = parameters.get("tenant");
        String scopeSetId = parameters.get("scopeSet");
        back = dev.tenantry.portal.consent.ReturnPaths.safe(parameters.get("from"));
        outcome = parameters.get("outcome");
        if (tenantId == null || scopeSetId == null) {
            return;
        }
        try {
            tenant = tenants.find(tenantId);
        } catch (AccessDeniedException | IllegalArgumentException | dev.tenantry.portal.tenant.TenantException e) {
            // A tenant the user does not work in, or none at all: the card says there is nothing to grant here
            tenant = null;
            return;
        }
        try {
            scopeSet = manager.scopeSet(tenantId, scopeSetId);
        } catch (IllegalArgumentException e) {
            return;
        }
        owner = HostScopeSets.isHost(scopeSetId) ? "Tenantry" : catalogue.runningManifest(ScopeSetCatalogue.pluginOf(
                scopeSetId)).map(PluginManifest::displayName).orElse(null);
        status = owner == null ? null : manager.consent(tenantId, scopeSet);
        if (status != null && scopeSet.byPluginAccount()) {
            account = catalogue.runningManifest(ScopeSetCatalogue.pluginOf(scopeSetId))
                    .flatMap(manifest -> manifest.account(scopeSet.account())).orElse(null);
            accountConnection = manager.connection(tenantId, ConsentManager.key(scopeSet));
        }
    }

    /**
     * The plugin's account this scope set is used by (a service account), when it is one: the card then offers to
     * sign in as that account, also when everything is granted (after its password or second factor changed).
     */
    public PluginManifest.AccountDeclaration getAccount() {
        return account;
    }

    /** The account's connection in the tenant as it is now, if it ever signed in. */
    public Optional<dev.tenantry.portal.consent.Connection> getAccountConnection() {
        return accountConnection;
    }

    /** Whether there is a card to show: a tenant of the user, a scope set of a plugin that works there. */
    public boolean isFound() {
        return status != null;
    }

    public CustomerTenant getTenant() {
        return tenant;
    }

    /** Who asks: the plugin's display name, or Tenantry. */
    public String getOwner() {
        return owner;
    }

    public ScopeSet getScopeSet() {
        return scopeSet;
    }

    public ConsentStatus getStatus() {
        return status;
    }

    public List<PermissionRow> getPermissions() {
        if (scopeSet == null) {
            return List.of();
        }
        return scopeSet.permissions().stream().map(permission -> new PermissionRow(permission.name(),
                permission.type().name().toLowerCase(java.util.Locale.ROOT), permission.adminConsentRequired(),
                permission.justification(), status.missing().contains(permission.name()))).toList();
    }

    /** Whether a tenant administrator has to grant something missing. */
    public boolean isAdminConsentNeeded() {
        return getPermissions().stream().anyMatch(row -> row.missing() && row.adminConsentRequired());
    }

    /** How the last consent attempt ended (granted, denied, admin, state, failed), when the user comes back. */
    public String getOutcome() {
        return outcome == null || !outcome.matches("granted|denied|admin|state|failed") ? null : outcome;
    }

    /** Whether the user may grant consent in this tenant ({@code consent:manage}); the flow checks again. */
    public boolean isMayGrant() {
        if (tenant == null) {
            return false;
        }
        java.util.Set<String> held = access.callerPermissions(tenant.id());
        return held.contains(dev.tenantry.portal.access.Permissions.CONSENT_MANAGE)
                || (account != null && held.contains(account.permission()));
    }

    /** Whether a "Grant" can start here: something missing, delegated, and the user may grant. */
    public boolean isGrantable() {
        return status != null && (!status.granted() || account != null) && isMayGrant()
                && scopeSet.connection() == ScopeSet.Connection.DELEGATED;
    }

    /** Starts incremental consent for exactly what this scope set lacks, and sends the browser to sign in. */
    public void grant() throws java.io.IOException {
        try {
            java.net.URI target = flow.start(tenant.id(), java.util.List.of(scopeSet.id()), back);
            FacesContext.getCurrentInstance().getExternalContext().redirect(target.toString());
        } catch (IllegalArgumentException | AccessDeniedException e) {
            dev.tenantry.portal.web.PageMessages.show(null, jakarta.faces.application.FacesMessage.SEVERITY_ERROR,
                    e.getMessage());
        }
    }

    /** Whether to offer filing a request: the user cannot grant, or only the customer's administrator can. */
    public boolean isAskable() {
        return status != null && !status.granted() && (!isMayGrant() || "admin".equals(getOutcome()));
    }

    /** Files a consent request for this scope set; staff with consent management take it from there. */
    public void askAdministrator() {
        try {
            requests.file(tenant.id(), java.util.List.of(scopeSet.id()), getOutcome());
            dev.tenantry.portal.web.PageMessages.show(null, jakarta.faces.application.FacesMessage.SEVERITY_INFO,
                    dev.tenantry.portal.web.PageMessages.text("consent.request.filed"));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            dev.tenantry.portal.web.PageMessages.show(null, jakarta.faces.application.FacesMessage.SEVERITY_ERROR,
                    e.getMessage());
        }
    }

    /** Where the user came from, inside the portal only. */
    public Optional<String> getBack() {
        return Optional.ofNullable(back);
    }
}
