package dev.tenantry.plugin.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The customer tenants a plugin works in: active tenants where the plugin is not switched off. Plugins learn of
 * tenants only through this (and the tenant chosen in the top bar, {@link PortalUser#selectedTenantId()}).
 */
public interface PluginTenants {

    /**
     * Every tenant the plugin works in, by name. For jobs over the fleet and small installations; a page that lists or
     * picks tenants uses {@link #search} (a page at a time), and one that names the tenants of a page of records
     * {@link #named}.
     */
    List<Tenant> all();

    /**
     * The tenants the plugin works in whose name, primary domain or id contains {@code text} (whatever the case; blank:
     * every one), by name, a page at a time ({@code max} 1 to 500).
     *
     * @since 1.6.0
     */
    default List<Tenant> search(String text, int first, int max) {
        if (first < 0 || max < 1 || max > 500) {
            throw new IllegalArgumentException("A page of tenants starts at 0 or later and holds 1 to 500");
        }
        return all().stream().filter(tenant -> matches(tenant, text)).skip(first).limit(max).toList();
    }

    /**
     * How many tenants {@link #search} finds for {@code text}.
     *
     * @since 1.6.0
     */
    default long count(String text) {
        return all().stream().filter(tenant -> matches(tenant, text)).count();
    }

    /**
     * Of {@code tenantIds}, the tenants the plugin works in, by id, read at once: the names of the tenants of a page.
     *
     * @since 1.6.0
     */
    default Map<String, Tenant> named(Collection<String> tenantIds) {
        Map<String, Tenant> named = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(tenantIds)) {
            find(id).ifPresent(tenant -> named.put(id, tenant));
        }
        return named;
    }

    private static boolean matches(Tenant tenant, String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return wanted.isEmpty() || (tenant.displayName() + " " + tenant.primaryDomain() + " " + tenant.id())
                .toLowerCase(Locale.ROOT).contains(wanted);
    }

    /** One tenant, if the plugin works in it. */
    Optional<Tenant> find(String tenantId);

    /** A customer tenant as plugins see it. */
    record Tenant(String id, String displayName, String primaryDomain, Set<String> tags) {

        public Tenant {
            tags = Set.copyOf(tags);
        }
    }
}
