package dev.tenantry.plugin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NavigationEntryTest {

    @Test
    void entryWithoutPermissionIsVisibleToEveryone() {
        NavigationEntry entry = NavigationEntry.of("dashboard", "Dashboard", "/index.xhtml", "pi pi-home", 0);

        assertTrue(entry.requiredPermission().isEmpty());
        assertEquals("pi pi-home", entry.icon());
    }

    @Test
    void requiringKeepsEverythingButThePermission() {
        NavigationEntry entry = NavigationEntry.of("secure.posture", "Posture", "/secure/posture.xhtml", null, 10)
                .requiring("secure:read");

        assertEquals(Optional.of("secure:read"), entry.requiredPermission());
        assertEquals("/secure/posture.xhtml", entry.viewId());
        assertEquals("", entry.icon());
        assertEquals(10, entry.order());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dashboard", "has space", "-lead", "trail.", "a..b", ""})
    void rejectsIdsThatAreNotLowerCaseWords(String id) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NavigationEntry.of(id, "Label", "/index.xhtml", "", 0));

        assertTrue(error.getMessage().contains("id '" + id + "'"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.xhtml", "/index.html", "/../WEB-INF/web.xml.xhtml", "https://evil.example/x.xhtml"})
    void rejectsViewsOutsideThePortal(String viewId) {
        assertThrows(IllegalArgumentException.class,
                () -> NavigationEntry.of("page", "Page", viewId, "", 0));
    }

    @Test
    void rejectsBlankLabel() {
        assertThrows(IllegalArgumentException.class,
                () -> NavigationEntry.of("page", "  ", "/page.xhtml", "", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secure", "Secure:read", "secure:", ":read", "User.Read.All"})
    void rejectsPermissionsThatAreNotAreaColonVerb(String permission) {
        NavigationEntry entry = NavigationEntry.of("page", "Page", "/page.xhtml", "", 0);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> entry.requiring(permission));
        assertTrue(error.getMessage().contains("<area>:<verb>"), error.getMessage());
    }
}
