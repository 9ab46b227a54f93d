package dev.tenantry.portal.signin;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Ends a signed-in session after the absolute timeout, however active it was; the next page signs in again. */
@WebFilter(filterName = "session-lifetime", urlPatterns = "/*")
public class SessionLifetimeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** How long a session lasts after sign-in, however active it is. */
    @Inject
    @ConfigProperty(name = "tenantry.session.absolute-timeout")
    Duration absoluteTimeout;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpSession session = request.getSession(false);
        Object signedInAt = session == null ? null : session.getAttribute(SignInCallbackServlet.SIGNED_IN_AT);
        if (signedInAt instanceof Instant since && Instant.now().isAfter(since.plus(absoluteTimeout))) {
            Sessions.end(request);
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        chain.doFilter(request, response);
    }
}
