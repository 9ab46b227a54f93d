package dev.tenantry.portal.consent.web;

import dev.tenantry.plugin.api.ConsentCard;
import dev.tenantry.portal.consent.ConsentFlow;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

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
        String card = ConsentCard.path(done.tenantId(), done.scopeSetIds().isEmpty() ? null
                : done.scopeSetIds().get(0), done.returnTo());
        response.sendRedirect(base + card + (card.contains("?") ? "&" : "?") + "outcome="
                + (done.granted() ? "granted" : done.problem()));
    }
}
