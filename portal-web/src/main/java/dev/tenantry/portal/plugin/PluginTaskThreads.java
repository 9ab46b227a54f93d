package dev.tenantry.portal.plugin;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The managed threads plugins' tasks run on beside their callers ({@code PluginTasks}): at most
 * {@code tenantry.plugins.task-threads} at once, made by the server's managed thread factory and kept a minute when
 * idle. A task that finds them all busy runs on its caller's thread at once: it is never queued, so a task waits for no
 * other plugin's, and a caller that waits for its task can never wait on a queue its own thread should have emptied. A
 * pool of its own, not the server's shared executor, which the server sizes by its cores and other work fills.
 */
@ApplicationScoped
public class PluginTaskThreads {

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "tenantry.plugins.task-threads", defaultValue = "16")
    int size;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        pool = new ThreadPoolExecutor(0, Math.max(1, size), 1, TimeUnit.MINUTES, new SynchronousQueue<>(), threads);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Runs {@code task} on a thread of the pool, or, when none is free, on the caller's thread before returning. */
    public <T> Future<T> beside(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        try {
            pool.execute(future);
        } catch (RejectedExecutionException busy) {
            future.run();
        }
        return future;
    }
}
