package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.portal.tenant.CustomerTenant;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * One plugin's {@link PluginTenants}: active tenants where it is not switched off. Not filtered by the current user:
 * a plugin's pages see the user's tenant through {@code PortalUser}, and its jobs work for every tenant it serves.
 */
public final class HostPluginTenants implements PluginTenants, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX = 10_000;

    private final String pluginId;

    public HostPluginTenants(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public List<Tenant> all() {
        HostBeans host = HostBeans.get();
        return host.tenants().active(MAX).stream()
                .filter(tenant -> host.catalogue().enabledFor(pluginId, tenant.id()))
                .map(HostPluginTenants::toTenant).toList();
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        HostBeans host = HostBeans.get();
        return host.tenants().find(tenantId)
                .filter(tenant -> tenant.status() == CustomerTenant.Status.ACTIVE)
                .filter(tenant -> host.catalogue().enabledFor(pluginId, tenant.id())).map(HostPluginTenants::toTenant);
    }

    private static Tenant toTenant(CustomerTenant tenant) {
        return new Tenant(tenant.id(), tenant.displayName(), tenant.primaryDomain(), tenant.tags());
    }
}
