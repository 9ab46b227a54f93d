package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.portal.web.DatabaseOutage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The job scheduler's rules, apart from the server so that they hold in a test as they do in production (the plugin
 * host's jobs give it the database, threads and timers):
 * <ul>
 * <li>Each job's run in each tenant is due at a time the {@link Store} keeps; the store answers the runs due now of
 * each job, oldest due first (then by tenant), so no tenant waits behind a name that sorts first. A free slot goes
 * first to a job with runs due and none going on, then to the run whose deadline (due time plus interval) comes first,
 * so one plugin's job, however far behind, cannot starve another's, and a short interval is kept before a long one.</li>
 * <li>{@code capacity} runs at once, and a slot is filled as soon as it frees: a run that ends pulls the next due run;
 * with slots free and nothing due, the scheduler asks to be woken at the next due time. A tick of the server's only
 * notices what changed elsewhere (new tenants, plugins, other nodes).</li>
 * <li>One run of a job in a tenant at a time, and each due run once, on however many nodes share the store:
 * {@link Store#start} claims the run and marks it started only if nobody started it since it was read as due.</li>
 * <li>A run Microsoft throttled ends at once (the gateway does not sleep on a long {@code Retry-After}) and is due
 * again when Microsoft said: it waits in the queue, not in a slot. Any other run is due again its interval after it
 * started.</li>
 * </ul>
 */
public final class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class.getName());

    public static final String RUNNING = "RUNNING";
    public static final String SUCCESS = "SUCCESS";
    public static final String FAILED = "FAILED";
    public static final String CONSENT_REQUIRED = "CONSENT_REQUIRED";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String THROTTLED = "THROTTLED";
    public static final String CANCELLED = "CANCELLED";

    /** How long a throttled run waits at most, whatever Microsoft asked: an absurd Retry-After parks no tenant. */
    static final Duration LONGEST_DEFERRAL = Duration.ofHours(1);
    /** How soon the scheduler looks again when due runs were left because other nodes were starting them. */
    static final Duration RETRY_SOON = Duration.ofSeconds(1);

    /**
     * A job the scheduler runs in each tenant where it works, every {@code every}; {@code whenAsked}: also when its
     * plugin asks, and first one interval after the tenant was first seen.
     */
    public record Job(String pluginId, String id, Duration every, boolean whenAsked) {

        public Job(String pluginId, String id, Duration every) {
            this(pluginId, id, every, false);
        }

        /** When the job is first due in a tenant it starts to work in at {@code now}. */
        public Instant firstDue(Instant now) {
            return whenAsked ? now.plus(every) : now;
        }
    }

    /** A job's run in a tenant that is due, since {@code dueAt} ({@code null}: asked for now, by a person). */
    public record Due(String jobId, String tenantId, Instant dueAt) {
    }

    /** A run that started, holding the claim {@code holder}. */
    public record Run(Job job, String tenantId, Instant dueAt, Instant startedAt, String holder) {

        String key() {
            return JobScheduler.key(job.id(), tenantId);
        }
    }

    /**
     * How a run ended: an outcome ({@link #SUCCESS}, {@link #FAILED}, {@link #CONSENT_REQUIRED}, {@link #UNAVAILABLE},
     * {@link #THROTTLED}, {@link #CANCELLED}), its last message, and for a throttled run how long Microsoft asked to
     * wait.
     */
    public record Ended(String outcome, String message, Duration retryAfter) {

        public static Ended success(String message) {
            return new Ended(SUCCESS, message, null);
        }

        public static Ended failed(String message) {
            return new Ended(FAILED, message, null);
        }
    }

    /** Where the queue is kept: the database in production, shared by every node. */
    public interface Store {

        /**
         * Runs of {@code jobIds} due at {@code now}, in tenants where they work and held by no claim: of each job its
         * {@code perJob} oldest due at most (then by tenant), all of them oldest due first, then by tenant and job.
         */
        List<Due> due(Instant now, Collection<String> jobIds, int perJob);

        /** The earliest time after {@code now} at which a run of {@code jobIds} is due, if any. */
        Optional<Instant> nextDue(Instant now, Collection<String> jobIds);

        /**
         * Claims the run and marks it started (due again at {@code leaseUntil}, should it never end), if no one holds
         * its claim and no one started it since it was read as due; the claim's holder, or empty.
         */
        Optional<String> start(Job job, Due due, Instant now, Instant leaseUntil);

        /** Records how a run ended and when it is due next, and gives its claim back. */
        void finish(Run run, Ended ended, Instant now, Instant nextDue);
    }

    /** Runs a started run elsewhere and calls {@link JobScheduler#ended} when it is over, however it ends. */
    public interface Launcher {
        void launch(Run run);
    }

    /** Calls {@link JobScheduler#fill} at a time (or earlier). */
    public interface Wakes {
        void at(Instant when);
    }

    private final int capacity;
    private final Store store;
    private final Launcher launcher;
    private final Wakes wakes;
    private final Clock clock;
    private final Map<String, Run> running = new LinkedHashMap<>();
    private volatile Map<String, Job> jobs = Map.of();
    private volatile boolean stopped;

    public JobScheduler(int capacity, Store store, Launcher launcher, Wakes wakes, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A scheduler needs at least one slot");
        }
        this.capacity = capacity;
        this.store = store;
        this.launcher = launcher;
        this.wakes = wakes;
        this.clock = clock;
    }

    /** The jobs to run from now on. */
    public void jobs(Collection<Job> current) {
        Map<String, Job> byId = new LinkedHashMap<>();
        current.forEach(job -> byId.put(job.id(), job));
        jobs = Map.copyOf(byId);
    }

    public int capacity() {
        return capacity;
    }

    /** The runs this scheduler started that have not ended. */
    public synchronized List<Run> running() {
        return List.copyOf(running.values());
    }

    /** Starts no run from now on; those running end as they do. */
    public void stop() {
        stopped = true;
    }

    /**
     * Starts due runs in every free slot: first one run of each job with runs due and none going on here (so no job
     * waits behind another's backlog), then by deadline, the due time plus the job's interval (a two-minute poll due a
     * minute ago before an hourly sync due ten minutes ago), each job's oldest due first. So a job with a backlog (the
     * first sync of a thousand tenants just connected) takes the slots that jobs with nearer deadlines leave, and the
     * lateness of each job stays in proportion to its interval. With slots left free, asks to be woken when the next
     * run is due.
     */
    public synchronized void fill() {
        Map<String, Job> catalogue = jobs;
        int free = capacity - running.size();
        if (stopped || catalogue.isEmpty() || free <= 0) {
            return;
        }
        Instant now = clock.instant();
        // Twice the free slots of each job: a run another node is starting at this moment is skipped, not waited for
        int perJob = free * 2;
        List<Due> candidates;
        try {
            candidates = store.due(now, catalogue.keySet(), perJob);
        } catch (RuntimeException e) {
            // The database gone a moment: the next run to end, or the next tick, looks again
            warn("Could not read the due runs", e);
            return;
        }
        Map<String, ArrayDeque<Due>> byJob = new LinkedHashMap<>();
        candidates.forEach(due -> byJob.computeIfAbsent(due.jobId(), id -> new ArrayDeque<>()).add(due));
        boolean more = byJob.values().stream().anyMatch(queue -> queue.size() >= perJob);
        Map<String, Integer> busy = new HashMap<>();
        running.values().forEach(run -> busy.merge(run.job().id(), 1, Integer::sum));
        while (free > 0 && !byJob.isEmpty()) {
            ArrayDeque<Due> first = byJob.values().stream().min(Comparator
                    .<ArrayDeque<Due>>comparingInt(queue -> busy.getOrDefault(queue.peek().jobId(), 0) == 0 ? 0 : 1)
                    .thenComparing(queue -> deadline(catalogue.get(queue.peek().jobId()), queue.peek()))
                    .thenComparing(queue -> queue.peek().tenantId())).orElseThrow();
            Due due = first.poll();
            if (first.isEmpty()) {
                byJob.remove(due.jobId());
            }
            Job job = catalogue.get(due.jobId());
            if (job == null || running.containsKey(key(due.jobId(), due.tenantId()))) {
                continue;
            }
            if (start(job, due, now)) {
                free--;
                busy.merge(job.id(), 1, Integer::sum);
            }
        }
        if (free > 0) {
            if (more) {
                wakes.at(now.plus(RETRY_SOON));
            } else {
                try {
                    store.nextDue(now, catalogue.keySet()).ifPresent(wakes::at);
                } catch (RuntimeException e) {
                    warn("Could not read when the next run is due; the tick looks again", e);
                }
            }
        }
    }

    /** When a due run should have started by: before its next would be due, its interval after it was due. */
    private static Instant deadline(Job job, Due due) {
        return job == null || due.dueAt() == null ? Instant.MIN : due.dueAt().plus(job.every());
    }

    private boolean start(Job job, Due due, Instant now) {
        Optional<String> holder;
        try {
            holder = store.start(job, due, now, now.plus(lease(job.every())));
        } catch (RuntimeException e) {
            warn("Could not start job " + job.id() + " in tenant " + due.tenantId(), e);
            return false;
        }
        if (holder.isEmpty()) {
            return false;
        }
        Run run = new Run(job, due.tenantId(), due.dueAt(), now, holder.get());
        running.put(run.key(), run);
        try {
            launcher.launch(run);
            return true;
        } catch (RuntimeException e) {
            running.remove(run.key());
            LOG.log(Level.WARNING, "Could not launch job " + job.id() + " in tenant " + due.tenantId(), e);
            record(run, Ended.failed("The server could not start the run: " + e.getClass().getSimpleName()));
            return false;
        }
    }

    /**
     * A run is over: records it, frees its slot and fills it. Also for runs a person started outside the slots
     * ({@link Due#dueAt()} {@code null}), which only need recording.
     */
    public void ended(Run run, Ended ended) {
        try {
            record(run, ended);
        } finally {
            synchronized (this) {
                running.remove(run.key(), run);
            }
        }
        fill();
    }

    private void record(Run run, Ended ended) {
        Instant now = clock.instant();
        try {
            store.finish(run, ended, now, nextDue(run, ended, now));
        } catch (RuntimeException e) {
            warn("Could not record the end of job " + run.job().id() + " in tenant " + run.tenantId()
                    + "; it is due again when its claim lapses", e);
        }
    }

    /**
     * When a run's job is due again in its tenant: when Microsoft said, for a throttled run (at most an hour);
     * otherwise its interval after the run started.
     */
    static Instant nextDue(Run run, Ended ended, Instant now) {
        if (THROTTLED.equals(ended.outcome()) && ended.retryAfter() != null) {
            Duration wait = ended.retryAfter();
            return now.plus(wait.compareTo(LONGEST_DEFERRAL) > 0 ? LONGEST_DEFERRAL
                    : wait.isNegative() ? Duration.ZERO : wait);
        }
        return run.startedAt().plus(run.job().every());
    }

    /**
     * How a run that threw {@code failure} ended: a consent the tenant has not given, Microsoft throttling with a
     * {@code Retry-After} (the run comes back then), Microsoft unavailable, or a failure of the job. A plugin that
     * wraps the host's exceptions in its own is understood too.
     */
    public static Ended endedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConsentRequiredException consent) {
                return new Ended(CONSENT_REQUIRED, consent.getMessage(), null);
            }
            if (cause instanceof GraphUnavailableException unavailable) {
                return unavailable.retryAfter().map(wait -> new Ended(THROTTLED, unavailable.getMessage()
                        + "; again in " + wait.toSeconds() + " s", wait))
                        .orElseGet(() -> new Ended(UNAVAILABLE, unavailable.getMessage(), null));
            }
        }
        return Ended.failed(failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /**
     * Logs a failure of the queue: in a line when the database is out of reach (nobody's fault, and it comes back),
     * with its trace otherwise.
     */
    static void warn(String what, RuntimeException failure) {
        if (DatabaseOutage.causedBy(failure)) {
            LOG.warning(() -> what + ": the database is out of reach");
        } else {
            LOG.log(Level.WARNING, what, failure);
        }
    }

    /** How long a run's claim lasts should its server stop mid-run: its interval, within an hour and a day. */
    public static Duration lease(Duration every) {
        Duration lease = every == null ? Duration.ofHours(1) : every;
        return lease.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1)
                : lease.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : lease;
    }

    static String key(String jobId, String tenantId) {
        return jobId + "|" + tenantId;
    }
}
