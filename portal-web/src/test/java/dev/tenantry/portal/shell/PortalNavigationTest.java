package dev.tenantry.portal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.NavigationEntry;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PortalNavigationTest {

    private final PortalNavigation navigation = new PortalNavigation();

    @Test
    void startsWithTheDashboardAndEndsWithSettings() {
        List<NavigationEntry> entries = navigation.entries(Locale.ENGLISH);

        assertEquals("dashboard", entries.get(0).id());
        assertEquals("Dashboard", entries.get(0).label());
        assertEquals("/index.xhtml", entries.get(0).viewId());
        NavigationEntry last = entries.get(entries.size() - 1);
        assertEquals("settings", last.id());
        assertEquals("/settings/index.xhtml", last.viewId());
    }

    @Test
    void ordersByOrderThenByLabelInTheUsersLanguage() {
        List<NavigationEntry> ordered = PortalNavigation.ordered(List.of(
                NavigationEntry.of("zeta", "Zeta", "/zeta.xhtml", "", 20),
                NavigationEntry.of("eclair", "Éclair", "/eclair.xhtml", "", 10),
                NavigationEntry.of("apple", "apple", "/apple.xhtml", "", 10),
                NavigationEntry.of("first", "Zz first", "/first.xhtml", "", 0)), Locale.FRENCH);

        assertEquals(List.of("first", "apple", "eclair", "zeta"),
                ordered.stream().map(NavigationEntry::id).toList());
    }

    @Test
    void refusesTwoEntriesWithOneId() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> PortalNavigation.ordered(List.of(
                NavigationEntry.of("reports", "Reports", "/a.xhtml", "", 1),
                NavigationEntry.of("reports", "Other reports", "/b.xhtml", "", 2)), Locale.ENGLISH));

        assertTrue(error.getMessage().contains("'reports'"));
    }

    @Test
    void aSectionIndexIsCurrentForEveryPageBelowIt() {
        assertTrue(NavigationView.isSectionOf("/settings/index.xhtml", "/settings/roles.xhtml"));
        assertFalse(NavigationView.isSectionOf("/settings/index.xhtml", "/secure/posture.xhtml"));
        assertFalse(NavigationView.isSectionOf("/index.xhtml", "/settings/roles.xhtml"),
                "the root index must not claim every page");
        assertFalse(NavigationView.isSectionOf("/secure/posture.xhtml", "/secure/other.xhtml"));
    }
}
