package dev.tenantry.portal.access;

import dev.tenantry.portal.identity.IdentitySettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/** At start, after the schema is migrated: while no one is Owner of all tenants, the configured bootstrap owners become Owners. */
@ApplicationScoped
public class AccessBootstrap {

    @Inject
    AccessControl access;

    @Inject
    IdentitySettings settings;

    void bootstrap(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) Startup startup) {
        access.bootstrapOwners(settings.bootstrapOwners());
    }
}
