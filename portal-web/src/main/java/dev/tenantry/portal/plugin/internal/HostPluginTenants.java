package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.portal.tenant.CustomerTenant;
import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    @Override
    public List<Tenant> search(String text, int first, int max) {
        if (first < 0 || max < 1 || max > 500) {
            throw new IllegalArgumentException("A page of tenants starts at 0 or later and holds 1 to 500");
        }
        HostBeans host = HostBeans.get();
        return host.tenants().searchActive(text, host.switchedOffIn(pluginId), first, max).stream()
                .map(HostPluginTenants::toTenant).toList();
    }

    @Override
    public long count(String text) {
        HostBeans host = HostBeans.get();
        return host.tenants().countActive(text, host.switchedOffIn(pluginId));
    }

    @Override
    public Map<String, Tenant> named(Collection<String> tenantIds) {
        HostBeans host = HostBeans.get();
        Set<String> off = host.switchedOffIn(pluginId);
        Map<String, Tenant> named = new LinkedHashMap<>();
        host.tenants().activeAmong(tenantIds).stream().filter(tenant -> !off.contains(tenant.id()))
                .forEach(tenant -> named.put(tenant.id(), toTenant(tenant)));
        return named;
    }

    private static Tenant toTenant(CustomerTenant tenant) {
        return new Tenant(tenant.id(), tenant.displayName(), tenant.primaryDomain(), tenant.tags());
    }
}
