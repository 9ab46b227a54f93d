package dev.tenantry.portal.apitoken.rest;

import dev.tenantry.portal.apitoken.ApiTokens;
import dev.tenantry.portal.apitoken.ApiTokens.Verification;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.rest.ApiRequests;
import dev.tenantry.portal.rest.Problem;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

/**
 * Who calls the API: the owner of the personal API token in {@code Authorization: Bearer}. Only a token counts, never a
 * browser session (so no page can be tricked into calling the API with the user's cookie). Endpoints marked
 * {@link PermitAll} need none; every other call without a valid token is answered 401 with a {@code WWW-Authenticate}
 * challenge as RFC 6750 describes.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiTokenAuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Context
    ResourceInfo resource;

    @Context
    UriInfo uri;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    ApiTokens tokens;

    @Inject
    CurrentStaff staff;

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(PermitAll.class)) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            request.abortWith(challenge(request, null, "Send a personal API token (Settings → API tokens) as "
                    + "'Authorization: Bearer tnt_…'"));
            return;
        }
        Verification verification = tokens.verify(authorization.substring(BEARER.length()).strip());
        if (!verification.accepted()) {
            request.abortWith(challenge(request, "invalid_token", switch (verification.rejection()) {
                case EXPIRED -> "The API token has expired; create a new one in Settings → API tokens";
                case REVOKED -> "The API token has been revoked";
                default -> "The API token is not valid";
            }));
            return;
        }
        staff.actWithApiToken(verification.caller());
    }

    private Response challenge(ContainerRequestContext request, String error, String detail) {
        Response problem = Problem.of(Problem.Kind.UNAUTHENTICATED, detail, ApiRequests.path(uri),
                ApiRequests.correlationId(servletRequest)).toResponse();
        String challenge = "Bearer realm=\"tenantry\"" + (error == null ? ""
                : ", error=\"" + error + "\", error_description=\"" + detail.replace('"', '\'') + "\"");
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}
