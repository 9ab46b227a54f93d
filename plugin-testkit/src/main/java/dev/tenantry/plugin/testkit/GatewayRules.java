package dev.tenantry.plugin.testkit;

import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.http.ObservabilityOptions;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.Request;

/**
 * What the host's Graph gateway makes of Microsoft's answers, so that {@link EmulatorGraphAccess} gives a plugin's
 * tests the same exceptions production gives the plugin (the host's {@code GraphGateway} and {@code GraphRetries}; keep
 * them in step). A Graph error the call lets out ({@link ApiException}, the SDK's {@code ODataError} among them) with
 * HTTP 401 or 403 is "consent required" for the call's first scope set, and 429, 503 or 504 is "unavailable, try later"
 * with Microsoft's {@code Retry-After}; any other leaves as it is. An answer inside a {@code $batch} is no exception:
 * only what the call lets out ({@code GraphBatch.Answer#orThrow} thrown out of it, say) is translated. Exchange Online
 * answers the same way by status, and any other error becomes {@code ExchangeCommandException}. A 429, 503 or 504 is
 * retried once within the call, and only when Microsoft asks for a short wait.
 */
final class GatewayRules {

    /** The longest {@code Retry-After} the host waits for within a call. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private GatewayRules() {
    }

    /** What the host throws instead of a Graph error that left a call. */
    static Exception translated(String tenantId, ScopeSet scopeSet, ApiException e) {
        int status = e.getResponseStatusCode();
        if (status == 401 || status == 403) {
            return new ConsentRequiredException(new ConsentStatus(tenantId, scopeSet.id(), false, names(scopeSet),
                    "Microsoft Graph refused the call (HTTP " + status + "): the grant may have been revoked"));
        }
        if (unavailable(status)) {
            Duration retryAfter = e.getResponseHeaders().getOrDefault("Retry-After", Set.of()).stream().findFirst()
                    .flatMap(GatewayRules::seconds).orElse(null);
            return new GraphUnavailableException("Microsoft Graph is busy or unavailable for tenant " + tenantId
                    + " (HTTP " + status + ")", retryAfter, e);
        }
        return e;
    }

    /** What the host throws for an Exchange Online answer that is a consent or availability matter, else nothing. */
    static Optional<RuntimeException> exchangeFailure(String tenantId, ScopeSet scopeSet, int status,
            String retryAfter) {
        if (status == 401 || status == 403) {
            return Optional.of(new ConsentRequiredException(new ConsentStatus(tenantId, scopeSet.id(), false,
                    names(scopeSet), "Exchange Online refused the cmdlet (HTTP " + status + "): the grant or the "
                            + "account's Exchange role may be missing")));
        }
        if (unavailable(status)) {
            return Optional.of(new GraphUnavailableException("Exchange Online is busy or unavailable for tenant "
                    + tenantId + " (HTTP " + status + ")", retryAfter == null ? null : seconds(retryAfter)
                    .orElse(null), null));
        }
        return Optional.empty();
    }

    /** The retry handler's options: one retry, and only when the wait Microsoft asks for is short or not said. */
    static RetryHandlerOption retries() {
        return new RetryHandlerOption((delay, executionCount, request, response) -> worthWaiting(response.header(
                "Retry-After")), 1, 1);
    }

    /** A request built outside the SDK made retriable by its middleware (which traces each retry). */
    static Request.Builder retriable(Request.Builder request) {
        return request.tag(ObservabilityOptions.class, new ObservabilityOptions());
    }

    private static boolean unavailable(int status) {
        return status == 429 || status == 503 || status == 504;
    }

    private static boolean worthWaiting(String retryAfter) {
        return retryAfter == null || retryAfter.isBlank()
                || seconds(retryAfter).map(wait -> wait.compareTo(LONGEST_WAIT) <= 0).orElse(false);
    }

    /** A {@code Retry-After} in seconds (whole or not); empty for an HTTP date or anything else. */
    static Optional<Duration> seconds(String retryAfter) {
        try {
            double seconds = Double.parseDouble(retryAfter.strip());
            return seconds < 0 || Double.isNaN(seconds) || seconds > 1_000_000 ? Optional.empty()
                    : Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> names(ScopeSet scopeSet) {
        return scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
    }
}
