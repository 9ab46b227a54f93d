package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plugins' tasks beside their callers: on a thread of the pool while one is free, else on the caller's, never queued.
 */
class PluginTaskThreadsTest {

    private PluginTaskThreads tasks;

    @BeforeEach
    void start() {
        tasks = new PluginTaskThreads();
        tasks.size = 2;
        tasks.threads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "managed-test");
                thread.setDaemon(true);
                return thread;
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        tasks.start();
    }

    @AfterEach
    void stop() {
        tasks.stop();
    }

    @Test
    void aTaskRunsOnAManagedThreadBesideItsCaller() throws Exception {
        Thread caller = Thread.currentThread();
        CountDownLatch callerGoesOn = new CountDownLatch(1);
        Future<String> task = tasks.beside(() -> {
            // it waits for the caller, so it cannot have run on the caller's thread before beside returned
            assertTrue(callerGoesOn.await(10, TimeUnit.SECONDS));
            return Thread.currentThread().getName();
        });
        callerGoesOn.countDown();
        assertEquals("managed-test", task.get(10, TimeUnit.SECONDS));
        assertNotEquals(caller.getName(), task.get());
    }

    @Test
    void withEveryThreadBusyATaskRunsOnTheCallersThreadAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> busy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            busy.add(tasks.beside(() -> {
                release.await(10, TimeUnit.SECONDS);
                return Thread.currentThread().getName();
            }));
        }
        Future<String> third = tasks.beside(() -> Thread.currentThread().getName());
        assertTrue(third.isDone(), "run before beside returned, not queued behind the busy ones");
        assertEquals(Thread.currentThread().getName(), third.get());
        release.countDown();
        for (Future<String> each : busy) {
            assertEquals("managed-test", each.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void whatATaskThrowsIsTheFuturesFailure() {
        Future<Object> failed = tasks.beside(() -> {
            throw new IllegalStateException("Microsoft Graph answered 503");
        });
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertEquals("Microsoft Graph answered 503", thrown.getCause().getMessage());
    }
}
