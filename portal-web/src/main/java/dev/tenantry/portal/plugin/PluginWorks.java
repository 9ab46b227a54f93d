package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginWork.TenantWork;
import dev.tenantry.plugin.api.PluginWork.Work;
import dev.tenantry.plugin.api.PluginWork.WorkStatus;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.consent.ScopeSetCatalogue;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.plugin.internal.JpaWorkStore;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantLookup;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Background work staff start from plugins ({@code PluginWork}): run on the server's managed executor, its progress
 * kept in the database (at most one write a second) for the plugin's page and the Activity page, cancellable by the
 * one who started it. Work over several tenants runs {@code tenantry.plugins.work-tenants-at-once} tenants at once, each
 * tenant's failure its own. Work a stopped server left running is marked failed at the next start.
 */
@ApplicationScoped
public class PluginWorks {

    private static final Logger LOG = Logger.getLogger(PluginWorks.class.getName());
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    @Resource
    ManagedExecutorService executor;

    @Inject
    JpaWorkStore store;

    @Inject
    ScopeSetCatalogue host;

    @Inject
    CurrentStaff staff;

    @Inject
    AccessControl access;

    @Inject
    TenantLookup tenants;

    @Inject
    @ConfigProperty(name = "tenantry.plugins.work-tenants-at-once", defaultValue = "4")
    int tenantsAtOnce;

