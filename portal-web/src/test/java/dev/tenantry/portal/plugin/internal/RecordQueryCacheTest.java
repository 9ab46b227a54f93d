package dev.tenantry.portal.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecordQueryCacheTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final RecordQueryCache cache = new RecordQueryCache(Duration.ofSeconds(10), 3, clock::get);
    private int queries;
    /** Runs the reads that go on beside the test's own. */
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);

    @org.junit.jupiter.api.AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A query that counts how often it ran and answers that count. */
    private Supplier<Integer> query() {
        return () -> ++queries;
    }

    private int read(String kind, Object key) {
        return cache.read("threat-alerts", kind, key, query(), any -> true);
    }

    @Test
    void theSameQueryIsAnsweredFromWhatWasKeptUntilARecordOfItsKindIsWritten() {
        assertEquals(1, read("incident", "count open"));
        assertEquals(1, read("incident", "count open"));
        assertEquals(1, queries);

        cache.written("threat-alerts", "alert");
        cache.written("secure", "incident");
        assertEquals(1, read("incident", "count open"), "another kind's or another plugin's write changes nothing");

        cache.written("threat-alerts", "incident");
        assertEquals(2, read("incident", "count open"));
        assertEquals(2, read("incident", "count open"));
        assertEquals(2, queries);
    }

    @Test
    void differentQueriesAndReachesAreKeptApart() {
        assertEquals(1, read("incident", List.of("count", "tenants a, b")));
        assertEquals(2, read("incident", List.of("count", "tenants a")));
        assertEquals(1, read("incident", List.of("count", "tenants a, b")));
    }

    @Test
    void aTenantSwitchedOffOrRemovedChangesEveryKindsAnswers() {
        read("incident", "count");
        read("alert", "count");
        cache.tenantsChanged();
        assertEquals(3, read("incident", "count"));
        assertEquals(4, read("alert", "count"));
    }

    @Test
    void anAnswerIsKeptAtMostItsTimeToLive() {
        read("incident", "count");
        clock.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertEquals(1, read("incident", "count"));
        clock.addAndGet(1);
        assertEquals(2, read("incident", "count"), "another node's writes are seen within the time to live");
    }

    @Test
    void anAnswerReadWhileARecordOfItsKindWasWrittenIsNotKept() {
        int first = cache.read("threat-alerts", "incident", "count", () -> {
            cache.written("threat-alerts", "incident");
            return ++queries;
        }, any -> true);
        assertEquals(1, first);
        assertEquals(2, read("incident", "count"));
        assertEquals(2, read("incident", "count"));
    }

    @Test
    void anAnswerTheCallerDoesNotWantKeptIsReadEveryTime() {
        assertEquals(1, cache.read("threat-alerts", "incident", "page", query(), any -> false));
        assertEquals(2, cache.read("threat-alerts", "incident", "page", query(), any -> false));
        assertEquals(0, cache.size());
    }

    @Test
    void withoutATimeToLiveNothingIsKept() {
        RecordQueryCache none = new RecordQueryCache(Duration.ZERO, 3, clock::get);
        none.read("p", "k", "q", query(), any -> true);
        assertEquals(2, (int) none.read("p", "k", "q", query(), any -> true));
        assertEquals(0, none.size());
    }

    @Test
    void theLeastRecentlyUsedAnswerGoesWhenMoreAreKeptThanAllowed() {
        read("incident", "a");
        read("incident", "b");
        read("incident", "c");
        read("incident", "a");
        read("incident", "d");
        assertEquals(3, cache.size());
        assertEquals(4, queries);
        assertEquals(1, read("incident", "a"), "used last but one: kept");
        assertEquals(5, read("incident", "b"), "the least recently used went");
    }

    @Test
    void whoAsksWhileTheSameQueryIsBeingReadWaitsForThatAnswer() throws Exception {
        HeldRead held = new HeldRead();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        Supplier<Integer> slow = held.answering(() -> {
            reads.incrementAndGet();
            return 42;
        });
        var first = pool.submit(() -> cache.read("threat-alerts", "incident", "count", slow, any -> true));
        held.reading.await();
        List<java.util.concurrent.Future<Integer>> others = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(pool.submit(() -> cache.read("threat-alerts", "incident", "count", slow, any -> true)));
        }
        Thread.sleep(100);
        held.release.countDown();
        assertEquals(42, first.get());
        for (var other : others) {
            assertEquals(42, other.get());
        }
        assertEquals(1, reads.get(), "read once for all four");
    }

    @Test
    void whenTheReadWaitedForFailsTheWaitingReadsForItself() throws Exception {
        HeldRead held = new HeldRead();
        var failing = pool.submit(() -> cache.read("threat-alerts", "incident", "count", held.answering(() -> {
            throw new IllegalStateException("database gone");
        }), any -> true));
        held.reading.await();
        var waiting = pool.submit(() -> cache.read("threat-alerts", "incident", "count", () -> 7, any -> true));
        Thread.sleep(100);
        held.release.countDown();
        java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, failing::get);
        assertEquals("database gone", failed.getCause().getMessage());
        assertEquals(7, waiting.get());
    }

    @Test
    void aReadStartedBeforeAWriteIsNotWaitedForByWhoAsksAfterIt() throws Exception {
        HeldRead held = new HeldRead();
        var before = pool.submit(() -> cache.read("threat-alerts", "incident", "count", held.answering(() -> 1),
                any -> true));
        held.reading.await();
        cache.written("threat-alerts", "incident");
        assertEquals(2, cache.read("threat-alerts", "incident", "count", () -> 2, any -> true),
                "asked after the write: read again, not the answer under way");
        held.release.countDown();
        assertEquals(1, before.get());
        assertEquals(2, cache.read("threat-alerts", "incident", "count", () -> 3, any -> true),
                "the answer read after the write is kept, the one read across it is not");
    }

    @Test
    void anAnswerThatOnlyGrewOldIsGivenAsKeptWhileTheFirstWhoAskedReadsItAgain() throws Exception {
        assertEquals(1, read("incident", "count"));
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        HeldRead held = new HeldRead();
        var again = pool.submit(() -> cache.read("threat-alerts", "incident", "count", held.answering(() -> 2),
                any -> true));
        held.reading.await();
        assertEquals(1, read("incident", "count"), "meanwhile, as kept: no wait");
        assertEquals(1, queries, "and not read once more");
        held.release.countDown();
        assertEquals(2, again.get());
        assertEquals(2, read("incident", "count"), "then the new answer");

        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        cache.written("threat-alerts", "incident");
        assertEquals(2, read("incident", "count"), "after a write nothing old is given: read again");
        assertEquals(2, queries);
    }

    /** A read that says when it started and answers only once released. */
    private static final class HeldRead {

        final java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        <T> Supplier<T> answering(Supplier<T> answer) {
            return () -> {
                reading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return answer.get();
            };
        }
    }
}
