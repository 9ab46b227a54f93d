package dev.tenantry.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over Undertow's exchange: parameters, bodies and answers. */
public final class Exchanges {

    /** What a handler learnt about a request, for the request log. */
    public static final class Info {
        public String kind = "identity";
        public String tenant;
        public String appId;
        public String scopes;
        public boolean bearer;
        public String requestId;
        /** The 429 the request gets because its application had too many requests in flight when it arrived. */
        public Faults.Decision refusal;
        /** Records the request with its status; called once, before the answer leaves. */
        public java.util.function.IntConsumer onRespond = status -> { };
        private boolean recorded;
    }

    public static final AttachmentKey<Info> INFO = AttachmentKey.create(Info.class);

    private Exchanges() {
    }

    public static Info info(HttpServerExchange exchange) {
        Info info = exchange.getAttachment(INFO);
        if (info == null) {
            info = new Info();
            exchange.putAttachment(INFO, info);
        }
        return info;
    }

    public static String query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public static String body(HttpServerExchange exchange) {
        try {
            exchange.startBlocking();
            return new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An {@code application/x-www-form-urlencoded} body; the first value of each name. */
    public static Map<String, String> form(HttpServerExchange exchange) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body(exchange).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    public static void json(HttpServerExchange exchange, int status, JsonNode body) {
        send(exchange, status, "application/json; charset=utf-8", Json.write(body));
    }

    public static void html(HttpServerExchange exchange, int status, String page) {
        exchange.getResponseHeaders().put(new HttpString("Cache-Control"), "no-store");
        send(exchange, status, "text/html; charset=utf-8", page);
    }

    /**
     * Records the request before its answer is sent, so that a client that has its answer always finds the request
     * in the log.
     */
    public static void responding(HttpServerExchange exchange, int status) {
        Info info = info(exchange);
        if (!info.recorded) {
            info.recorded = true;
            info.onRespond.accept(status);
        }
    }

    public static void send(HttpServerExchange exchange, int status, String contentType, String body) {
        responding(exchange, status);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        try {
            exchange.startBlocking();
            exchange.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.endExchange();
    }

    public static void redirect(HttpServerExchange exchange, String location) {
        responding(exchange, 302);
        exchange.setStatusCode(302);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.endExchange();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
