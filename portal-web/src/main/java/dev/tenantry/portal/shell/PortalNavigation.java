package dev.tenantry.portal.shell;

import dev.tenantry.plugin.api.NavigationEntry;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.Collator;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Assembles the left navigation: the host's own pages now, plus the entries of enabled plugins once the plugin host
 * contributes them. Entries are ordered by {@link NavigationEntry#order()}, then by label in the user's locale.
 */
@ApplicationScoped
public class PortalNavigation {

    /** Order of the Settings entry: after every feature page, whatever order a plugin picks below it. */
    static final int SETTINGS_ORDER = 10_000;

    /** Every entry, in display order; {@link NavigationView} hides those the user may not open. */
    public List<NavigationEntry> entries(Locale locale) {
        ResourceBundle messages = Messages.bundle(locale);
        return ordered(List.of(
                NavigationEntry.of("dashboard", messages.getString("nav.dashboard"), "/index.xhtml",
                        "pi pi-th-large", 0),
                NavigationEntry.of("tenants", messages.getString("nav.tenants"), "/tenants/index.xhtml",
                        "pi pi-building", 10).requiring(Permissions.TENANTS_READ),
                NavigationEntry.of("settings", messages.getString("nav.settings"), "/settings/index.xhtml",
                        "pi pi-cog", SETTINGS_ORDER)), locale);
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
