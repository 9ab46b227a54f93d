package dev.tenantry.portal.plugin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Work over several tenants, {@code atOnce} tenants at a time: a tenant's turn runs on the executor as soon as a place
 * frees, in the order given. A turn that asks to come back later (Microsoft throttled the tenant) gives its place back
 * at once and is queued again for then, so a throttled tenant never holds up the others.
 */
final class EachTenant {

    /** One tenant's turn; empty when the tenant is done (however it went), or how long until its next turn. */
    interface Turn {
        Optional<Duration> take(String tenantId, int number);
    }

    private EachTenant() {
    }

    /** Gives every tenant its turns, until all are done or {@code cancelled}; returns when no turn runs any more. */
    static void run(List<String> tenants, int atOnce, Executor executor, BooleanSupplier cancelled, Turn turn)
            throws InterruptedException {
        Semaphore places = new Semaphore(atOnce);
        DelayQueue<Attempt> ready = new DelayQueue<>();
        long now = System.nanoTime();
        tenants.forEach(tenantId -> ready.add(new Attempt(tenantId, 1, now)));
        AtomicInteger done = new AtomicInteger();
        try {
            while (done.get() < tenants.size() && !cancelled.getAsBoolean()) {
                Attempt next = ready.poll(100, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                places.acquire();
                if (cancelled.getAsBoolean()) {
                    places.release();
                    break;
                }
                try {
                    executor.execute(() -> {
                        Optional<Duration> again = Optional.empty();
                        try {
                            again = turn.take(next.tenantId(), next.number());
                        } finally {
                            if (again.isPresent()) {
                                ready.add(next.after(again.get()));
                            } else {
                                done.incrementAndGet();
                            }
                            places.release();
                        }
                    });
                } catch (RuntimeException e) {
                    places.release();
                    throw e;
                }
            }
        } finally {
            places.acquireUninterruptibly(atOnce);
            places.release(atOnce);
        }
    }

    /** A tenant's turn: its number, and from when it may run. */
    private record Attempt(String tenantId, int number, long readyAtNanos) implements Delayed {

        Attempt after(Duration wait) {
            return new Attempt(tenantId, number + 1, System.nanoTime() + wait.toNanos());
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(readyAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
