package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class PluginCodeTest {

    @Test
    void pluginCodeRunsWithThePluginsLoaderAndTheThreadGetsItsOwnBackEvenWhenItThrows() throws Exception {
        ClassLoader host = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(new URL[0], null)) {
            assertSame(plugin, PluginCode.call(plugin, () -> Thread.currentThread().getContextClassLoader()));
            assertSame(host, Thread.currentThread().getContextClassLoader());

            assertThrows(IllegalStateException.class, () -> PluginCode.unchecked(plugin, () -> {
                throw new IllegalStateException("the plugin failed");
            }));
            assertSame(host, Thread.currentThread().getContextClassLoader());
        }
        Object fromHost = new Object() { };
        assertEquals(fromHost.getClass().getClassLoader(),
                PluginCode.call(fromHost, () -> Thread.currentThread().getContextClassLoader()));
    }
}
