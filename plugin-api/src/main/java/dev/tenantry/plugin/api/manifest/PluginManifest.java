package dev.tenantry.plugin.api.manifest;

import java.util.List;
import java.util.Optional;

/**
 * A plugin's manifest as read and checked: who publishes it, and everything it asks for.
 *
 * @param pluginId the plugin's id, from the jar manifest; every id below starts with it
 */
public record PluginManifest(String pluginId, String displayName, String description, Publisher publisher,
        List<PortalPermission> permissions, List<RoleDeclaration> roles, List<ScopeSet> scopeSets,
        List<PageDeclaration> pages, List<WidgetDeclaration> widgets, List<AccountDeclaration> accounts,
        List<Comparison> comparisons) {

    public PluginManifest {
        permissions = List.copyOf(permissions);
        roles = List.copyOf(roles);
        scopeSets = List.copyOf(scopeSets);
        pages = List.copyOf(pages);
        widgets = List.copyOf(widgets);
        accounts = List.copyOf(accounts);
        comparisons = List.copyOf(comparisons);
    }

    /** A manifest without comparisons. */
    public PluginManifest(String pluginId, String displayName, String description, Publisher publisher,
            List<PortalPermission> permissions, List<RoleDeclaration> roles, List<ScopeSet> scopeSets,
            List<PageDeclaration> pages, List<WidgetDeclaration> widgets, List<AccountDeclaration> accounts) {
        this(pluginId, displayName, description, publisher, permissions, roles, scopeSets, pages, widgets, accounts,
                List.of());
    }

    /** A manifest without accounts of its own. */
    public PluginManifest(String pluginId, String displayName, String description, Publisher publisher,
            List<PortalPermission> permissions, List<RoleDeclaration> roles, List<ScopeSet> scopeSets,
            List<PageDeclaration> pages, List<WidgetDeclaration> widgets) {
        this(pluginId, displayName, description, publisher, permissions, roles, scopeSets, pages, widgets, List.of(),
                List.of());
    }

    /** A manifest without dashboard widgets. */
    public PluginManifest(String pluginId, String displayName, String description, Publisher publisher,
            List<PortalPermission> permissions, List<RoleDeclaration> roles, List<ScopeSet> scopeSets,
            List<PageDeclaration> pages) {
        this(pluginId, displayName, description, publisher, permissions, roles, scopeSets, pages, List.of());
    }

    /**
     * A dashboard widget: a Facelets fragment the host includes in a card on the dashboard, for users holding
     * {@code permission}.
     *
     * @param fragment the fragment's path, under {@code /<plugin-id>/}
     */
    public record WidgetDeclaration(String id, String title, String fragment, String permission, int order) {
    }

    /**
     * An account of the customer's tenant the plugin acts as (a service account), signed in to each tenant as itself
     * by someone holding {@code permission} there, with the permissions of the scope sets that name it.
     *
     * @param description what it is for and what it must have in the tenant (licences, directory roles)
     * @since 1.11.0
     */
    public record AccountDeclaration(String id, String name, String description, String permission) {
    }

    /**
     * What a comparable product documents asking for the purpose of one of the plugin's scope sets: the permissions
     * document shows it beside what the scope set asks.
     *
     * @since 1.11.0
     */
    public record Comparison(String scopeSet, String source, List<String> permissions) {

        public Comparison {
            permissions = List.copyOf(permissions);
        }
    }

    /** Who publishes the plugin. */
    public record Publisher(String name, Optional<String> url) {
    }

    /** A portal permission the plugin adds, {@code <plugin-id>:<verb>}. */
    public record PortalPermission(String id, String description) {
    }

    /** A role the plugin adds: a named set of portal permissions (its own or the host's). */
    public record RoleDeclaration(String id, String name, String description, List<String> permissions) {

        public RoleDeclaration {
            permissions = List.copyOf(permissions);
        }
    }

    /**
     * A page the plugin serves.
     *
     * @param view         the Facelets view, under {@code /<plugin-id>/}
     * @param permission   the portal permission needed to open it
     * @param feature      the feature it belongs to (whose scope sets it needs), if any
     * @param tenantScoped whether it works on the tenant chosen in the top bar
     * @param open         whether it is served without a Tenantry session, at {@code /public/<plugin-id>/…}, to
     *                     anyone holding its address (manifest {@code "public": true}; since 1.11.0): the page
     *                     decides itself what the address allows, such as a link it signed
     */
    public record PageDeclaration(String id, String title, String view, String permission, Optional<String> feature,
            boolean tenantScoped, Optional<Navigation> navigation, boolean open) {

        /** A page for signed-in staff. */
        public PageDeclaration(String id, String title, String view, String permission, Optional<String> feature,
                boolean tenantScoped, Optional<Navigation> navigation) {
            this(id, title, view, permission, feature, tenantScoped, navigation, false);
        }

        /** The address of an open page inside the portal: {@code /public} and its view. */
        public String publicPath() {
            return "/public" + view;
        }
    }

    /** Where a page appears in the portal's navigation. */
    public record Navigation(String label, String icon, int order) {
    }

    /** One of the plugin's accounts. */
    public Optional<AccountDeclaration> account(String id) {
        return accounts.stream().filter(account -> account.id().equals(id)).findFirst();
    }

    public Optional<ScopeSet> scopeSet(String id) {
        return scopeSets.stream().filter(set -> set.id().equals(id)).findFirst();
    }
}
