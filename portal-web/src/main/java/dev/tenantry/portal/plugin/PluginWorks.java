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
import dev.tenantry.portal.web.DatabaseOutage;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Background work staff start from plugins ({@code PluginWork}): run on the server's managed executor, its progress
 * kept in the database (at most one write a second) for the plugin's page and the Activity page, cancellable by the
 * one who started it. Work over several tenants runs {@code tenantry.plugins.work-tenants-at-once} tenants at once, each
 * tenant's failure its own; a tenant Microsoft throttles is tried again after its {@code Retry-After} (three times at
 * most), holding none of those places meanwhile. It runs on managed threads of its own (one that hands out the turns
 * and one per place), not on the shared executor: the server sizes that by its cores (four threads on two), which
 * would run fewer tenants at once than asked while the turns wait on Microsoft, and which several such works, each
 * waiting for its turns, would fill until none ran. Scheduled jobs have threads of their own, so neither can starve the
 * other. Work a stopped server left running is marked failed at the next start.
 *
 * <p>The database out of reach for a while stops no work: progress that cannot be written is skipped (the next report
 * or the outcome catches up), and the outcome waits until it can be recorded, so that work never stays RUNNING for
 * want of the database.
 */
@ApplicationScoped
public class PluginWorks {

    private static final Logger LOG = Logger.getLogger(PluginWorks.class.getName());
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);
    private static final long LONGEST_RECORDING_PAUSE_MILLIS = 30_000;
    /** How many times a tenant Microsoft throttles is tried in work over several tenants, and the longest wait. */
    private static final int THROTTLED_ATTEMPTS = 3;
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

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

    private volatile boolean stopping;

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

    @PreDestroy
    void stop() {
        stopping = true;
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
        threads.newThread(() -> runEach(id, pluginId, user, grant, targets, each, runner)).start();
        return id;
    }

    private void runEach(String id, String pluginId, String user, PluginCaller.Grant grant, List<String> targets,
            TenantWork each, Runner runner) {
        Progress progress = new Progress(id, pluginId);
        int atOnce = Math.max(1, tenantsAtOnce);
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
        ExecutorService places = Executors.newFixedThreadPool(Math.min(atOnce, targets.size()), threads);
        try {
            EachTenant.run(targets, atOnce, places, progress::cancelled, (tenantId, number) -> {
                String outcome = "";
                Optional<Duration> again = Optional.empty();
                try {
                    outcome = PluginCaller.as(grant, () -> runner.as(user, () -> PluginCode.call(each,
                            () -> each.run(tenantId, tenantProgress))));
                } catch (ConsentRequiredException e) {
                    outcome = "consent required: " + e.getMessage();
                    failed.put(tenantId, outcome);
                } catch (Exception | LinkageError e) {
                    JobScheduler.Ended ended = JobScheduler.endedBy(e);
                    if (ended.retryAfter() != null && number < THROTTLED_ATTEMPTS) {
                        again = Optional.of(ended.retryAfter().compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT
                                : ended.retryAfter());
                        outcome = "throttled by Microsoft, again in " + again.get().toSeconds() + " s";
                    } else {
                        LOG.log(Level.WARNING, "Work " + id + " of plugin " + pluginId + " failed in tenant "
                                + tenantId, e);
                        outcome = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        failed.put(tenantId, outcome);
                    }
                } finally {
                    // Counted before the tenant's place is free: the summary waits for every place, which is
                    // freed even when the progress cannot be recorded (the database gone a moment)
                    try {
                        progress.report(again.isEmpty() ? done.incrementAndGet() : done.get(), targets.size(),
                                name(tenantId) + ": " + outcome);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Work " + id + " could not record its progress", e);
                    }
                }
                return again;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Work " + id + " of plugin " + pluginId + " could not go on", e);
            finish(id, "FAILED", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return;
        } finally {
            // Every turn ended (EachTenant waits for each place): the threads go
            places.shutdown();
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
        finish(id, state, summary.toString());
    }

    /** A tenant's name for progress and the summary; its id while the database is out of reach. */
    private String name(String tenantId) {
        try {
            return tenants.find(tenantId).map(CustomerTenant::displayName).orElse(tenantId);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            return tenantId;
        }
    }

    /**
     * Records how work ended. While the database is out of reach this tries again, one second later and then twice as
     * long each time (at most {@value #LONGEST_RECORDING_PAUSE_MILLIS} ms), on the work's own thread: the outcome is
     * what its owner comes back for, and work left RUNNING would be marked failed only at the next start. Only the
     * portal stopping ends the wait, which leaves the work to that next start.
     */
    private void finish(String id, String state, String message) {
        long pause = 1_000;
        boolean waited = false;
        while (true) {
            try {
                store.finished(id, state, message);
                if (waited) {
                    LOG.info(() -> "Work " + id + " recorded as " + state + " now that the database is back");
                }
                return;
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e) || stopping) {
                    throw e;
                }
                if (!waited) {
                    LOG.warning(() -> "Work " + id + " ended (" + state + ") while the database is out of reach; "
                            + "recording it once the database is back");
                }
                waited = true;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warning(() -> "Work " + id + " ended (" + state + ") but was stopped before it could be recorded");
                return;
            }
            pause = Math.min(pause * 2, LONGEST_RECORDING_PAUSE_MILLIS);
        }
    }

    private void run(String id, String pluginId, String user, PluginCaller.Grant grant, Work work, Runner runner) {
        Progress progress = new Progress(id, pluginId);
        try {
            String summary = PluginCaller.as(grant, () -> runner.as(user, () -> PluginCode.call(work,
                    () -> work.run(progress))));
            finish(id, progress.cancelled() ? "CANCELLED" : "SUCCESS", summary);
        } catch (ConsentRequiredException e) {
            finish(id, "CONSENT_REQUIRED", e.getMessage());
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, "Work " + id + " of plugin " + pluginId + " failed", e);
            finish(id, progress.cancelled() ? "CANCELLED" : "FAILED",
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
        private boolean recording = true;

        Progress(String id, String pluginId) {
            this.id = id;
            this.pluginId = pluginId;
        }

        @Override
        public synchronized void report(int done, int total, String message) {
            long now = System.nanoTime();
            if (now - lastWrite >= 1_000_000_000L || (total > 0 && done >= total)) {
                lastWrite = now;
                try {
                    store.progress(id, done, total, message);
                    recording = true;
                } catch (RuntimeException e) {
                    if (!DatabaseOutage.causedBy(e)) {
                        throw e;
                    }
                    if (recording) {
                        LOG.warning(() -> "Work " + id + " goes on; its progress is not recorded while the database "
                                + "is out of reach");
                    }
                    recording = false;
                }
            }
        }

        @Override
        public synchronized boolean cancelled() {
            long now = System.nanoTime();
            if (!cancelled && now - lastCancelCheck >= 2_000_000_000L) {
                lastCancelCheck = now;
                try {
                    cancelled = store.cancelRequested(id) || !host.enabledFor(pluginId, null);
                } catch (RuntimeException e) {
                    if (!DatabaseOutage.causedBy(e)) {
                        throw e;
                    }
                    // A request to cancel is written to that same database: none can have come meanwhile
                    cancelled = !host.enabledFor(pluginId, null);
                }
            }
            return cancelled;
        }
    }
}
