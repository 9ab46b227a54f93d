package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginTasks;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link PluginTasks} for plugins' tests (plugin-api 1.10.0): each task runs on a thread of its own, as on the host's
 * managed threads, so that a test sees what the plugin shares between the threads; {@link #ran()} counts the tasks, so
 * that a test can tell that its plugin overlapped the work it meant to.
 */
public final class ThreadTasks implements PluginTasks {

    private final AtomicInteger ran = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "plugin-task-" + ran.get());
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public <T> Future<T> beside(Callable<T> task) {
        ran.incrementAndGet();
        return threads.submit(task);
    }

    /** How many tasks were started. */
    public int ran() {
        return ran.get();
    }
}
