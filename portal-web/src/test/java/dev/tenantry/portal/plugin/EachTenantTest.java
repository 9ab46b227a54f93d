package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EachTenantTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aThrottledTenantWaitsWithoutHoldingASlot() throws InterruptedException {
        List<String> turns = Collections.synchronizedList(new ArrayList<>());

        EachTenant.run(List.of("t1", "t2", "t3"), 1, executor, () -> false, (tenantId, number) -> {
            turns.add(tenantId + "#" + number);
            return tenantId.equals("t1") && number == 1 ? Optional.of(Duration.ofSeconds(2)) : Optional.empty();
        });

        assertEquals(List.of("t1#1", "t2#1", "t3#1", "t1#2"), turns,
                "the only place went to the others while t1 waited for its Retry-After");
    }

    @Test
    void everyTenantTakesItsTurnWithNoMoreAtOnceThanAllowed() throws InterruptedException {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        List<String> tenants = IntStream.range(0, 20).mapToObj(i -> "t" + i).toList();

        EachTenant.run(tenants, 3, executor, () -> false, (tenantId, number) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            done.add(tenantId);
            return Optional.empty();
        });

        assertEquals(20, done.size());
        assertTrue(most.get() <= 3, "at most 3 at once, were " + most.get());
    }

    @Test
    void cancelledWorkStartsNoMoreTurnsAndWaitsForThoseRunning() throws InterruptedException {
        List<String> turns = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();

        EachTenant.run(List.of("t1", "t2", "t3"), 1, executor, () -> !turns.isEmpty(), (tenantId, number) -> {
            running.incrementAndGet();
            turns.add(tenantId);
            running.decrementAndGet();
            return Optional.empty();
        });

        assertEquals(List.of("t1"), turns);
        assertEquals(0, running.get());
    }
}
