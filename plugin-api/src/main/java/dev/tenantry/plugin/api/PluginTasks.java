package dev.tenantry.plugin.api;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * Runs a task of the plugin beside the code that asks for it, on a managed thread of the server, in the same context:
 * the same plugin, on behalf of the same member of staff (or job), under the same permissions. It is for overlapping
 * a wait on Microsoft with work on what was already read, which a plugin's code otherwise does one after the other: a
 * sync asks for the next page of users while it stores the page it has, so that a tenant's sync takes about the round
 * trips it needs, not the round trips plus the storing.
 *
 * <pre>{@code
 * List<User> page = users.drain();                 // what was read, taken before the next read adds to it
 * Future<Boolean> next = tasks.beside(() -> GraphBatch.next(client, List.of(users), 3));
 * store(page);                                     // meanwhile, the next page is on its way
 * boolean more = next.get();
 * }</pre>
 *
 * <p>Give the task only what it alone uses until its result is taken: the host runs it on another thread. When every
 * thread the host keeps for such tasks is busy, the task runs at once on the caller's thread, before {@code beside}
 * returns: the work is then done one after the other, as without this service, never queued behind other plugins'.
 *
 * @since 1.10.0
 */
public interface PluginTasks {

    /**
     * Starts {@code task} beside the caller; its result (or what it threw, wrapped in an
     * {@link java.util.concurrent.ExecutionException}) is the returned future's.
     */
    <T> Future<T> beside(Callable<T> task);
}
