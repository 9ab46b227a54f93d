package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.ScopeSetCatalogue;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.graph.GraphGateway;
import dev.tenantry.portal.identity.RequestCaller;
import dev.tenantry.portal.notify.Notifications;
import dev.tenantry.portal.plugin.PluginCode;
import dev.tenantry.portal.plugin.PluginWorks;
import dev.tenantry.portal.plugin.RunClaims;
import dev.tenantry.portal.tenant.TenantLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * What the host services of a plugin use of the portal, injected here once. Those services are made by PF4J for each
 * plugin object (not by CDI) and may travel with a plugin's serialised page model, so they hold only their plugin's id
 * and reach the container through this bean: the one lookup of the plugin host's services, everything else injected.
 */
@ApplicationScoped
public class HostBeans {

    @Inject
    GraphGateway gateway;

    @Inject
    ScopeSetCatalogue catalogue;

    @Inject
    dev.tenantry.portal.consent.ConsentManager consent;

    @Inject
    AccessControl access;

    @Inject
    RequestCaller caller;

    @Inject
    AuditLog audit;

    @Inject
    Notifications notifications;

    @Inject
    JpaPluginRecords records;

    @Inject
    SecretBox box;

    @Inject
    TenantLookup tenants;

    @Inject
    PluginWorks works;

    @Inject
    PortalUser user;

    @Inject
    RunClaims claims;

    @Inject
    jakarta.enterprise.event.Event<dev.tenantry.portal.plugin.JobAsked> jobAsks;

    @Inject
    OwnActionRuns actions;

    @Inject
    dev.tenantry.portal.plugin.PluginTaskThreads tasks;

    private static volatile HostBeans instance;

    /**
     * The container's instance, looked up once with the host's class loader as the context class loader: plugin code
     * runs with its own (see {@code PluginCode}), and the container is found through the context class loader.
     */
    static HostBeans get() {
        HostBeans found = instance;
        if (found == null) {
            found = PluginCode.unchecked(HostBeans.class.getClassLoader(),
                    () -> CDI.current().select(HostBeans.class).get());
            instance = found;
        }
        return found;
    }

    @Inject
    dev.tenantry.portal.access.VisibleTenants visibleTenants;

    /** The tenants a plugin is switched off in (kept in memory). */
    Set<String> switchedOffIn(String pluginId) {
        return catalogue.switchedOffIn(pluginId);
    }

    /**
     * Where the person of this request holds {@code permission}: empty for every tenant.
     *
     * @throws IllegalStateException outside a person's request (a job asks for every tenant, or named ones)
     */
    java.util.Optional<Set<String>> visibleWith(String permission) {
        if (caller.staff().flatMap(staff -> staff.user()).isEmpty()) {
            throw new IllegalStateException("A query of the records a person may see needs a person's request; a job "
                    + "or background work asks for every tenant or named ones");
        }
        return visibleTenants.with(permission);
    }

    RunClaims claims() {
        return claims;
    }

    jakarta.enterprise.event.Event<dev.tenantry.portal.plugin.JobAsked> jobAsks() {
        return jobAsks;
    }

    dev.tenantry.portal.plugin.PluginTaskThreads tasks() {
        return tasks;
    }

    OwnActionRuns actions() {
        return actions;
    }

    GraphGateway gateway() {
        return gateway;
    }

    dev.tenantry.portal.consent.ConsentManager consent() {
        return consent;
    }

    ScopeSetCatalogue catalogue() {
        return catalogue;
    }

    AccessControl access() {
        return access;
    }

    RequestCaller caller() {
        return caller;
    }

    AuditLog audit() {
        return audit;
    }

    Notifications notifications() {
        return notifications;
    }

    JpaPluginRecords records() {
        return records;
    }

    SecretBox box() {
        return box;
    }

    TenantLookup tenants() {
        return tenants;
    }

    PluginWorks works() {
        return works;
    }

    PortalUser user() {
        return user;
    }
}
