package dev.tenantry.portal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.kiota.RequestOption;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's HTTP client as it is built, against a local server that throttles the way Microsoft does. */
class GraphRetriesTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/long", exchange -> answer(exchange, 429, "30"));
        server.createContext("/short", exchange -> answer(exchange, requests.get() == 0 ? 429 : 200, "1"));
        server.createContext("/unavailable", exchange -> answer(exchange, requests.get() == 0 ? 503 : 200, null));
        server.start();
        client = GraphClientFactory.create(new RequestOption[] {GraphRetries.option()}).build();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers {@code status}; the handlers above decide it by how many requests came before. */
    private void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String retryAfter)
            throws IOException {
        requests.incrementAndGet();
        if (retryAfter != null && status != 200) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private int get(String path) throws IOException {
        try (Response response = client.newCall(GraphRetries.retriable(new Request.Builder())
                .url("http://127.0.0.1:" + server.getAddress().getPort() + path).build()).execute()) {
            return response.code();
        }
    }

    @Test
    void aLongRetryAfterIsNotSleptThroughButAnsweredAtOnce() throws IOException {
        assertEquals(429, get("/long"));
        assertEquals(1, requests.get(), "no retry: the caller learns Microsoft's Retry-After at once");
    }

    @Test
    void aShortRetryAfterIsWaitedForOnce() throws IOException {
        assertEquals(200, get("/short"));
        assertEquals(2, requests.get());
    }

    @Test
    void anUnavailableServiceWithoutRetryAfterIsTriedOnceMore() throws IOException {
        assertEquals(200, get("/unavailable"));
        assertEquals(2, requests.get());
    }

    @Test
    void onlyAFewSecondsAreWorthWaitingForInsideACall() {
        assertTrue(GraphRetries.worthWaiting(null));
        assertTrue(GraphRetries.worthWaiting("2"));
        assertTrue(GraphRetries.worthWaiting("1.5"));
        assertFalse(GraphRetries.worthWaiting("3"));
        assertFalse(GraphRetries.worthWaiting("Wed, 21 Oct 2026 07:28:00 GMT"), "a date is never near enough to know");
        assertEquals(Optional.of(Duration.ofSeconds(120)), GraphRetries.seconds("120"));
        assertEquals(Optional.empty(), GraphRetries.seconds("soon"));
    }
}
