package dev.tenantry.portal.access.rest;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.rest.ApiPermission;
import dev.tenantry.portal.rest.ApiRequests;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.logging.Logger;

/**
 * The API's one place of authorisation: before a body is read, the caller must hold the permission the endpoint
 * declares with {@link ApiPermission}, where it says (portal-wide, somewhere, or in the tenant of the path), within
 * what the API token allows. Refusals are audited by {@link AccessControl} and answered 403. Services check again.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ApiPermissionFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(ApiPermissionFilter.class.getName());

    @Context
    ResourceInfo resource;

    @Context
    UriInfo uri;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    CurrentStaff staff;

    @Inject
    AccessControl access;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null || method.isAnnotationPresent(PermitAll.class)) {
            return;
        }
        ApiPermission declared = method.getAnnotation(ApiPermission.class);
        String target = request.getMethod() + " " + ApiRequests.path(uri);
        if (declared == null) {
            LOG.severe(() -> method + " declares no @ApiPermission: refused until it does");
            throw new AccessDeniedException("This endpoint declares no permission and is closed");
        }
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("No caller"));
        String correlation = ApiRequests.correlationId(servletRequest);
        switch (declared.where()) {
            case ANY_CALLER -> {
            }
            case PORTAL -> access.require(user, staff.groups(), null, target, correlation, declared.value());
            case PATH_TENANT -> {
                String tenantId = request.getUriInfo().getPathParameters().getFirst(declared.tenantParam());
                if (tenantId == null) {
                    throw new IllegalStateException(method + " names no path parameter " + declared.tenantParam());
                }
                access.require(user, staff.groups(), tenantId, target, correlation, declared.value());
            }
            case SOME_TENANT -> access.requireSomewhere(user, staff.groups(), target, correlation, declared.value());
        }
        String queried = declared.tenantQueryParam().isEmpty() ? null
                : request.getUriInfo().getQueryParameters().getFirst(declared.tenantQueryParam());
        if (queried != null && !queried.isBlank()) {
            access.require(user, staff.groups(), queried.strip(), target, correlation, declared.value());
        }
    }
}
