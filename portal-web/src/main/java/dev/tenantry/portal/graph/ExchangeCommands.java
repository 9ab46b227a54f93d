package dev.tenantry.portal.graph;

import dev.tenantry.plugin.api.ExchangeCommandException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Exchange Online admin API's {@code InvokeCommand}, spoken over the gateway's HTTP client (whose middleware
 * retries a 429, 503 or 504 once when Microsoft asks for a short wait, {@link GraphRetries}): the request body,
 * paging through {@code @odata.nextLink} (on the same host only), the answer's objects as plain maps, and errors by
 * kind.
 */
final class ExchangeCommands {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_PAGES = 100;

    private ExchangeCommands() {
    }

    /** Maps a status that is a consent or availability matter (with the Retry-After, if any) to what to throw. */
    interface Failure extends BiFunction<Integer, Duration, Exception> {
    }

    static List<Map<String, Object>> run(OkHttpClient http, String baseUrl, String tenantId, String cmdlet,
            Map<String, Object> parameters, Supplier<String> token, Failure failure) throws Exception {
        URI base = URI.create(baseUrl.replaceAll("/+$", ""));
        if (!"https".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalStateException("tenantry.exchange.base-url must be https");
        }
        JsonObjectBuilder input = Json.createObjectBuilder().add("CmdletName", cmdlet)
                .add("Parameters", Json.createObjectBuilder(parameters));
        String body = Json.createObjectBuilder().add("CmdletInput", input).build().toString();
        String bearer = token.get();
        List<Map<String, Object>> objects = new ArrayList<>();
        Request request = GraphRetries.retriable(new Request.Builder())
                .url(base + "/adminapi/beta/" + tenantId + "/InvokeCommand").header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json").post(RequestBody.create(body, JSON)).build();
        for (int page = 0; request != null && page < MAX_PAGES; page++) {
            try (Response response = http.newCall(request).execute()) {
                String text = response.body() == null ? "" : response.body().string();
                int status = response.code();
                if (status == 401 || status == 403 || status == 429 || status == 503 || status == 504) {
                    String after = response.header("Retry-After");
                    throw failure.apply(status, after == null ? null : GraphRetries.seconds(after).orElse(null));
                }
                JsonObject answer = parse(text);
                if (status >= 300) {
                    JsonObject error = answer.getJsonObject("error");
                    throw new ExchangeCommandException(status, error == null ? "" : error.getString("code", ""),
                            error == null ? "" : error.getString("message", ""));
                }
                JsonArray value = answer.getJsonArray("value");
                if (value != null) {
                    value.getValuesAs(JsonObject.class).forEach(object -> objects.add(plain(object)));
                }
                String next = answer.getString("@odata.nextLink", null);
                request = next == null ? null : nextPage(base, next, bearer);
            }
        }
        return objects;
    }

    private static Request nextPage(URI base, String next, String bearer) {
        URI link = URI.create(next);
        if (!base.getHost().equalsIgnoreCase(link.getHost()) || !"https".equalsIgnoreCase(link.getScheme())) {
            throw new IllegalStateException("Exchange Online sent a next link to another host");
        }
        return GraphRetries.retriable(new Request.Builder()).url(next).header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json").get().build();
    }

    private static JsonObject parse(String text) throws IOException {
        if (text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new IOException("Exchange Online answered something that is not JSON", e);
        }
    }

    private static Map<String, Object> plain(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((name, value) -> map.put(name, plain(value)));
        return map;
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
                    : ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                value.asJsonArray().forEach(item -> list.add(plain(item)));
                yield list;
            }
            case OBJECT -> plain(value.asJsonObject());
        };
    }
}
