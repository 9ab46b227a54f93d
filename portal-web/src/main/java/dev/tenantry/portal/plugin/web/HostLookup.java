package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.plugin.PluginLifecycle;
import dev.tenantry.portal.plugin.PluginRegistry;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The plugin registry (and, when a page fails, the lifecycle) for the Faces bridges, which Faces (not CDI) creates: looked up once per deployment, as the EL
 * resolver is asked about every name in every expression and the resource handler sees every view and resource.
 */
final class HostLookup {

    private static volatile PluginRegistry host;

    private HostLookup() {
    }

    private static volatile PluginLifecycle lifecycle;

    static PluginRegistry host() {
        PluginRegistry found = host;
        if (found == null) {
            found = CDI.current().select(PluginRegistry.class).get();
            host = found;
        }
        return found;
    }

    /** What records a page's failure; asked only when a page failed. */
    static PluginLifecycle lifecycle() {
        PluginLifecycle found = lifecycle;
        if (found == null) {
            found = CDI.current().select(PluginLifecycle.class).get();
            lifecycle = found;
        }
        return found;
    }
}
