package dev.tenantry.portal.identity;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;

/** Ends a signed-in session after the absolute timeout, however active it was; the next page signs in again. */
@WebFilter(filterName = "session-lifetime", urlPatterns = "/*")
public class SessionLifetimeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    IdentitySettings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        Object signedInAt = session == null ? null : session.getAttribute(SignInCallbackServlet.SIGNED_IN_AT);
        if (signedInAt instanceof Instant since && Instant.now().isAfter(since.plus(settings.absoluteTimeout()))) {
            Sessions.end(request);
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        chain.doFilter(request, response);
    }
}
