package dev.tenantry.portal.consent.web;

import dev.tenantry.portal.consent.ConsentRequests;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Where Microsoft returns the customer's Global Administrator after an admin-consent link Tenantry gave them (for a
 * consent request, or for an application bundle). Public:
 * the administrator has no Tenantry session; the link's single-use state ties the answer to its request. The page only
 * says whether the answer was recorded; it shows nothing of Tenantry's data.
 */
@WebServlet(name = "admin-consent-callback", urlPatterns = "/consent/admin-callback")
public class AdminConsentCallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsentRequests requests;

    @Inject
    dev.tenantry.portal.consent.ApplicationBundles bundles;

    private Optional<Boolean> answer(String state, String adminConsent, String tenant, String error) {
        return bundles.owns(state)
                ? bundles.adminAnswered(state, adminConsent, tenant, error).map(b -> "CONSENTED".equals(b.state()))
                : requests.adminAnswered(state, adminConsent, tenant, error).map(r -> "GRANTED".equals(r.state()));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String state = request.getParameter("state");
        String adminConsent = request.getParameter("admin_consent");
        String tenant = request.getParameter("tenant");
        String error = request.getParameter("error");
        // A link of Tenantry's is either a consent request's or an application bundle's: told apart by its state
        Optional<Boolean> answered;
        try {
            answered = answer(state, adminConsent, tenant, error);
        } catch (RuntimeException e) {
            if (!dev.tenantry.portal.web.ConcurrentChange.causedBy(e)) {
                throw e;
            }
            // Staff acted on the same request at the same moment (dismissed it, made a new link): answer against what
            // it is now, once, rather than show the customer's administrator an error for their provider's click
            answered = answer(state, adminConsent, tenant, error);
        }
        String message = answered.isEmpty()
                ? "This consent link is not valid any more (used, expired or unknown). Ask your provider for a new one."
                : answered.get()
                        ? "Thank you. Your consent was recorded; your provider has been told. You can close this page."
                        : "No consent was given. Your provider has been told. You can close this page.";
        response.setStatus(answered.isEmpty() ? HttpServletResponse.SC_BAD_REQUEST : HttpServletResponse.SC_OK);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tenantry "
                + "consent</title></head><body><main><h1>Tenantry</h1><p id=\"adminConsentResult\">" + message
                + "</p></main></body></html>");
    }
}
