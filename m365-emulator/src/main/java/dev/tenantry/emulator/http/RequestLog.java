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
     * @param userAgent the request's {@code User-Agent} (a request of a {@code $batch}: its round trip's), or
     *                  {@code null}; Tenantry names there the scope sets a call is for
     */
    public record Entry(Instant at, String kind, String method, String path, String query, String tenant, String appId,
            String scopes, boolean bearerToken, int status, Duration latency, String requestId, String userAgent) {

        /** Whether the caller named {@code scopeSetOrPlugin} (a scope set's id, or a plugin id and a dot) as its own. */
        public boolean madeFor(String scopeSetOrPlugin) {
            if (userAgent == null) {
                return false;
            }
            int open = userAgent.lastIndexOf("Tenantry (");
            if (open < 0 || !userAgent.endsWith(")")) {
                return false;
            }
            for (String id : userAgent.substring(open + "Tenantry (".length(), userAgent.length() - 1).split("; ")) {
                if (scopeSetOrPlugin.endsWith(".") ? id.startsWith(scopeSetOrPlugin) : id.equals(scopeSetOrPlugin)) {
                    return true;
                }
            }
            return false;
        }
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
