package dev.tenantry.portal.consent.web;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ConsentManager;
import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.plugin.PluginHost;
import dev.tenantry.portal.tenant.TenantPicker;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Backs {@code settings/consent.xhtml}: for the tenant chosen in the top bar, its connections and, for every scope set
 * of the plugins working there, whether it is granted — with the way to grant what is missing.
 */
@Named
@RequestScoped
public class ConsentView {

    @Inject
    TenantPicker picker;

    @Inject
    PluginHost host;

    @Inject
    ConsentManager manager;

    @Inject
    ConsentStore store;

    @Inject
    AccessControl access;

    /** A scope set and what the tenant granted of it. */
    public record ScopeSetRow(String plugin, ScopeSet scopeSet, ConsentStatus status) {

        public String permissions() {
            return String.join(", ", scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList());
        }
    }

    /** The tenant chosen in the top bar, when the user may see its consent ({@code tenants:read} there). */
    public String getTenantId() {
        String tenant = picker.getSelectedId();
        return tenant != null && access.callerPermissions(tenant).contains(Permissions.TENANTS_READ) ? tenant : null;
    }

    public List<Connection> getConnections() {
        return getTenantId() == null ? List.of() : store.connections(getTenantId());
    }

    public List<ScopeSetRow> getScopeSets() {
        String tenant = getTenantId();
        List<ScopeSetRow> rows = new ArrayList<>();
        if (tenant == null) {
            return rows;
        }
        for (PluginManifest manifest : host.running()) {
            if (!host.enabledFor(manifest.pluginId(), tenant)) {
                continue;
            }
            for (ScopeSet set : manifest.scopeSets()) {
                if (set.resource() == ScopeSet.Resource.MICROSOFT_GRAPH) {
                    rows.add(new ScopeSetRow(manifest.displayName(), set, manager.consent(tenant, set)));
                }
            }
        }
        return rows;
    }
}
