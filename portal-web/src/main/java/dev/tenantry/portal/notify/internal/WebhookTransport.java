package dev.tenantry.portal.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Posts a signed webhook once; the caller decides about another attempt. Redirects are not followed. */
public class WebhookTransport {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** How an attempt ended: the status (0 when nothing answered), a Retry-After the receiver asked for. */
    public record Outcome(int status, Optional<Duration> retryAfter, String error) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    public Outcome post(String id, URI url, String secret, String body) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tenantry-Webhooks/1")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.sign(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
                    .filter(value -> value.matches("\\d{1,6}")).map(value -> Duration.ofSeconds(Long.parseLong(value)));
            return new Outcome(response.statusCode(), retryAfter,
                    response.statusCode() / 100 == 2 ? "" : "The receiver answered HTTP " + response.statusCode());
        } catch (IOException e) {
            return new Outcome(0, Optional.empty(), "No answer from " + url.getHost() + ": " + e.getClass()
                    .getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, Optional.empty(), "Interrupted");
        }
    }
}
