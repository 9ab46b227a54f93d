package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginTenants;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The tenants a plugin works in, for its tests: those the test adds, by name as the host lists them. */
public final class MemoryTenants implements PluginTenants {

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /** Tenants to start with. */
    public static MemoryTenants of(Tenant... tenants) {
        MemoryTenants memory = new MemoryTenants();
        for (Tenant tenant : tenants) {
            memory.add(tenant);
        }
        return memory;
    }

    /** Adds a tenant with no tags (the plugin now works in it); returns it. */
    public Tenant add(String id, String displayName, String primaryDomain) {
        return add(new Tenant(id, displayName, primaryDomain, Set.of()));
    }

    public Tenant add(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
        return tenant;
    }

    /** The plugin no longer works in the tenant (it was removed, or the plugin switched off there). */
    public void remove(String tenantId) {
        tenants.remove(tenantId);
    }

    @Override
    public List<Tenant> all() {
        return tenants.values().stream().sorted(Comparator.comparing(Tenant::displayName).thenComparing(Tenant::id))
                .toList();
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(tenantId == null ? null : tenants.get(tenantId));
    }
}
