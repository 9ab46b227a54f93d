package dev.tenantry.portal.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error as RFC 9457 problem details ({@code application/problem+json}).
 *
 * @param type          a URI naming the kind of problem ({@code urn:tenantry:problem:<kind>})
 * @param title         the kind, in words, the same for every occurrence
 * @param status        the HTTP status
 * @param detail        this occurrence, for the person reading it
 * @param instance      the request path it happened on
 * @param correlationId ties the answer to the server's log and audit records
 */
public record Problem(String type, String title, int status, String detail, String instance, String correlationId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The kinds of problem the API answers with. */
    public enum Kind {
        BAD_REQUEST(400, "The request is not valid"),
        UNAUTHENTICATED(401, "A valid API token is required"),
        FORBIDDEN(403, "The token's owner may not do this here"),
        NOT_FOUND(404, "No such resource"),
        METHOD_NOT_ALLOWED(405, "The resource does not support this method"),
        NOT_ACCEPTABLE(406, "The API answers in JSON"),
        CONFLICT(409, "The request conflicts with the current state"),
        PAYLOAD_TOO_LARGE(413, "The request body is too large"),
        UNSUPPORTED_MEDIA_TYPE(415, "Send JSON"),
        TOO_MANY_REQUESTS(429, "Too many requests"),
        SERVER_ERROR(500, "The server failed; the correlation id finds the details in its log"),
        UNAVAILABLE(503, "Temporarily unavailable");

        private final int status;
        private final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }

        public String type() {
            return "urn:tenantry:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The kind a bare HTTP status stands for. */
        public static Kind of(int status) {
            for (Kind kind : values()) {
                if (kind.status == status) {
                    return kind;
                }
            }
            return status >= 500 ? SERVER_ERROR : BAD_REQUEST;
        }
    }

    public static Problem of(Kind kind, String detail, String instance, String correlationId) {
        return new Problem(kind.type(), kind.title(), kind.status(), detail, instance, correlationId);
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this);
        return status == Kind.UNAVAILABLE.status() ? response.header("Retry-After", "30").build() : response.build();
    }
}