    /** Runs {@code body} on the worker thread as done for {@code user}; set by the plugin layer. */
    public interface Runner {
        <T> T as(String user, Callable<T> body) throws Exception;
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 250) Startup startup) {
        int abandoned = store.abandon(Instant.now().minus(ABANDONED_AFTER));
        if (abandoned > 0) {
            LOG.info(() -> abandoned + " piece(s) of work left running by a stopped server marked failed");
        }
    }

    /** Starts work of {@code pluginId} for the signed-in member of staff; returns its id. */
    public String start(String pluginId, String title, String tenantId, Work work, Runner runner) {
        String user = staff.user().orElseThrow(() -> new IllegalStateException(
                "Work is started by a signed-in member of staff, from a page or an action"));
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("Work needs a title of at most 200 characters");
        }
        if (tenantId != null) {
            if (!host.enabledFor(pluginId, tenantId)) {
                throw new IllegalArgumentException("Plugin " + pluginId + " does not work in tenant " + tenantId);
            }
            PluginCaller.require(access, pluginId, tenantId, true);
        }
        PluginCaller.Grant grant = PluginCaller.current().orElse(null);
        String id = UUID.randomUUID().toString();
        store.started(id, pluginId, title.strip(), tenantId, user);
        executor.submit(() -> run(id, pluginId, user, grant, work, runner));
        return id;
    }

    /**
     * Starts work of {@code pluginId} in each of {@code tenantIds} for the signed-in member of staff; returns its id.
     * Every tenant is checked first: the plugin works in it and the member of staff holds there the permission of the
     * page or action starting the work ({@link PluginCaller}), under which the work then runs.
     */
    public String startEach(String pluginId, String title, List<String> tenantIds, TenantWork each, Runner runner) {
        String user = staff.user().orElseThrow(() -> new IllegalStateException(
                "Work is started by a signed-in member of staff, from a page or an action"));
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("Work needs a title of at most 200 characters");
        }
        List<String> targets = List.copyOf(new LinkedHashSet<>(tenantIds == null ? List.of() : tenantIds));
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("Work over tenants needs at least one tenant");
        }
        for (String tenantId : targets) {
            if (tenants.find(tenantId).filter(tenant -> tenant.status() == CustomerTenant.Status.ACTIVE).isEmpty()
                    || !host.enabledFor(pluginId, tenantId)) {
                throw new IllegalArgumentException("Plugin " + pluginId + " does not work in tenant " + tenantId);
            }
            PluginCaller.require(access, pluginId, tenantId, true);
        }
        PluginCaller.Grant grant = PluginCaller.current().orElse(null);
        String id = UUID.randomUUID().toString();
        store.started(id, pluginId, title.strip(), null, user);
        executor.submit(() -> runEach(id, pluginId, user, grant, targets, each, runner));
        return id;
    }

    private void runEach(String id, String pluginId, String user, PluginCaller.Grant grant, List<String> targets,
            TenantWork each, Runner runner) {
        Progress progress = new Progress(id, pluginId);
        int atOnce = Math.max(1, tenantsAtOnce);
        Semaphore slots = new Semaphore(atOnce);
        AtomicInteger done = new AtomicInteger();
        Map<String, String> failed = new ConcurrentHashMap<>();
        JobProgress tenantProgress = new JobProgress() {
            @Override
            public void report(int stepsDone, int stepsTotal, String message) {
                // a tenant's own steps are not the work's: tenants are
            }

            @Override
            public boolean cancelled() {
                return progress.cancelled();
            }
        };
        progress.report(0, targets.size(), "Starting");
        try {
            for (String tenantId : targets) {
                if (progress.cancelled()) {
                    break;
                }
                slots.acquire();
                try {
                    executor.submit(() -> {
                        String outcome = "";
                        try {
                            outcome = PluginCaller.as(grant, () -> runner.as(user, () -> PluginCode.call(each,
                                    () -> each.run(tenantId, tenantProgress))));
                        } catch (ConsentRequiredException e) {
                            outcome = "consent required: " + e.getMessage();
                            failed.put(tenantId, outcome);
                        } catch (Exception | LinkageError e) {
                            LOG.log(Level.WARNING, "Work " + id + " of plugin " + pluginId + " failed in tenant "
                                    + tenantId, e);
                            outcome = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                            failed.put(tenantId, outcome);
                        } finally {
                            // Counted before the slot is free: the summary waits for every slot, which is freed
                            // even when the progress cannot be recorded (the database gone a moment)
                            try {
                                progress.report(done.incrementAndGet(), targets.size(), name(tenantId) + ": "
                                        + outcome);
                            } catch (RuntimeException e) {
                                LOG.log(Level.WARNING, "Work " + id + " could not record its progress", e);
                            } finally {
                                slots.release();
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    slots.release();
                    throw e;
                }
            }
            slots.acquire(atOnce);
            slots.release(atOnce);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Work " + id + " of plugin " + pluginId + " could not go on", e);
            store.finished(id, "FAILED", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return;
        }
        int finished = done.get();
        StringBuilder summary = new StringBuilder();
        summary.append(finished - failed.size()).append(" of ").append(targets.size()).append(" tenants done");
        List<String> failures = new ArrayList<>();
        targets.stream().filter(failed::containsKey)
                .forEach(tenantId -> failures.add(name(tenantId) + " (" + failed.get(tenantId) + ")"));
        if (!failures.isEmpty()) {
            summary.append("; failed: ").append(String.join(", ", failures));
        }
        String state = progress.cancelled() || Thread.currentThread().isInterrupted() ? "CANCELLED"
                : failed.size() == targets.size() ? "FAILED" : "SUCCESS";
        store.finished(id, state, summary.toString());
    }

    private String name(String tenantId) {
        return tenants.find(tenantId).map(CustomerTenant::displayName).orElse(tenantId);
    }

    private void run(String id, String pluginId, String user, PluginCaller.Grant grant, Work work, Runner runner) {
        Progress progress = new Progress(id, pluginId);
        try {
            String summary = PluginCaller.as(grant, () -> runner.as(user, () -> PluginCode.call(work,
                    () -> work.run(progress))));
            store.finished(id, progress.cancelled() ? "CANCELLED" : "SUCCESS", summary);
        } catch (ConsentRequiredException e) {
            store.finished(id, "CONSENT_REQUIRED", e.getMessage());
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, "Work " + id + " of plugin " + pluginId + " failed", e);
            store.finished(id, progress.cancelled() ? "CANCELLED" : "FAILED",
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Work of {@code pluginId}, for that plugin. */
    public Optional<WorkStatus> status(String pluginId, String id) {
        return store.find(id).filter(work -> work.pluginId().equals(pluginId));
    }

    /** The newest work the signed-in member of staff started. */
    public List<WorkStatus> mine() {
        return staff.user().map(user -> store.startedBy(user, 50)).orElse(List.of());
    }

    /** Asks work to stop: the one who started it, or someone who manages plugins. */
    public boolean cancel(String id) {
        WorkStatus work = store.find(id).orElseThrow(() -> new IllegalArgumentException("No such work"));
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to cancel work"));
        if (!user.equals(work.startedBy()) && !access.callerHoldsAnywhere(Permissions.PLUGINS_MANAGE)) {
            throw new AccessDeniedException("Only who started it can cancel this work");
        }
        return store.requestCancel(id);
    }

    /** Progress of one piece of work: written at most once a second, cancellation read at most every two. */
    private final class Progress implements JobProgress {

        private final String id;
        private final String pluginId;
        private long lastWrite;
        private long lastCancelCheck;
        private boolean cancelled;

        Progress(String id, String pluginId) {
            this.id = id;
            this.pluginId = pluginId;
        }

        @Override
        public synchronized void report(int done, int total, String message) {
            long now = System.nanoTime();
            if (now - lastWrite >= 1_000_000_000L || (total > 0 && done >= total)) {
                lastWrite = now;
                store.progress(id, done, total, message);
            }
        }

        @Override
        public synchronized boolean cancelled() {
            long now = System.nanoTime();
            if (!cancelled && now - lastCancelCheck >= 2_000_000_000L) {
                lastCancelCheck = now;
                cancelled = store.cancelRequested(id) || !host.enabledFor(pluginId, null);
            }
            return cancelled;
        }
    }
}
