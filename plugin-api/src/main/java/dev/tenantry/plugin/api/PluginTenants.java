package dev.tenantry.plugin.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The customer tenants a plugin works in: active tenants where the plugin is not switched off. Plugins learn of
 * tenants only through this (and the tenant chosen in the top bar, {@link PortalUser#selectedTenantId()}).
 */
public interface PluginTenants {

    /** Every tenant the plugin works in, by name. */
    List<Tenant> all();

    /** One tenant, if the plugin works in it. */
    Optional<Tenant> find(String tenantId);

    /** A customer tenant as plugins see it. */
    record Tenant(String id, String displayName, String primaryDomain, Set<String> tags) {

        public Tenant {
            tags = Set.copyOf(tags);
        }
    }
}
