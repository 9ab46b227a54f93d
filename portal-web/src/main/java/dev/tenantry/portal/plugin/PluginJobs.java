package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.TenantJob;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.access.TenantId;
import dev.tenantry.portal.plugin.internal.HostPluginTenants;
import dev.tenantry.portal.plugin.internal.JpaJobStates;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the plugins' {@link TenantJob}s on the server's managed executors: every tick, each job of a running plugin runs
 * for each tenant the plugin works in once its interval has passed, at most one job per tenant at a time and
 * {@code tenantry.jobs.concurrency} at once in all. Each run's start, progress and outcome are kept per job and
 * tenant; a failing run is recorded and the next comes as scheduled.
 */
@ApplicationScoped
public class PluginJobs {

    private static final Logger LOG = Logger.getLogger(PluginJobs.class.getName());
    private static final Duration SHORTEST = Duration.ofMinutes(1);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService workers;

    @Inject
    PluginRegistry host;

    @Inject
    JpaJobStates states;

    @Inject
    RunClaims claims;

    @Inject
    @ConfigProperty(name = "tenantry.jobs.concurrency")
    int concurrency;

    @Inject
    @ConfigProperty(name = "tenantry.jobs.tick")
    Duration tick;

    private Semaphore slots;
    private final Set<String> busyTenants = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> ticks;
    private volatile boolean stopping;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 300) Startup startup) {
        slots = new Semaphore(Math.max(1, concurrency));
        long period = Math.max(5, tick.toSeconds());
        ticks = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    /** Whether a job last started at {@code last} is due again: never run, or its interval has passed. */
    public static boolean due(Optional<JobRun> last, Duration every, Instant now) {
        if (last.isEmpty() || last.get().startedAt() == null) {
            return true;
        }
        JobRun run = last.get();
        boolean stale = "RUNNING".equals(run.outcome()) && run.startedAt().plus(every.multipliedBy(3)).isBefore(now);
        return (!"RUNNING".equals(run.outcome()) || stale) && !run.startedAt().plus(every).isAfter(now);
    }

    /** The last runs of a plugin's jobs, per tenant. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public List<JobRun> runsOf(String pluginId) {
        return states.ofPlugin(pluginId);
    }

    /** Runs a job for one tenant now, unless one is running there; whether it was started. */
    @RequiresPermission(Permissions.PLUGINS_MANAGE)
    public boolean runNow(String jobId, @TenantId String tenantId) {
        for (PluginRegistry.PluginJob job : host.jobs()) {
            if (job.job().id().equals(jobId)) {
                if (new HostPluginTenants(job.pluginId()).find(tenantId).isEmpty()) {
                    throw new IllegalArgumentException(job.pluginId() + " does not work in tenant " + tenantId);
                }
                return submit(job, tenantId);
            }
        }
        throw new IllegalArgumentException("No running plugin has a job " + jobId);
    }

    void tick() {
        if (stopping) {
            return;
        }
        try {
            Instant now = Instant.now();
            for (PluginRegistry.PluginJob job : host.jobs()) {
                Duration every = job.job().every();
                if (every == null || every.compareTo(SHORTEST) < 0) {
                    LOG.warning(() -> "Job " + job.job().id() + " asks to run more often than every minute; skipped");
                    continue;
                }
                for (var tenant : new HostPluginTenants(job.pluginId()).all()) {
                    if (due(states.last(job.job().id(), tenant.id()), every, now)) {
                        submit(job, tenant.id());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The plugin job scheduler could not plan this tick", e);
        }
    }

    private boolean submit(PluginRegistry.PluginJob job, String tenantId) {
        if (!busyTenants.add(tenantId)) {
            return false;
        }
        if (!slots.tryAcquire()) {
            busyTenants.remove(tenantId);
            return false;
        }
        String jobId = job.job().id();
        String holder = null;
        try {
            // One run of a job in a tenant at a time, on whichever server: the claim is given back when the run ends
            holder = claims.take(job.pluginId(), tenantId, "job:" + jobId, lease(job.job().every())).orElse(null);
            if (holder == null) {
                busyTenants.remove(tenantId);
                slots.release();
                return false;
            }
            states.started(jobId, tenantId, job.pluginId());
            String claim = holder;
            workers.submit(() -> run(job, tenantId, claim));
            return true;
        } catch (RuntimeException e) {
            if (holder != null) {
                claims.giveBack(job.pluginId(), tenantId, "job:" + jobId, holder);
            }
            busyTenants.remove(tenantId);
            slots.release();
            throw e;
        }
    }

    /** How long a job's claim lasts if its server stops mid-run: its interval, within an hour and a day. */
    private static Duration lease(Duration every) {
        Duration lease = every == null ? Duration.ofHours(1) : every;
        return lease.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1)
                : lease.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : lease;
    }

    private void run(PluginRegistry.PluginJob job, String tenantId, String claim) {
        String jobId = job.job().id();
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
            states.finished(jobId, tenantId, "SUCCESS", last[0]);
        } catch (ConsentRequiredException e) {
            // Not the job's fault: the tenant has not granted its scope set; it runs again as scheduled
            states.finished(jobId, tenantId, "CONSENT_REQUIRED", e.getMessage());
        } catch (GraphUnavailableException e) {
            states.finished(jobId, tenantId, "UNAVAILABLE", e.getMessage());
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.log(Level.WARNING, "Job " + jobId + " failed in tenant " + tenantId, e);
            states.finished(jobId, tenantId, "FAILED", reason);
        } finally {
            try {
                claims.giveBack(job.pluginId(), tenantId, "job:" + jobId, claim);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not give back the claim of job " + jobId + " in tenant " + tenantId
                        + "; it lapses with its lease", e);
            } finally {
                busyTenants.remove(tenantId);
                slots.release();
            }
        }
    }
}
