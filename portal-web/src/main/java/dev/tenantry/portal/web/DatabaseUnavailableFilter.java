package dev.tenantry.portal.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request that failed because the database is out of reach is answered 503 with {@code Retry-After} and the
 * "temporarily unavailable" page, not the page for a fault: nothing the person did was wrong, and trying again later
 * works. Health says DOWN meanwhile ({@code /health/ready}).
 */
@WebFilter(filterName = "database-unavailable", urlPatterns = "/*")
public class DatabaseUnavailableFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableFilter.class.getName());
    static final String RETRY_AFTER_SECONDS = "30";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!DatabaseOutage.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            LOG.log(Level.WARNING, "The database is out of reach; answered " + request.getRequestURI()
                    + " with 503", e);
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
    }
}
