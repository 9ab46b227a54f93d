package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.http.RequestLog;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * JSON batching ({@code POST /$batch}): at most 20 requests, run in order of their {@code dependsOn}; a request whose
 * dependency failed answers 424. Each inner request is authorised, throttled and logged like a top-level one.
 */
final class Batch {

    private static final int MAX_BATCH = 20;

    private final Directory directory;
    private final RequestLog requestLog;
    private final Handler dispatch;

    /** {@code dispatch} answers one request of the batch: its faults, routing and permission check. */
    Batch(Directory directory, RequestLog requestLog, Handler dispatch) {
        this.directory = directory;
        this.requestLog = requestLog;
        this.dispatch = dispatch;
    }

    Response handle(Call call) {
        JsonNode payload = body(call);
        JsonNode requests = payload.get("requests");
        if (requests == null || !requests.isArray()) {
            throw GraphError.badRequest("Invalid batch payload format.");
        }
        if (requests.size() > MAX_BATCH) {
            throw new GraphError(400, "BadRequest", "Limit of " + MAX_BATCH + " requests per batch exceeded.");
        }
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode request : requests) {
            String id = request.path("id").asText("");
            if (id.isEmpty() || byId.containsKey(id)) {
                throw GraphError.badRequest("Every request of a batch needs a unique id.");
            }
            if (!request.hasNonNull("method") || !request.hasNonNull("url")) {
                throw GraphError.badRequest("Request '" + id + "' of the batch needs a method and a url.");
            }
            byId.put(id, request);
        }
        Map<String, Integer> statuses = new LinkedHashMap<>();
        ArrayNode responses = Json.array();
        for (String id : executionOrder(byId)) {
            JsonNode request = byId.get(id);
            Response response;
            boolean dependencyFailed = false;
            for (JsonNode dependency : request.path("dependsOn")) {
                Integer status = statuses.get(dependency.asText());
                dependencyFailed |= status == null || status >= 400;
            }
            long started = System.nanoTime();
            Call inner = innerCall(call, request);
            if (dependencyFailed) {
                response = Response.error(new GraphError(424, "BadRequest",
                        "Dependency failed: a request this one depends on did not succeed."), inner.requestId, null);
            } else {
                response = dispatch.handle(inner);
            }
            statuses.put(id, response.status());
            requestLog.add(new RequestLog.Entry(directory.now(), "graph-batch", inner.method,
                    "/v1.0" + inner.path, rawQuery(request), call.tenant.id(),
                    String.valueOf(call.claims.getClaim("appid")), Call.tokenPermissions(call.claims), true,
                    response.status(), Duration.ofNanos(System.nanoTime() - started), call.requestId,
                    call.header("User-Agent")));
            ObjectNode answer = responses.addObject().put("id", id).put("status", response.status());
            ObjectNode headers = answer.putObject("headers");
            response.headers().forEach(headers::put);
            if (response.body() != null) {
                headers.put("Content-Type", "application/json; charset=utf-8");
                answer.set("body", response.body());
            }
        }
        ObjectNode result = Json.object();
        result.set("responses", responses);
        return Response.json(200, result);
    }

    private static List<String> executionOrder(Map<String, JsonNode> byId) {
        List<String> order = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : byId.keySet()) {
            visit(id, byId, order, visiting);
        }
        return order;
    }

    private static void visit(String id, Map<String, JsonNode> byId, List<String> order, Set<String> visiting) {
        if (order.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw GraphError.badRequest("The batch's dependsOn references form a cycle at request '" + id + "'.");
        }
        for (JsonNode dependency : byId.get(id).path("dependsOn")) {
            if (!byId.containsKey(dependency.asText())) {
                throw GraphError.badRequest("Request '" + id + "' depends on unknown request '" + dependency.asText()
                        + "'.");
            }
            visit(dependency.asText(), byId, order, visiting);
        }
        visiting.remove(id);
        order.add(id);
    }

    /** The query of an inner request's URL as it was sent (encoded), as a top-level request's is logged; or null. */
    private static String rawQuery(JsonNode request) {
        String url = request.get("url").asText();
        return url.contains("?") ? url.substring(url.indexOf('?') + 1) : null;
    }

    private static Call innerCall(Call outer, JsonNode request) {
        String url = request.get("url").asText().replaceFirst("(?i)^(https://[^/]+)?(/v1\\.0)?", "");
        if (!url.startsWith("/")) {
            url = "/" + url;
        }
        String path = Routes.canonicalPath(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        Map<String, String> query = new LinkedHashMap<>();
        if (url.contains("?")) {
            for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        Map<String, String> headers = new HashMap<>(outer.headers);
        request.path("headers").properties().forEach(field ->
                headers.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue().asText()));
        String body = request.has("body") ? Json.write(request.get("body")) : "";
        Call call = new Call(request.get("method").asText().toUpperCase(Locale.ROOT), path, query, headers, body,
                outer.tenant, outer.claims, UUID.randomUUID().toString());
        call.beta = outer.beta;
        return call;
    }
}
