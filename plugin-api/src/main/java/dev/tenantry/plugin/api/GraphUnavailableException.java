package dev.tenantry.plugin.api;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * Microsoft could not answer now: throttled beyond the retries the host makes (429), out of service (503), or the
 * tenant's connection must be signed in again (a revoked or expired refresh token). Nothing was lost; try later. The host
 * shows the reason on the tenant and does not mark the plugin failed.
 */
public class GraphUnavailableException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param message    what happened, without tokens or secrets
     * @param retryAfter how long Microsoft asked to wait, when it said so
     */
    public GraphUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long Microsoft asked to wait, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
