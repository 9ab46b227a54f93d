package dev.tenantry.portal.consent.web;

import dev.tenantry.portal.consent.ConsentFlow;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the identity provider returns after incremental consent ({@code response_mode=query}, so the browser brings
 * the staff session with it). {@link ConsentFlow} checks the state and redeems the code; the user goes back to the
 * page that asked, or to the consent card with what went wrong.
 */
@WebServlet(name = "consent-callback", urlPatterns = "/consent/callback")
public class ConsentCallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsentFlow flow;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsentFlow.Completion done = flow.complete(request.getParameter("state"), request.getParameter("code"),
                request.getParameter("error"), request.getParameter("error_description"));
        String base = request.getContextPath();
        if (done.granted() && done.returnTo() != null) {
            response.sendRedirect(base + done.returnTo());
            return;
        }
        StringBuilder card = new StringBuilder(base).append("/consent/required.xhtml?");
        if (done.tenantId() != null) {
            card.append("tenant=").append(encode(done.tenantId())).append('&');
        }
        if (!done.scopeSetIds().isEmpty()) {
            card.append("scopeSet=").append(encode(done.scopeSetIds().get(0))).append('&');
        }
        if (done.returnTo() != null) {
            card.append("from=").append(encode(done.returnTo())).append('&');
        }
        card.append("outcome=").append(done.granted() ? "granted" : done.problem());
        response.sendRedirect(card.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
