package dev.tenantry.plugin.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tenants a page offers a person, found a page of {@link PluginTenants#search} at a time and never from the list of
 * every tenant: a tenant picker's choices ({@link #complete}, the tenants whose name, primary domain or id contains
 * what was typed and where the person holds the picker's portal permission, their names kept for the picker's labels,
 * {@link #name}), and every tenant where the person holds a permission, for work over the fleet such as "Sync all
 * tenants" or "Poll now" ({@link #visible}).
 *
 * <p>Keep one per picker in the page's model (it is {@link Serializable}, as a view-scoped model must be) and hand it
 * the model's host services, which are transient:
 *
 * <pre>{@code
 * private final TenantChoices tenantChoices = new TenantChoices("hello:view");
 * public List<String> completeTenant(String text) { return tenantChoices.complete(text, tenants, user); }
 * public String tenantName(String tenantId) { return tenantChoices.name(tenantId, tenants); }
 * }</pre>
 * <pre>{@code
 * <p:autoComplete value="#{hello.tenant}" completeMethod="#{hello.completeTenant}" var="t" itemValue="#{t}"
 *                 itemLabel="#{hello.tenantName(t)}" forceSelection="true"/>
 * }</pre>
 *
 * What a person picked is checked again on the server before anything is read or changed in that tenant
 * ({@link PortalUser#holds}): the picker only offers.
 *
 * @since 1.8.0
 */
public final class TenantChoices implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The most tenants a search offers. */
    public static final int OFFERED = 15;
    /** The most tenants a search reads to find those the person holds the permission in. */
    public static final int SEARCHED = 1_000;
    /** Tenants read at once while searching. */
    private static final int SEARCH_PAGE = 100;
    /** Tenants read at once by {@link #visible}: {@link PluginTenants#search}'s largest page. */
    private static final int FLEET_PAGE = 500;

    private final String permission;
    private final Map<String, String> names = new HashMap<>();

    /**
     * Choices among the tenants where the person holds {@code permission}.
     *
     * @param permission a portal permission, e.g. {@code hello:view}
     */
    public TenantChoices(String permission) {
        this.permission = Objects.requireNonNull(permission, "permission");
    }

    /**
     * The ids of the tenants whose name, primary domain or id contains {@code text} (whatever the case; blank: any) and
     * where {@code user} holds the permission, by name: at most {@value #OFFERED}, found among the first
     * {@value #SEARCHED} the search gives. Their names are kept for {@link #name}.
     */
    public List<String> complete(String text, PluginTenants tenants, PortalUser user) {
        List<String> offered = new ArrayList<>();
        walk(tenants, text, SEARCH_PAGE, SEARCHED, tenant -> {
            if (offered.size() < OFFERED && user.holds(permission, tenant.id())) {
                offered.add(tenant.id());
                names.put(tenant.id(), tenant.displayName());
            }
            return offered.size() < OFFERED;
        });
        return offered;
    }

    /**
     * The tags starting with {@code text} (whatever its case; blank: any) that tenants where {@code user} holds the
     * permission carry, in alphabetical order, at most {@value #OFFERED}: for a tag filter's choices, found among the
     * first {@value #SEARCHED} tenants by name as {@link #complete}'s are (a tag only later tenants carry is still
     * matched by {@link RecordQuery#taggedWith} when typed in full).
     */
    public List<String> completeTag(String text, PluginTenants tenants, PortalUser user) {
        String prefix = RecordQuery.normalTag(text);
        java.util.SortedSet<String> offered = new java.util.TreeSet<>();
        walk(tenants, "", SEARCH_PAGE, SEARCHED, tenant -> {
            if (!tenant.tags().isEmpty() && user.holds(permission, tenant.id())) {
                tenant.tags().stream().filter(tag -> tag.startsWith(prefix)).forEach(offered::add);
            }
            return true;
        });
        return offered.stream().limit(OFFERED).toList();
    }

    /**
     * A tenant's name by its id, for the picker's label: as {@link #complete} offered it, else read once
     * ({@link PluginTenants#find}); the id itself for a tenant the plugin does not work in; empty for no tenant
     * ({@code null} or empty).
     */
    public String name(String tenantId, PluginTenants tenants) {
        if (tenantId == null || tenantId.isEmpty()) {
            return "";
        }
        return names.computeIfAbsent(tenantId, id -> tenants.find(id).map(PluginTenants.Tenant::displayName)
                .orElse(id));
    }

    /**
     * The ids of every tenant the plugin works in where {@code user} holds {@code permission}, by name, read 500
     * tenants at a time: for work a person starts over every tenant they may act in, which names
     * its tenants ({@link PluginWork#startEach}). A page that lists records of those tenants asks the database with
     * {@link RecordQuery#visibleWith} instead.
     */
    public static List<String> visible(PluginTenants tenants, PortalUser user, String permission) {
        return visible(tenants, user, permission, null);
    }

    /**
     * {@link #visible(PluginTenants, PortalUser, String)} among the tenants that carry {@code tag} (whatever its case;
     * {@code null} or blank: every tenant), as {@link RecordQuery#taggedWith} filters records: work over a fleet a page
     * started while filtered by a tag reaches the tenants the page shows.
     */
    public static List<String> visible(PluginTenants tenants, PortalUser user, String permission, String tag) {
        Objects.requireNonNull(permission, "permission");
        String wanted = RecordQuery.normalTag(tag);
        List<String> ids = new ArrayList<>();
        walk(tenants, "", FLEET_PAGE, Integer.MAX_VALUE, tenant -> {
            if ((wanted.isEmpty() || tenant.tags().contains(wanted)) && user.holds(permission, tenant.id())) {
                ids.add(tenant.id());
            }
            return true;
        });
        return ids;
    }

    /**
     * Hands {@code each} the tenants {@link PluginTenants#search} finds for {@code text}, {@code page} at a time, until
     * it answers false at the end of a page, {@code most} tenants were read or the search has no more.
     */
    private static void walk(PluginTenants tenants, String text, int page, int most,
            java.util.function.Predicate<PluginTenants.Tenant> each) {
        boolean more = true;
        for (int first = 0; first < most && more; first += page) {
            List<PluginTenants.Tenant> found = tenants.search(text, first, page);
            for (PluginTenants.Tenant tenant : found) {
                more = each.test(tenant) && more;
            }
            if (found.size() < page) {
                return;
            }
        }
    }
}
