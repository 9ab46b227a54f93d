package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginApi;
import java.nio.file.Path;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;

/**
 * PF4J over the plugins folder, with one change: a plugin's class loader has {@link HostApiClassLoader} as parent, and
 * asks it first, so the types plugins share with the host (plugin-api, the platform APIs) are the host's, and nothing
 * else of the host is visible.
 */
public class TenantryPluginManager extends JarPluginManager {

    private final ClassLoader host;

    public TenantryPluginManager(Path folder, ClassLoader host) {
        super(folder);
        this.host = host;
        setSystemVersion(PluginApi.VERSION);
    }

    @Override
    protected org.pf4j.ExtensionFactory createExtensionFactory() {
        return new HostServiceInjector(type -> {
            org.pf4j.PluginWrapper plugin = whichPlugin(type);
            return plugin == null ? null : plugin.getPluginId();
        });
    }

    /** The injector that fills plugin objects with host services. */
    public HostServiceInjector injector() {
        return (HostServiceInjector) getExtensionFactory();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new PluginClassLoader(pluginManager, descriptor, new HostApiClassLoader(host),
                        ClassLoadingStrategy.APD);
            }
        };
    }
}
