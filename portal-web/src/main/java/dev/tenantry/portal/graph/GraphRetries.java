package dev.tenantry.portal.graph;

import com.microsoft.kiota.http.ObservabilityOptions;
import com.microsoft.kiota.http.middleware.options.RetryHandlerOption;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.Response;

/**
 * How the gateway's HTTP client (the Graph SDK's middleware, for Graph and Exchange Online alike) retries what
 * Microsoft throttled (429) or could not serve (503, 504): once, and only when the wait is short — a
 * {@code Retry-After} of at most {@link #LONGEST_WAIT}, or none (a pause of one to two seconds). A longer wait is not
 * slept through: the answer reaches the gateway at once and becomes {@code GraphUnavailableException} with
 * Microsoft's {@code Retry-After}, so a scheduled run goes back to the queue until then instead of sleeping in its
 * slot, and a page says "try again shortly" instead of hanging. The SDK's default (three retries, each as long as
 * Microsoft asks, up to three minutes) would hold the thread through every one.
 */
final class GraphRetries {

    /** The longest {@code Retry-After} worth waiting for inside a call. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private GraphRetries() {
    }

    /** The retry handler's options: one retry, after a second or two without {@code Retry-After}. */
    static RetryHandlerOption option() {
        return new RetryHandlerOption(GraphRetries::shouldRetry, 1, 1);
    }

    private static boolean shouldRetry(long delay, int executionCount, Request request, Response response) {
        return worthWaiting(response.header("Retry-After"));
    }

    /**
     * A request built outside the SDK (Exchange Online's cmdlets) made retriable: the retry middleware traces each
     * retry and expects the observability options the SDK's own requests carry; without them a retry fails with a
     * {@code NullPointerException} instead of being sent.
     */
    static Request.Builder retriable(Request.Builder request) {
        return request.tag(ObservabilityOptions.class, new ObservabilityOptions());
    }

    /** Whether an answer with this {@code Retry-After} (or none) is worth retrying within the call. */
    static boolean worthWaiting(String retryAfter) {
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
}
