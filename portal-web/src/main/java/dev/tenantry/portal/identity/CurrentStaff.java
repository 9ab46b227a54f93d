package dev.tenantry.portal.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * Who is asking in this request: the signed-in member of staff and the MSP groups their sign-in token named. Every
 * access decision asks about both, so a role held through a group counts everywhere.
 */
@RequestScoped
public class CurrentStaff {

    /** Session attribute with the group object ids of the sign-in. */
    static final String GROUPS = "tenantry.identity.groups";

    @Inject
    SecurityContext security;

    @Inject
    HttpServletRequest request;

    /**
     * The user principal name, or empty when nobody is signed in. The server may name an unauthenticated caller
     * ("anonymous" on WildFly); the servlet request, which has no user principal then, decides.
     */
    public Optional<String> user() {
        Principal caller = security.getCallerPrincipal();
        if (caller == null || !authenticatedRequest()) {
            return Optional.empty();
        }
        return Optional.of(caller.getName());
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
