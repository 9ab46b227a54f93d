package dev.tenantry.portal.signin;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.IdentitySettings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/** Signs out here (session ended) and at Entra, which then returns the browser to the signed-out page. */
@WebServlet(name = "sign-out", urlPatterns = "/auth/sign-out")
public class SignOutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    EntraSignIn entra;

    @Inject
    AuditLog audit;

    @Inject
    IdentitySettings settings;

    /**
     * Where Entra returns the browser after signing out: beside the configured sign-in redirect URI (the address
     * registered with Entra), never an address built from the request's Host header, which the client chooses.
     */
    static String signedOut(String redirectUri) {
        return URI.create(redirectUri).resolve("signed-out.xhtml").toString();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String user = request.getRemoteUser();
        Sessions.end(request);
        if (user != null) {
            audit.recordSecurityEvent(AuditEvent.of(user, null, "auth.sign-out", null, Outcome.SUCCESS));
        }
        response.sendRedirect(entra.endSession(signedOut(settings.redirectUri())).toString());
    }
}
