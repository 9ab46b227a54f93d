package dev.tenantry.portal.access;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the caller of this request holds each permission, worked out once per request and permission (their
 * assignments, roles and tags read once), then used as a filter in SQL: a page listing records of a thousand tenants
 * asks once, not once per tenant. Request-scoped, so an assignment or tag changed since shows at the next request.
 */
@RequestScoped
public class VisibleTenants {

    @Inject
    AccessControl access;

    private final Map<String, Optional<Set<String>>> byPermission = new HashMap<>();

    /** Empty when the caller holds {@code permission} in every tenant; else the tenants where they do (maybe none). */
    public Optional<Set<String>> with(String permission) {
        return byPermission.computeIfAbsent(permission, access::callerTenantsWith);
    }
}
