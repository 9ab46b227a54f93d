package dev.tenantry.portal.plugin.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What cross-tenant record queries found (counts, group counts, pages), kept until a record of their plugin's kind is
 * written, a tenant is switched off, removed or given other tags, or a short time has passed.
 *
 * <p>A count over a fleet reads an index entry of every matching record of every tenant a person may see: at a
 * thousand tenants, tens of thousands per view of the threat inbox, again for every member of staff who opens it. Staff
 * with the same reach (the same visible tenants, the same tenants the plugin is switched off in) ask the same
 * questions, and most of a fleet's records change far less often than they are looked at, so the answer is kept:
 *
 * <ul>
 * <li>keyed by the query itself (plugin, kind, the tag its tenants carry, conditions with their values, order, page)
 * and the tenants it reaches, so people who see different tenants never share an answer;</li>
 * <li>exact on this node: each write of a record moves its kind's generation once its transaction ended, committed or
 * not, and an answer read before that no longer counts; one read while a write was under way is not kept; a
 * transaction that wrote records of a kind reads them from the database, where it sees its own writes;</li>
 * <li>at most {@code ttl} old, which bounds what another node's writes (a cluster) or a change outside Tenantry leave
 * unseen;</li>
 * <li>read once when several ask at the same moment: who asks while the same question of the same generation is being
 * read waits for that answer instead of reading it again; and when an answer only grew old (nothing was written here)
 * the others get it as kept while the first who asked reads it again, so its expiry holds up one request, not all those
 * that come meanwhile (the bound on other nodes' writes is then {@code ttl} and one read).</li>
 * </ul>
 */
final class RecordQueryCache {

    /** What one answer may hold at most (a page's bodies, in characters): larger pages are not kept. */
    static final long MAX_CHARS = 256 * 1024;

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanos;
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    /** Moves when a tenant is switched off, removed or given other tags: that changes every kind's answers. */
    private final AtomicLong tenants = new AtomicLong();
    private final Map<Object, Answer> answers;

    private final Map<Object, Flight> inFlight = new ConcurrentHashMap<>();

    private record Answer(Object value, long generation, long tenants, long readAt) {
    }

    /** A read under way, of the generations it started at. */
    private record Flight(long generation, long tenants, CompletableFuture<Object> answer) {
    }

    /**
     * @param ttl        how long an answer is kept at most (zero: none is)
     * @param maxEntries how many answers are kept at most (the least recently used go first)
     * @param nanos      the clock, in nanoseconds
     */
    RecordQueryCache(Duration ttl, int maxEntries, LongSupplier nanos) {
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanos = nanos;
        this.answers = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Answer> eldest) {
                return size() > RecordQueryCache.this.maxEntries;
            }
        };
    }

    /**
     * The answer to {@code key} about the records of a plugin's kind: as kept, or as {@code query} reads it now (and
     * kept if {@code keep} accepts it and nothing was written meanwhile).
     */
    @SuppressWarnings("unchecked")
    <T> T read(String pluginId, String kind, Object key, Supplier<T> query, Predicate<T> keep) {
        if (ttlNanos == 0) {
            return query.get();
        }
        AtomicLong generation = generation(pluginId, kind);
        long before = generation.get();
        long tenantsBefore = tenants.get();
        Object asked = java.util.List.of(pluginId, kind, key);
        Answer kept;
        synchronized (answers) {
            kept = answers.get(asked);
        }
        long now = nanos.getAsLong();
        boolean current = kept != null && kept.generation == before && kept.tenants == tenantsBefore;
        if (current && now - kept.readAt < ttlNanos) {
            return (T) kept.value;
        }
        Flight mine = new Flight(before, tenantsBefore, new CompletableFuture<>());
        Flight under = inFlight.putIfAbsent(asked, mine);
        if (under != null && under.generation == before && under.tenants == tenantsBefore) {
            if (current) {
                // Only its time ran out (nothing was written here) and someone is reading it again: until then, as kept
                return (T) kept.value;
            }
            try {
                return (T) under.answer.get();
            } catch (ExecutionException e) {
                // That read failed: this one reads for itself (and fails on its own if it must)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a query's answer", e);
            }
        }
        // Others wait for this read only if none was under way (one under way started before a write, or failed)
        boolean waitedFor = under == null;
        try {
            T value = query.get();
            if (waitedFor) {
                mine.answer.complete(value);
            }
            if (generation.get() == before && tenants.get() == tenantsBefore && keep.test(value)) {
                synchronized (answers) {
                    answers.put(asked, new Answer(value, before, tenantsBefore, now));
                }
            }
            return value;
        } catch (RuntimeException | Error e) {
            if (waitedFor) {
                mine.answer.completeExceptionally(e);
            }
            throw e;
        } finally {
            if (waitedFor) {
                inFlight.remove(asked, mine);
            }
        }
    }

    /** Records of a plugin's kind were written (call once the writing transaction ended). */
    void written(String pluginId, String kind) {
        generation(pluginId, kind).incrementAndGet();
    }

    /** A tenant was switched off, removed or given other tags (call once the transaction ended). */
    void tenantsChanged() {
        tenants.incrementAndGet();
    }

    /** How many answers are kept. */
    int size() {
        synchronized (answers) {
            return answers.size();
        }
    }

    private AtomicLong generation(String pluginId, String kind) {
        return generations.computeIfAbsent(pluginId + '\u0000' + kind, any -> new AtomicLong());
    }
}
