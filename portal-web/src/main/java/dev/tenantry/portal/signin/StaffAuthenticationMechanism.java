package dev.tenantry.portal.signin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the portal authenticates staff: a protected page without a signed-in session starts an OpenID Connect sign-in
 * at Entra; the sign-in callback completes it and hands over a {@link StaffCredential}, which this mechanism turns
 * into the caller and its roles. The session remembers the caller ({@link AutoApplySession}).
 */
@AutoApplySession
@ApplicationScoped
public class StaffAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(StaffAuthenticationMechanism.class.getName());

    @Inject
    EntraSignIn entra;

    @Inject
    StaffRoles roles;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Credential credential = context.getAuthParameters().getCredential();
        if (context.isAuthenticationRequest() && credential instanceof StaffCredential signedIn) {
            return context.notifyContainerAboutLogin(signedIn.staff().userPrincipalName(), roles.of(signedIn.staff()));
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            return reloadPage(request, response);
        }
        SignInAttempt attempt = SignInAttempt.start(returnTo(request));
        SignInAttempts.remember(request.getSession(true), attempt);
        try {
            return context.redirect(entra.authorizationRequest(attempt).toString());
        } catch (SignInException e) {
            LOG.log(Level.WARNING, "Cannot start a sign-in: {0}", e.getMessage());
            return context.redirect(request.getContextPath() + "/auth/failed.xhtml?reason=" + e.reason());
        }
    }

    /**
     * An AJAX request of a page whose session has ended (idle timeout, signed out elsewhere) cannot follow a redirect
     * to the identity provider; Faces' partial response tells the page to reload itself, which then signs in as any
     * page does and comes back to it.
     */
    private static AuthenticationStatus reloadPage(HttpServletRequest request, HttpServletResponse response) {
        String page = request.getRequestURI().replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        response.setContentType("text/xml");
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + page + "\"/></partial-response>");
        } catch (java.io.IOException e) {
            LOG.log(Level.FINE, "The browser left before hearing that its session ended", e);
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    /** Where the browser returns after signing in: the page it asked for (GET only), inside the portal. */
    private static String returnTo(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return request.getContextPath() + "/";
        }
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
