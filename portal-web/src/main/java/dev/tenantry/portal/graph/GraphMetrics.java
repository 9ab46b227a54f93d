package dev.tenantry.portal.graph;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * What the Graph gateway sent, per tenant, since the node started: every HTTP attempt (the SDK's retries included),
 * how many Microsoft throttled (429) or found unavailable (503/504), other failures, and latency (mean, 95th
 * percentile of the last {@value #WINDOW} attempts, slowest). Counted by an OkHttp network interceptor on the
 * gateway's client, for the tenant the calling thread works for; nothing of a request but its status and duration is
 * kept.
 */
@ApplicationScoped
public class GraphMetrics {

    static final int WINDOW = 256;

    private final Map<String, Counter> tenants = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** One tenant's figures. */
    public record Figures(String tenantId, long requests, long throttled, long unavailable, long failed,
            Duration mean, Duration p95, Duration slowest, Instant last) {
    }

    /** Every tenant's figures, busiest first. */
    public List<Figures> all() {
        return tenants.entrySet().stream().map(entry -> entry.getValue().figures(entry.getKey()))
                .sorted((a, b) -> Long.compare(b.requests(), a.requests())).toList();
    }

    public java.util.Optional<Figures> of(String tenantId) {
        return java.util.Optional.ofNullable(tenants.get(tenantId)).map(counter -> counter.figures(tenantId));
    }

    /** The tenant Graph requests of this thread are counted for, if any. */
    public static java.util.Optional<String> currentTenant() {
        return java.util.Optional.ofNullable(CURRENT.get());
    }

    /**
     * Runs {@code body} with this thread's Graph requests counted for {@code tenantId} (none: not counted by tenant):
     * for a task a plugin runs beside its caller, on another thread.
     */
    public static <T> T as(String tenantId, java.util.concurrent.Callable<T> body) throws Exception {
        try (Scope working = bind(tenantId)) {
            return body.call();
        }
    }

    /** Marks the calling thread as working for {@code tenantId} until the returned scope closes. */
    Scope working(String tenantId) {
        return bind(tenantId);
    }

    private static Scope bind(String tenantId) {
        String before = CURRENT.get();
        CURRENT.set(tenantId);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** Closes without exceptions. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The interceptor that counts. */
    Interceptor interceptor() {
        return chain -> {
            String tenant = CURRENT.get();
            long started = System.nanoTime();
            int status = 0;
            try {
                Response response = chain.proceed(chain.request());
                status = response.code();
                return response;
            } catch (IOException e) {
                status = -1;
                throw e;
            } finally {
                if (tenant != null) {
                    tenants.computeIfAbsent(tenant, key -> new Counter()).add(status, System.nanoTime() - started);
                }
            }
        };
    }

    /** A tenant's counters. */
    private static final class Counter {
        private long requests;
        private long throttled;
        private long unavailable;
        private long failed;
        private long totalNanos;
        private long slowestNanos;
        private final long[] recent = new long[WINDOW];
        private int next;
        private Instant last;

        synchronized void add(int status, long nanos) {
            requests++;
            if (status == 429) {
                throttled++;
            } else if (status == 503 || status == 504) {
                unavailable++;
            } else if (status < 0 || status >= 400) {
                failed++;
            }
            totalNanos += nanos;
            slowestNanos = Math.max(slowestNanos, nanos);
            recent[next++ % WINDOW] = nanos;
            last = Instant.now();
        }

        synchronized Figures figures(String tenantId) {
            int size = (int) Math.min(requests, WINDOW);
            long[] sorted = Arrays.copyOf(recent, size);
            Arrays.sort(sorted);
            long p95 = size == 0 ? 0 : sorted[Math.min(size - 1, (int) Math.ceil(size * 0.95) - 1)];
            return new Figures(tenantId, requests, throttled, unavailable, failed,
                    Duration.ofNanos(requests == 0 ? 0 : totalNanos / requests), Duration.ofNanos(p95),
                    Duration.ofNanos(slowestNanos), last);
        }
    }
}
