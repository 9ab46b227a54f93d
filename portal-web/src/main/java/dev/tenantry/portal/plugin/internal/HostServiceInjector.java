package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PortalUser;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginRuntimeException;

/**
 * The bridge from plugin objects to host services: fills every {@link HostService} field of a plugin's extension or
 * model with the host's implementation, looked up in CDI, or made for that plugin (its audit names it). Used as PF4J's
 * extension factory, so everything PF4J creates for a plugin is filled the same way.
 */
public final class HostServiceInjector implements ExtensionFactory {

    private final java.util.function.Function<Class<?>, String> pluginOf;

    public HostServiceInjector(java.util.function.Function<Class<?>, String> pluginOf) {
        this.pluginOf = pluginOf;
    }

    @Override
    public <T> T create(Class<T> type) {
        try {
            T instance = type.getDeclaredConstructor().newInstance();
            return fill(instance);
        } catch (ReflectiveOperationException e) {
            throw new PluginRuntimeException(e, "Cannot create {}: it needs a public constructor without arguments",
                    type.getName());
        }
    }

    /** Fills the {@link HostService} fields of {@code target} that are still empty; returns it. */
    public <T> T fill(T target) {
        for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!field.isAnnotationPresent(HostService.class) || Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    if (field.get(target) == null) {
                        field.set(target, service(field.getType(), target.getClass()));
                    }
                } catch (IllegalAccessException e) {
                    throw new PluginRuntimeException(e, "Cannot fill {}.{}", type.getName(), field.getName());
                }
            }
        }
        return target;
    }

    /** The plugin a class belongs to; a class of no plugin gets no plugin-bound service. */
    private String plugin(Class<?> owner) {
        String plugin = pluginOf.apply(owner);
        if (plugin == null) {
            throw new PluginRuntimeException("{} is not a plugin's class", owner.getName());
        }
        return plugin;
    }

    private Object service(Class<?> type, Class<?> owner) {
        if (type == PortalUser.class) {
            return HostBeans.get().user();
        }
        if (type == PluginAudit.class) {
            return new HostPluginAudit(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginRecords.class) {
            return new HostPluginRecords(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginTenants.class) {
            return new HostPluginTenants(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.GraphAccess.class) {
            return new HostGraphAccess(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginNotifications.class) {
            return new HostPluginNotifications(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginWork.class) {
            return new HostPluginWork(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginClaims.class) {
            return new HostPluginClaims(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginSchedule.class) {
            return new HostPluginSchedule(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginTasks.class) {
            return new HostPluginTasks(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginSecrets.class) {
            return new HostPluginSecrets(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginActionRuns.class) {
            return new HostPluginActionRuns(plugin(owner));
        }
        if (type == dev.tenantry.plugin.api.PluginSettings.class) {
            return new HostPluginSettings(plugin(owner));
        }
        throw new PluginRuntimeException("{} asks for {}, which is not a host service of the plugin API",
                owner.getName(), type.getName());
    }
}
