package dev.tenantry.portal.rest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** What the API's filters and mappers share about one request. */
public final class ApiRequests {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    private static final String CORRELATION = "tenantry.api.correlation-id";

    private ApiRequests() {
    }

    /** The id of this request in the log, the audit and the answer. */
    public static String correlationId(HttpServletRequest request) {
        Object id = request.getAttribute(CORRELATION);
        if (id == null) {
            id = UUID.randomUUID().toString();
            request.setAttribute(CORRELATION, id);
        }
        return id.toString();
    }

    public static String path(UriInfo uri) {
        return "/api/" + uri.getPath(true).replaceFirst("^/", "");
    }
}
