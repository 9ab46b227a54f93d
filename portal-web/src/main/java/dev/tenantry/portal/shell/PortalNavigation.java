package dev.tenantry.portal.shell;

import dev.tenantry.plugin.api.NavigationEntry;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.plugin.PluginRegistry;
import dev.tenantry.portal.web.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Assembles the left navigation: the host's own pages and the pages running plugins declare with a navigation entry
 * (always before Activity and Settings). Entries are ordered by {@link NavigationEntry#order()}, then by label in the user's locale.
 */
@ApplicationScoped
public class PortalNavigation {

    /** Order of the Settings entry: after every feature page, whatever order a plugin picks below it. */
    static final int SETTINGS_ORDER = 10_000;

    @Inject
    PluginRegistry plugins;

    /** Every entry, in display order; the navigation view hides those the user may not open. */
    public List<NavigationEntry> entries(Locale locale) {
        ResourceBundle messages = Messages.bundle(locale);
        List<NavigationEntry> entries = new ArrayList<>(host(messages));
        for (PluginManifest manifest : plugins == null ? List.<PluginManifest>of() : plugins.running()) {
            for (PluginManifest.PageDeclaration page : manifest.pages()) {
                page.navigation().ifPresent(navigation -> entries.add(NavigationEntry.of(page.id(), navigation.label(),
                        page.view(), navigation.icon(), Math.min(navigation.order(), SETTINGS_ORDER - 2))
                        .requiring(page.permission())));
            }
        }
        return ordered(entries, locale);
    }

    private static List<NavigationEntry> host(ResourceBundle messages) {
        return List.of(
                NavigationEntry.of("dashboard", messages.getString("nav.dashboard"), "/index.xhtml",
                        "pi pi-th-large", 0),
                NavigationEntry.of("tenants", messages.getString("nav.tenants"), "/tenants/index.xhtml",
                        "pi pi-building", 10).requiring(Permissions.TENANTS_READ),
                NavigationEntry.of("activity", messages.getString("nav.activity"), "/activity.xhtml",
                        "pi pi-spinner", SETTINGS_ORDER - 1),
                NavigationEntry.of("settings", messages.getString("nav.settings"), "/settings/index.xhtml",
                        "pi pi-cog", SETTINGS_ORDER));
    }

    /**
     * Sorts entries for display and refuses two entries with one id, which would make "current page" ambiguous.
     */
    static List<NavigationEntry> ordered(Collection<NavigationEntry> entries, Locale locale) {
        Set<String> ids = new HashSet<>();
        for (NavigationEntry entry : entries) {
            if (!ids.add(entry.id())) {
                throw new IllegalStateException("Two navigation entries share the id '" + entry.id() + "'");
            }
        }
        Collator collator = Collator.getInstance(locale);
        return entries.stream()
                .sorted(Comparator.comparingInt(NavigationEntry::order)
                        .thenComparing(NavigationEntry::label, collator))
                .toList();
    }
}
