package dev.tenantry.emulator.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.http.Json;
import java.time.Instant;
import java.util.UUID;

/**
 * An error of the Microsoft identity platform: the OAuth {@code error}, the {@code AADSTS} code and message, and an
 * optional {@code suberror} (e.g. {@code consent_required}), which MSAL reads to decide on interaction.
 */
final class OAuthError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String error;
    final int code;
    final String suberror;

    OAuthError(int status, String error, int code, String message) {
        this(status, error, code, message, null);
    }

    OAuthError(int status, String error, int code, String message, String suberror) {
        super(message);
        this.status = status;
        this.error = error;
        this.code = code;
        this.suberror = suberror;
    }

    String description() {
        return "AADSTS" + code + ": " + getMessage();
    }

    /** The token endpoint's JSON error body, shaped like Microsoft's. */
    ObjectNode json(Instant now) {
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        ObjectNode body = Json.object();
        body.put("error", error)
                .put("error_description", description() + " Trace ID: " + trace + " Correlation ID: " + correlation
                        + " Timestamp: " + now)
                .put("timestamp", now.toString())
                .put("trace_id", trace)
                .put("correlation_id", correlation)
                .put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        body.putArray("error_codes").add(code);
        if (suberror != null) {
            body.put("suberror", suberror);
        }
        return body;
    }
}
