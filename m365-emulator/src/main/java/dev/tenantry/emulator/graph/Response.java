package dev.tenantry.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.http.Json;
import io.undertow.util.Headers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What an endpoint answers; a null body means no content. */
record Response(int status, Map<String, String> headers, JsonNode body) {

    static Response json(int status, JsonNode body) {
        return new Response(status, new LinkedHashMap<>(), body);
    }

    /** 202 Accepted without a body, as {@code sendMail} answers. */
    static Response accepted() {
        return new Response(202, new LinkedHashMap<>(), null);
    }

    static Response noContent() {
        return new Response(204, new LinkedHashMap<>(), null);
    }

    /** Graph's error body, with the {@code WWW-Authenticate} challenge Graph adds to a 401. */
    static Response error(GraphError error, String requestId, String clientRequestId) {
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error").put("code", error.code).put("message", error.getMessage())
                .putObject("innerError");
        inner.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""))
                .put("request-id", requestId == null ? UUID.randomUUID().toString() : requestId);
        if (clientRequestId != null) {
            inner.put("client-request-id", clientRequestId);
        }
        Response response = json(error.status, body);
        if (error.status == 401) {
            response.header(Headers.WWW_AUTHENTICATE_STRING, "Bearer realm=\"\", authorization_uri="
                    + "\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\""
                    + PermissionCatalogue.GRAPH_APP_ID + "\"");
        }
        return response;
    }

    Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
