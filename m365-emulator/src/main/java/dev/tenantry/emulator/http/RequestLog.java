package dev.tenantry.emulator.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Every request the emulator answered, newest last; tests and benchmarks read it to see what really happened. */
public final class RequestLog {

    /**
     * One answered request.
     *
     * @param kind   {@code identity} or {@code graph}
     * @param tenant tenant id, when known
     * @param appId  client application id, when known
     * @param scopes the delegated scopes ({@code scp}) or application roles the token carried, space separated
     * @param requestId the {@code request-id} the emulator answered; a request of a {@code $batch} (kind
     *                  {@code graph-batch}) carries the one of its {@code $batch} round trip
     */
    public record Entry(Instant at, String kind, String method, String path, String query, String tenant, String appId,
            String scopes, boolean bearerToken, int status, Duration latency, String requestId) {
    }

    private static final int CAPACITY = 100_000;

    private final ConcurrentLinkedDeque<Entry> entries = new ConcurrentLinkedDeque<>();
    /** How many entries are kept: the deque's own size() walks every entry, too slow for every request. */
    private final AtomicInteger size = new AtomicInteger();

    public void add(Entry entry) {
        entries.addLast(entry);
        if (size.incrementAndGet() > CAPACITY && entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    public List<Entry> matching(Predicate<Entry> filter) {
        return entries.stream().filter(filter).toList();
    }

    public void clear() {
        while (entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }
}
