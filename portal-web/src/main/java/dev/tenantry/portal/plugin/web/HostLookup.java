package dev.tenantry.portal.plugin.web;

import dev.tenantry.portal.plugin.PluginHost;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The plugin host for the Faces bridges, which Faces (not CDI) creates: looked up once per deployment, as the EL
 * resolver is asked about every name in every expression and the resource handler sees every view and resource.
 */
final class HostLookup {

    private static volatile PluginHost host;

    private HostLookup() {
    }

    static PluginHost host() {
        PluginHost found = host;
        if (found == null) {
            found = CDI.current().select(PluginHost.class).get();
            host = found;
        }
        return found;
    }
}
