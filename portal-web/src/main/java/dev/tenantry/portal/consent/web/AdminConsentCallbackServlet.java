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
 * Where Microsoft returns the customer's Global Administrator after the admin-consent link Tenantry gave them. Public:
 * the administrator has no Tenantry session; the link's single-use state ties the answer to its request. The page only
 * says whether the answer was recorded; it shows nothing of Tenantry's data.
 */
@WebServlet(name = "admin-consent-callback", urlPatterns = "/consent/admin-callback")
public class AdminConsentCallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsentRequests requests;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ConsentRequests.Request> answered = requests.adminAnswered(request.getParameter("state"),
                request.getParameter("admin_consent"), request.getParameter("tenant"), request.getParameter("error"));
        String message = answered.isEmpty()
                ? "This consent link is not valid any more (used, expired or unknown). Ask your provider for a new one."
                : "GRANTED".equals(answered.get().state())
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
