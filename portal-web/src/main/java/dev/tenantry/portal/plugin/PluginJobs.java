package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.access.TenantId;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.ConsentGranted;
import dev.tenantry.portal.consent.HostScopeSets;
import dev.tenantry.portal.consentcheck.ConsentCheck;
import dev.tenantry.portal.consentcheck.ConsentChecks;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.plugin.JobScheduler.Ended;
import dev.tenantry.portal.plugin.internal.HostPluginTenants;
import dev.tenantry.portal.plugin.internal.JpaJobStates;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the plugins' {@link TenantJob}s, and Tenantry's own scheduled consent check ({@value #CONSENT_CHECK}), in
 * every tenant they work in, through a {@link JobScheduler} whose queue is the database ({@link JpaJobStates}) and
 * whose claims ({@link RunClaims}) keep every node from running a due run twice. {@code tenantry.jobs.concurrency}
 * runs at once on this node, on threads of their own: runs wait on Microsoft, not on the processor, so the default
 * (8) is above the core count; and user-started background work ({@link PluginWorks}) keeps the server's managed
 * executor to itself, so neither can starve the other. A run starts as soon as a slot frees; the tick
 * ({@code tenantry.jobs.tick}) queues tenants and jobs that appeared, takes out of the queue those that no longer
 * work together, and prunes the run history. Each run's start, progress and outcome are kept per job and tenant; a
 * failing run is recorded and the next comes as scheduled, a throttled one when Microsoft said.
 */
@ApplicationScoped
public class PluginJobs {

    private static final Logger LOG = Logger.getLogger(PluginJobs.class.getName());
    private static final Duration SHORTEST = Duration.ofMinutes(1);
    /** How long the runs started are kept for the figures (which look at the last hour). */
    private static final Duration HISTORY = Duration.ofHours(2);
    /** The "plugin" Tenantry's own jobs are kept under. */
    static final String HOST = HostScopeSets.OWNER;
    /** Tenantry's live consent check of each tenant, every {@code tenantry.consent.check-interval}. */
    public static final String CONSENT_CHECK = HOST + ".consent-check";

    @Resource
    ManagedScheduledExecutorService timer;

    @Resource
    ManagedThreadFactory threads;

    /** Where runs a person asks for go: outside the slots, which belong to the schedule. */
    @Resource
    ManagedExecutorService executor;

    @Inject
    PluginRegistry host;

    @Inject
    JpaJobStates states;

    @Inject
    RunClaims claims;

    @Inject
    ConsentChecks consentChecks;

    @Inject
    AuditLog audit;

    @Inject
    dev.tenantry.portal.tenant.TenantLookup tenantLookup;

    @Inject
    CurrentStaff staff;

    @Inject
    @ConfigProperty(name = "tenantry.jobs.concurrency", defaultValue = "8")
    int concurrency;

    @Inject
    @ConfigProperty(name = "tenantry.jobs.tick", defaultValue = "PT30S")
    Duration tick;

    /**
     * How long after the application starts the scheduler first looks for due runs: after a restart with a large fleet
     * every run that fell due while the server was down is due at once, and starting them while the server is still
     * deploying makes the start as slow as the fleet is large.
     */
    @Inject
    @ConfigProperty(name = "tenantry.jobs.first-tick", defaultValue = "PT20S")
    Duration firstTick;

    @Inject
    @ConfigProperty(name = "tenantry.consent.check-interval", defaultValue = "PT6H")
    Duration consentCheckInterval;

    private ExecutorService slots;
    private JobScheduler scheduler;
    private ScheduledFuture<?> ticks;
    private ScheduledFuture<?> wake;
    private Instant wakeAt;
    private volatile boolean stopping;
    /** The plugin jobs the last tick found, by id. */
    private volatile Map<String, PluginRegistry.PluginJob> pluginJobs = Map.of();
    private volatile List<JobScheduler.Job> scheduled = List.of();
    private final Object ticking = new Object();

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 300) Startup startup) {
        int size = Math.max(1, concurrency);
        slots = Executors.newFixedThreadPool(size, threads);
        scheduler = new JobScheduler(size, new DatabaseQueue(), this::launch, this::wakeAt, Clock.systemUTC());
        long period = Math.max(1000, tick.toMillis());
        ticks = timer.scheduleWithFixedDelay(this::tick, Math.max(0, firstTick.toMillis()), period,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        synchronized (this) {
            if (wake != null) {
                wake.cancel(false);
            }
        }
        if (scheduler != null) {
            scheduler.stop();
        }
        if (slots != null) {
            slots.shutdown();
        }
    }

    /** A plugin started, stopped or was switched in a tenant: its jobs are queued or taken out now. */
    void pluginsChanged(@Observes PluginsChanged changed) {
        if (scheduler != null && !stopping) {
            timer.execute(this::tick);
        }
    }

    /** {@link #ask} for a plugin's host service. */
    void asked(@Observes JobAsked asked) {
        ask(asked.pluginId(), asked.jobId(), asked.tenantId(), asked.at());
    }

    /**
     * A plugin asks for a run of its job {@code jobId} in {@code tenantId} at {@code at}, or now if that is past
     * ({@code PluginSchedule.runAt}): kept in the queue, which every node reads, and this node's scheduler woken then.
     *
     * @throws IllegalArgumentException when no running plugin {@code pluginId} has the job
     */
    public void ask(String pluginId, String jobId, String tenantId, Instant at) {
        PluginRegistry.PluginJob known = pluginJobs.get(jobId);
        if (known == null ? host.jobs().stream().noneMatch(job -> job.pluginId().equals(pluginId)
                && job.job().id().equals(jobId)) : !known.pluginId().equals(pluginId)) {
            throw new IllegalArgumentException("Plugin " + pluginId + " has no job " + jobId);
        }
        Instant now = Instant.now();
        Instant when = at == null || at.isBefore(now) ? now : at;
        boolean asked;
        try {
            asked = states.ask(jobId, pluginId, tenantId, when);
        } catch (RuntimeException e) {
            // The tick (or another node) added the tenant's row at the same moment: it is there now
            asked = states.ask(jobId, pluginId, tenantId, when);
        }
        if (asked && scheduler != null && !stopping) {
            wakeAt(when);
        }
    }

    /** The last run of a job in a tenant, and when the next is due. */
    public Optional<JobRun> lastRun(String jobId, String tenantId) {
        return states.last(jobId, tenantId);
    }

    /** The last runs of a plugin's jobs, a page of them, the last started first. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public List<JobRun> runsOf(String pluginId, int first, int max) {
        return states.ofPlugin(pluginId, first, max);
    }

    /** How many job-and-tenant rows {@link #runsOf} pages through. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public long runCountOf(String pluginId) {
        return states.countOfPlugin(pluginId);
    }

    /** How each scheduled job keeps up with the fleet over the last hour, over every node. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public List<JobFigures> figures() {
        return figures(Duration.ofHours(1));
    }

    /**
     * The same over the last {@code window}, from a minute to {@link #HISTORY} (how long runs are kept).
     *
     * @throws IllegalArgumentException for a window outside those bounds
     */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public List<JobFigures> figures(Duration window) {
        if (window.compareTo(SHORTEST) < 0 || window.compareTo(HISTORY) > 0) {
            throw new IllegalArgumentException("The window of the job figures is from " + SHORTEST.toMinutes()
                    + " minute to " + HISTORY.toHours() + " hours, not " + window);
        }
        Instant now = Instant.now();
        return scheduled.stream().map(job -> states.figures(job, now, window)).toList();
    }

    /** This node's slots: how many, and how many are running now. */
    public record Slots(int capacity, int busy) {
    }

    public Slots slots() {
        return scheduler == null ? new Slots(Math.max(1, concurrency), 0)
                : new Slots(scheduler.capacity(), scheduler.running().size());
    }

    /** The runs going on in this node's slots. */
    public List<JobScheduler.Run> running() {
        return scheduler == null ? List.of() : scheduler.running();
    }

    /**
     * Runs a job for one tenant now, outside the slots, unless a run of it is going on there (here or on another
     * node); whether it was started. A run started is audited ({@code job.run-now}).
     *
     * @throws IllegalArgumentException when no running plugin has the job (nor is it Tenantry's own consent check), or it
     *                                  does not work in the tenant
     */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public boolean runNow(String jobId, @TenantId String tenantId) {
        JobScheduler.Job asked;
        PluginRegistry.PluginJob job = null;
        if (CONSENT_CHECK.equals(jobId)) {
            if (tenantLookup.find(tenantId).filter(tenant -> tenant.status() == CustomerTenant.Status.ACTIVE)
                    .isEmpty()) {
                throw new IllegalArgumentException("There is no active tenant " + tenantId);
            }
            asked = new JobScheduler.Job(HOST, CONSENT_CHECK, consentCheckInterval);
        } else {
            job = host.jobs().stream().filter(each -> each.job().id().equals(jobId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No running plugin has a job " + jobId));
            if (new HostPluginTenants(job.pluginId()).find(tenantId).isEmpty()) {
                throw new IllegalArgumentException(job.pluginId() + " does not work in tenant " + tenantId);
            }
            asked = new JobScheduler.Job(job.pluginId(), jobId, job.job().every());
        }
        Instant now = Instant.now();
        Optional<String> holder = new DatabaseQueue().start(asked, new JobScheduler.Due(jobId, tenantId, null), now,
                now.plus(JobScheduler.lease(asked.every())));
        if (holder.isEmpty()) {
            return false;
        }
        JobScheduler.Run run = new JobScheduler.Run(asked, tenantId, null, now, holder.get());
        PluginRegistry.PluginJob found = job;
        try {
            executor.submit(() -> execute(run, found));
        } catch (RuntimeException e) {
            scheduler.ended(run, Ended.failed("The server could not start the run"));
            throw e;
        }
        audit.recordSecurityEvent(AuditEvent.of(staff.user().orElse("system"), tenantId, "job.run-now", jobId,
                AuditEvent.Outcome.SUCCESS));
        return true;
    }

    /**
     * After a consent in a tenant, the runs there that ended "consent required" are due at once (the next interval may
     * be hours away: a tenant just connected would show nothing until then).
     */
    void consentGranted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConsentGranted granted) {
        if (stopping || scheduler == null) {
            return;
        }
        try {
            Instant now = Instant.now();
            if (states.consentArrived(granted.tenantId(), scheduled.stream().map(JobScheduler.Job::id).toList(),
                    now) > 0) {
                wakeAt(now);
            }
        } catch (RuntimeException e) {
            // The runs come at their next interval, as before
            JobScheduler.warn("The job scheduler could not bring forward the runs waiting for consent in tenant "
                    + granted.tenantId(), e);
        }
    }

    /**
     * Queues what appeared (jobs of plugins that started, tenants added or active again, plugins switched on), takes
     * out of the queue what no longer works together, forgets old runs, and fills free slots.
     */
    void tick() {
        if (stopping || scheduler == null) {
            return;
        }
        synchronized (ticking) {
            Instant now = Instant.now();
            try {
                List<JobScheduler.Job> jobs = catalogue();
                Map<String, List<String>> byPlugin = new LinkedHashMap<>();
                host.running().forEach(manifest -> byPlugin.put(manifest.pluginId(), new ArrayList<>()));
                byPlugin.put(HOST, new ArrayList<>());
                jobs.forEach(job -> byPlugin.computeIfAbsent(job.pluginId(), id -> new ArrayList<>()).add(job.id()));
                states.park(now, HOST, byPlugin);
                for (JobScheduler.Job job : jobs) {
                    try {
                        states.enqueue(job.id(), job.pluginId(), now, job.firstDue(now));
                        if (!scheduled.contains(job)) {
                            // A job new to this node, or whose interval changed: runs due under a longer one come
                            states.bringForward(job.id(), job.every(), now);
                        }
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "Job " + job.id() + " was queued by another node at the same moment", e);
                    }
                }
                states.prune(now.minus(HISTORY));
                scheduled = List.copyOf(jobs);
                scheduler.jobs(jobs);
            } catch (RuntimeException e) {
                JobScheduler.warn("The job scheduler could not update its queue this tick", e);
            }
        }
        try {
            scheduler.fill();
        } catch (RuntimeException e) {
            // A tick that throws would end the ticks for good
            JobScheduler.warn("The job scheduler could not start runs this tick", e);
        }
    }

    /** The jobs to schedule: those of the running plugins that run at most every minute, and Tenantry's own. */
    private List<JobScheduler.Job> catalogue() {
        Map<String, PluginRegistry.PluginJob> found = new LinkedHashMap<>();
        List<JobScheduler.Job> jobs = new ArrayList<>();
        for (PluginRegistry.PluginJob job : host.jobs()) {
            Duration every;
            try {
                every = PluginCode.call(job.job(), job.job()::every);
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "Job " + job.job().id() + " cannot say how often it runs; skipped", e);
                continue;
            }
            if (every == null || every.compareTo(SHORTEST) < 0) {
                LOG.warning(() -> "Job " + job.job().id() + " asks to run more often than every minute; skipped");
                continue;
            }
            boolean whenAsked;
            try {
                whenAsked = PluginCode.call(job.job(), job.job()::whenAsked);
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "Job " + job.job().id() + " cannot say whether it runs when asked; it runs "
                        + "every " + every, e);
                whenAsked = false;
            }
            found.put(job.job().id(), job);
            jobs.add(new JobScheduler.Job(job.pluginId(), job.job().id(), every, whenAsked));
        }
        jobs.add(new JobScheduler.Job(HOST, CONSENT_CHECK, consentCheckInterval));
        pluginJobs = Map.copyOf(found);
        return jobs;
    }

    private void launch(JobScheduler.Run run) {
        slots.execute(() -> execute(run, pluginJobs.get(run.job().id())));
    }

    /** Runs a started run and records its end, however it ends. */
    private void execute(JobScheduler.Run run, PluginRegistry.PluginJob job) {
        Ended ended = Ended.failed("The run stopped unexpectedly");
        try {
            ended = CONSENT_CHECK.equals(run.job().id()) ? checkConsent(run.tenantId()) : runJob(run, job);
        } finally {
            scheduler.ended(run, ended);
        }
    }

    private Ended runJob(JobScheduler.Run run, PluginRegistry.PluginJob job) {
        String jobId = run.job().id();
        String tenantId = run.tenantId();
        if (job == null || stopping || !host.enabledFor(job.pluginId(), tenantId)) {
            return new Ended(JobScheduler.CANCELLED, "The plugin stopped or was switched off in this tenant", null);
        }
        String[] last = {null};
        JobProgress progress = new JobProgress() {
            @Override
            public void report(int done, int total, String message) {
                last[0] = (total > 0 ? done + "/" + total + " " : "") + (message == null ? "" : message);
                states.progress(jobId, tenantId, last[0]);
            }

            @Override
            public boolean cancelled() {
                return stopping || !host.enabledFor(job.pluginId(), tenantId);
            }
        };
        try {
            PluginCode.call(job.job(), () -> {
                job.job().run(tenantId, progress);
                return null;
            });
            return Ended.success(last[0]);
        } catch (Exception | LinkageError e) {
            Ended ended = JobScheduler.endedBy(e);
            if (JobScheduler.FAILED.equals(ended.outcome())) {
                LOG.log(Level.WARNING, "Job " + jobId + " failed in tenant " + tenantId, e);
            }
            return ended;
        }
    }

    /** The scheduled consent check of a tenant: skipped where its account did not grant Tenantry's review. */
    private Ended checkConsent(String tenantId) {
        try {
            Optional<ConsentCheck> check = consentChecks.checkOnSchedule(tenantId);
            if (check.isEmpty()) {
                return new Ended(JobScheduler.CONSENT_REQUIRED, "The tenant's account has not granted "
                        + HostScopeSets.REVIEW.id(), null);
            }
            return "FAILED".equals(check.get().outcome()) ? Ended.failed(check.get().problem())
                    : Ended.success(check.get().outcome());
        } catch (RuntimeException e) {
            return JobScheduler.endedBy(e);
        }
    }

    /** Asks the timer to fill free slots at {@code when}, unless it is asked for earlier already. */
    private synchronized void wakeAt(Instant when) {
        if (stopping) {
            return;
        }
        if (wake != null && pendingWakeServes(wakeAt, wake.isDone(), when, Instant.now())) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        wakeAt = when;
        long delay = Math.max(0, Duration.between(Instant.now(), when).toMillis());
        wake = timer.schedule(scheduler::fill, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the wake already asked for (at {@code pendingAt}, {@code done} or not) fills the slots by {@code when}:
     * only one still to come, and no later. The wake that is filling the slots now is not done yet, but it has come:
     * the next due time it asks for needs a wake of its own (else that run waited for the next tick, up to 30 s).
     */
    static boolean pendingWakeServes(Instant pendingAt, boolean done, Instant when, Instant now) {
        return !done && pendingAt != null && pendingAt.isAfter(now) && !when.isBefore(pendingAt);
    }

    /** The queue in the database, and the claims that keep each run to one node. */
    private final class DatabaseQueue implements JobScheduler.Store {

        @Override
        public List<JobScheduler.Due> due(Instant now, Collection<String> jobIds, int limit) {
            return states.due(now, jobIds, limit);
        }

        @Override
        public Optional<Instant> nextDue(Instant now, Collection<String> jobIds) {
            return states.nextDue(now, jobIds);
        }

        @Override
        public Optional<String> start(JobScheduler.Job job, JobScheduler.Due due, Instant now, Instant leaseUntil) {
            String key = "job:" + job.id();
            Optional<String> holder = claims.take(job.pluginId(), due.tenantId(), key, Duration.between(now,
                    leaseUntil));
            if (holder.isEmpty()) {
                return holder;
            }
            try {
                if (states.started(job.id(), due.tenantId(), job.pluginId(), due.dueAt(), now, leaseUntil)) {
                    return holder;
                }
            } catch (RuntimeException e) {
                claims.giveBack(job.pluginId(), due.tenantId(), key, holder.get());
                if (due.dueAt() == null && duplicateRow(e)) {
                    // A run asked for by a person, in a tenant the tick queued the job in at the same moment: not
                    // started now (the caller may ask again; the queue's run is due now anyway)
                    return Optional.empty();
                }
                throw e;
            }
            claims.giveBack(job.pluginId(), due.tenantId(), key, holder.get());
            return Optional.empty();
        }

        /** Whether the database refused a row that another transaction inserted first (SQL state class 23). */
        private static boolean duplicateRow(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && sql.getSQLState().startsWith("23")) {
                    return true;
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return false;
        }

        @Override
        public void finish(JobScheduler.Run run, Ended ended, Instant now, Instant nextDue) {
            try {
                states.finished(run.job().id(), run.tenantId(), run.startedAt(), ended.outcome(), ended.message(),
                        now, nextDue);
            } finally {
                claims.giveBack(run.job().pluginId(), run.tenantId(), "job:" + run.job().id(), run.holder());
            }
        }
    }
}
