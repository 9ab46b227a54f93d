package dev.tenantry.portal.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantry.plugin.api.NavigationEntry;
import org.junit.jupiter.api.Test;

class HostApiClassLoaderTest {

    private final HostApiClassLoader loader = new HostApiClassLoader(HostApiClassLoaderTest.class.getClassLoader());

    @Test
    void pluginsSeeTheApiAndTheJdkAsTheHostHasThem() throws Exception {
        assertEquals(NavigationEntry.class, loader.loadClass(NavigationEntry.class.getName()));
        assertEquals(String.class, loader.loadClass("java.lang.String"));
    }

    @Test
    void hostInternalsAndTheHostsLibrariesAreInvisible() {
        ClassNotFoundException hidden = assertThrows(ClassNotFoundException.class,
                () -> loader.loadClass("dev.tenantry.portal.plugin.PluginRegistry"));
        assertEquals("dev.tenantry.portal.plugin.PluginRegistry is part of the Tenantry host and not visible to plugins",
                hidden.getMessage());
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.flywaydb.core.Flyway"));
        assertNull(loader.getResource("META-INF/microprofile-config.properties"));
    }
}
