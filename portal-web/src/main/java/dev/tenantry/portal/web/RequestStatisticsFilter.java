package dev.tenantry.portal.web;

import dev.tenantry.portal.persistence.StatementCounter;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells a benchmark what one request cost the server: the SQL statements Hibernate prepared for it on its thread
 * ({@link StatementCounter}; background jobs on other threads do not count) and the time from this filter's start to
 * the end of its work, in the response headers {@value #STATEMENTS} (a whole number, e.g. {@code 12}) and
 * {@value #TIMING} ({@code app;dur=} and milliseconds with one decimal, e.g. {@code app;dur=48.3}). Headers go before
 * the body, and the figures are known only once the page has been written, so the body is held in memory until then
 * ({@link BufferedResponse}, which behaves to the code writing it as the server's response would); hence it is for
 * benchmarks only, off unless {@value #PROPERTY} is {@code true}.
 *
 * <p>{@code web.xml} maps it first of all filters, to every path: JSF pages with and without {@code .xhtml}, plugin
 * pages, downloads and {@code /api/*}. It sees requests as they arrive; forwards, includes and error pages run inside
 * the request it measures. A redirect or an error the code sends carries the figures reached when it was sent; a
 * request that fails before anything was committed leaves its response to the server's error handling, without
 * figures. Work before any filter runs — the server's authentication mechanism — is in neither figure.
 *
 * <p>The property is read once, when the server starts the filter, so that switched off it costs each request one read
 * of a boolean. SmallRye Config does read system properties at every lookup (a {@code System.setProperty} is seen by
 * the next {@code ConfigProvider.getConfig().getOptionalValue(...)}), but only a lookup per request would follow one,
 * which is the cost this avoids. An in-container test switches measuring on and off with {@link #activate} instead.
 */
public class RequestStatisticsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The MicroProfile Config property that switches measuring on ({@code true}); {@code false} by default. */
    public static final String PROPERTY = "tenantry.diagnostics.request-statistics";
    /** The response header with the number of SQL statements the request prepared. */
    public static final String STATEMENTS = "X-Tenantry-Sql-Statements";
    /** The response header with the server's time on the request, as the W3C Server Timing metric {@code app}. */
    public static final String TIMING = "Server-Timing";

    /**
     * Whether requests are measured: set from {@link #configured} when the filter starts; static so that a test in the
     * deployment can reach it through {@link #activate}, and volatile so that request threads see the change.
     */
    private static volatile boolean active;

    @Inject
    @ConfigProperty(name = PROPERTY, defaultValue = "false")
    boolean configured;

    @Override
    public void init() throws ServletException {
        active = configured;
    }

    /** Switches measuring on or off for the requests that start from now on, whatever the configuration says. */
    static void activate(boolean on) {
        active = on;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!active) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        try (StatementCounter.Count count = StatementCounter.start()) {
            BufferedResponse buffered = new BufferedResponse(response, () -> {
                response.setHeader(STATEMENTS, Integer.toString(count.statements()));
                response.setHeader(TIMING, String.format(Locale.ROOT, "app;dur=%.1f",
                        (System.nanoTime() - started) / 1_000_000.0));
            });
            try {
                chain.doFilter(request, buffered);
            } catch (Throwable failure) {
                try {
                    buffered.finish(true);
                } catch (IOException | RuntimeException sending) {
                    failure.addSuppressed(sending);
                }
                throw failure;
            }
            buffered.finish(false);
        }
    }
}
