package dev.tenantry.portal.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking in this request: the signed-in member of staff and the MSP groups their sign-in token named, or, for a
 * call to the REST API, the owner of the personal API token presented (see {@link #actWithApiToken}). Every access
 * decision asks about both user and groups, so a role held through a group counts everywhere; a token's permissions
 * cap what its owner may do through it.
 */
@RequestScoped
public class CurrentStaff {

    /** Session attribute with the group object ids of the sign-in. */
    public static final String GROUPS = "tenantry.identity.groups";
    /** Session attribute with the signed-in member of staff's display name. */
    public static final String DISPLAY_NAME = "tenantry.identity.displayName";

    @Inject
    SecurityContext security;

    @Inject
    HttpServletRequest request;

    private ApiTokenCaller apiCaller;

    /** Who a valid personal API token speaks for, and the most it may do; set once per API request. */
    public record ApiTokenCaller(String tokenId, String tokenName, String user, List<String> groups,
            Set<String> permissions) {

        public ApiTokenCaller {
            groups = List.copyOf(groups);
            permissions = Set.copyOf(permissions);
        }
    }

    /** Makes the owner of a verified API token the caller of this request, limited to the token's permissions. */
    public void actWithApiToken(ApiTokenCaller token) {
        if (apiCaller != null) {
            throw new IllegalStateException("This request already acts with an API token");
        }
        apiCaller = token;
    }

    /** The API token this request acts with, if it came through the REST API with one. */
    public Optional<ApiTokenCaller> apiToken() {
        return Optional.ofNullable(apiCaller);
    }

    /**
     * The most {@code user} may do in this request: the token's permissions when the request acts with an API token of
     * theirs; empty (no cap beyond their roles) otherwise.
     */
    public Optional<Set<String>> permissionCeiling(String user) {
        return apiCaller != null && apiCaller.user().equals(user) ? Optional.of(apiCaller.permissions())
                : Optional.empty();
    }

    /**
     * The user principal name, or empty when nobody is signed in. The server may name an unauthenticated caller
     * ("anonymous" on WildFly); the servlet request, which has no user principal then, decides.
     */
    public Optional<String> user() {
        if (apiCaller != null) {
            return Optional.of(apiCaller.user());
        }
        Principal caller = callerPrincipal();
        if (caller == null || !authenticatedRequest()) {
            return Optional.empty();
        }
        return Optional.of(caller.getName());
    }

    /**
     * The container's caller, asked with the portal's own class loader as the thread's context class loader: plugin
     * code runs with its own (a tenant action calling back into the host), and the security integration finds the
     * deployment's security domain through the context class loader.
     */
    private Principal callerPrincipal() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(CurrentStaff.class.getClassLoader());
        try {
            return security.getCallerPrincipal();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private boolean authenticatedRequest() {
        try {
            return request.getUserPrincipal() != null;
        } catch (IllegalStateException | jakarta.enterprise.context.ContextNotActiveException e) {
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    public List<String> groups() {
        if (apiCaller != null) {
            return apiCaller.groups();
        }
        HttpSession session;
        try {
            session = request.getSession(false);
        } catch (IllegalStateException | jakarta.enterprise.context.ContextNotActiveException e) {
            return List.of();
        }
        Object groups = session == null ? null : session.getAttribute(GROUPS);
        return groups instanceof List<?> list ? List.copyOf((List<String>) list) : List.of();
    }
}
