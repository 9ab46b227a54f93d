package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant picker's choices: tenants whose name, domain or id contains what was typed and where the person holds a
 * permission, a page of the search at a time (never the list of every tenant), with their names kept for the labels.
 */
final class TenantChoices implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Tenants a search offers. */
    static final int OFFERED = 15;
    /** Tenants a search reads at most, to find those the person may see. */
    static final int SEARCHED = 1_000;
    private static final int PAGE = 100;

    private final String permission;
    private final Map<String, String> names = new HashMap<>();

    TenantChoices(String permission) {
        this.permission = permission;
    }

    List<String> complete(String text, PluginTenants tenants, PortalUser user) {
        List<String> offered = new ArrayList<>();
        for (int first = 0; first < SEARCHED && offered.size() < OFFERED; first += PAGE) {
            List<PluginTenants.Tenant> page = tenants.search(text, first, PAGE);
            for (PluginTenants.Tenant tenant : page) {
                if (offered.size() < OFFERED && user.holds(permission, tenant.id())) {
                    offered.add(tenant.id());
                    names.put(tenant.id(), tenant.displayName());
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return offered;
    }

    /** A tenant's name by its id (empty: no tenant). */
    String name(String tenantId, PluginTenants tenants) {
        if (tenantId == null || tenantId.isEmpty()) {
            return "";
        }
        return names.computeIfAbsent(tenantId, id -> tenants.find(id).map(PluginTenants.Tenant::displayName)
                .orElse(id));
    }
}
