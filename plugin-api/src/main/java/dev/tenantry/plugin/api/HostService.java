package dev.tenantry.plugin.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a plugin's extension or model that the host fills with one of its services before the object is
 * used. The field's type must be a service interface of this API: {@link PortalUser}, {@link PluginAudit},
 * {@link PluginRecords}, {@link PluginTenants}, {@link PluginSettings}, {@link GraphAccess},
 * {@link PluginNotifications}, {@link PluginWork}, {@link PluginSecrets}, {@link PluginClaims},
 * {@link PluginActionRuns} (since 1.7.0), {@link PluginSchedule} (since 1.9.0) or {@link PluginTasks} (since
 * 1.10.0). The field should be {@code transient} in a {@link java.io.Serializable} model, and is filled again after
 * deserialisation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface HostService {
}
