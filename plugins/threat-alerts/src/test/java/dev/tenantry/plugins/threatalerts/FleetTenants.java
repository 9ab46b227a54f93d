package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.testkit.MemoryTenants;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tenants of a fleet as a page must use them: searched and named a page at a time. Reading the list of every
 * tenant ({@link #all()}) fails the test; every other call is counted.
 */
final class FleetTenants implements PluginTenants {

    private final MemoryTenants tenants;
    final AtomicInteger calls = new AtomicInteger();

    FleetTenants(MemoryTenants tenants) {
        this.tenants = tenants;
    }

    /** A fleet of {@code size} tenants {@code t000}, {@code t001} … named {@code Tenant 000} …. */
    static FleetTenants of(int size) {
        MemoryTenants tenants = new MemoryTenants();
        for (int i = 0; i < size; i++) {
            tenants.add(id(i), "Tenant " + String.format("%03d", i), "tenant" + i + ".example");
        }
        return new FleetTenants(tenants);
    }

    static String id(int i) {
        return String.format("t%03d", i);
    }

    @Override
    public List<Tenant> all() {
        throw new AssertionError("A page read the list of every tenant");
    }

    @Override
    public List<Tenant> search(String text, int first, int max) {
        calls.incrementAndGet();
        return tenants.search(text, first, max);
    }

    @Override
    public long count(String text) {
        calls.incrementAndGet();
        return tenants.count(text);
    }

    @Override
    public Map<String, Tenant> named(Collection<String> tenantIds) {
        calls.incrementAndGet();
        return tenants.named(tenantIds);
    }

    @Override
    public Optional<Tenant> find(String tenantId) {
        return tenants.find(tenantId);
    }
}
