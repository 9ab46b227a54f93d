package dev.tenantry.portal.signin;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Signs out here (session ended) and at Entra, which then returns the browser to the signed-out page. */
@WebServlet(name = "sign-out", urlPatterns = "/auth/sign-out")
public class SignOutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    EntraSignIn entra;

    @Inject
    AuditLog audit;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String user = request.getRemoteUser();
        Sessions.end(request);
        if (user != null) {
            audit.recordSecurityEvent(AuditEvent.of(user, null, "auth.sign-out", null, Outcome.SUCCESS));
        }
        String signedOut = request.getRequestURL().toString().replaceFirst("/auth/sign-out$", "/auth/signed-out.xhtml");
        response.sendRedirect(entra.endSession(signedOut).toString());
    }
}
