package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's rules in virtual time: a queue in memory that answers as the database does, runs that take the time
 * a test gives them, wake-ups and ticks when asked. Nothing sleeps; a simulated hour takes milliseconds.
 */
class JobSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(30);

    @Test
    void aThousandTenantsAreEachRunInEveryIntervalThoughTheyOutnumberSlotsTimesTicks() {
        // The old scheduler started runs only at a tick: 8 slots x (5 min / 30 s) = 80 tenants an interval at most
        VirtualTime time = new VirtualTime();
        MemoryJobQueue queue = new MemoryJobQueue();
        JobScheduler.Job poll = new JobScheduler.Job("threat-alerts", "threat-alerts.poll", Duration.ofMinutes(5));
        List<String> tenants = tenants(1000);
        Node node = new Node(time, 8, queue, run -> Duration.ofMillis(1500), run -> JobScheduler.Ended.success("ok"));
        node.schedule(List.of(poll));
        queue.enqueue(poll, tenants, T0);
        time.every(TICK, node.scheduler::fill);

        time.runUntil(T0.plus(Duration.ofMinutes(15)).minusMillis(1));

        Map<String, Long> runs = queue.starts().stream()
                .collect(Collectors.groupingBy(MemoryJobQueue.Start::tenantId, Collectors.counting()));
        assertEquals(1000, runs.size(), "every tenant polled");
        assertTrue(runs.values().stream().allMatch(count -> count == 3), "each in each of the 3 intervals: "
                + runs.values().stream().collect(Collectors.groupingBy(count -> count, Collectors.counting())));
        List<Duration> lags = queue.starts().stream().filter(start -> start.startedAt().isAfter(T0.plus(poll.every())))
                .map(start -> Duration.between(start.dueAt(), start.startedAt())).sorted().toList();
        Duration p95 = lags.get((int) Math.ceil(lags.size() * 0.95) - 1);
        assertTrue(p95.compareTo(poll.every().dividedBy(10)) <= 0, "once caught up, runs start on time: p95 " + p95);
        assertEquals(1, node.overlaps.most, "never two runs of the job in one tenant at once");
    }

    @Test
    void onePluginsBusyJobCannotStarveAnotherPluginsJob() {
        VirtualTime time = new VirtualTime();
        MemoryJobQueue queue = new MemoryJobQueue();
        // Needs 200 x 2 s / 4 slots = 100 s a round, every minute: it is always behind
        JobScheduler.Job busy = new JobScheduler.Job("first", "first.scan", Duration.ofMinutes(1));
        JobScheduler.Job other = new JobScheduler.Job("second", "second.poll", Duration.ofMinutes(5));
        List<String> tenants = tenants(200);
        Node node = new Node(time, 4, queue,
                run -> run.job().equals(busy) ? Duration.ofSeconds(2) : Duration.ofMillis(100),
                run -> JobScheduler.Ended.success("ok"));
        node.schedule(List.of(busy, other));
        queue.enqueue(busy, tenants, T0);
        time.at(T0.plusSeconds(10), () -> queue.enqueue(other, tenants, T0.plusSeconds(10)));
        time.every(TICK, node.scheduler::fill);

        time.runUntil(T0.plus(other.every()));

        Set<String> reached = queue.starts().stream().filter(start -> start.jobId().equals(other.id()))
                .map(MemoryJobQueue.Start::tenantId).collect(Collectors.toSet());
        assertEquals(200, reached.size(), "the second plugin's job reaches every tenant within its interval");
        assertTrue(queue.starts().stream().filter(start -> start.jobId().equals(busy.id())).count() > 200,
                "and the busy one keeps going");
    }

    /**
     * The benchmark's case: a two-minute poll keeps its fleet while the first sync of every tenant, all due at once and
     * long, waits for slots. Oldest due first over all jobs put each poll behind the whole backlog of syncs.
     */
    @Test
    void aBacklogOfLongRunsOfOneJobLeavesAnotherJobItsShareOfTheSlots() {
        VirtualTime time = new VirtualTime();
        MemoryJobQueue queue = new MemoryJobQueue();
        JobScheduler.Job poll = new JobScheduler.Job("threat-alerts", "threat-alerts.poll", Duration.ofMinutes(2));
        // 1,000 x 5 s / 8 slots = 625 s of syncs, due before the polls' second round
        JobScheduler.Job sync = new JobScheduler.Job("user-management", "user-management.sync", Duration.ofHours(1));
        List<String> tenants = tenants(1000);
        Node node = new Node(time, 8, queue,
                run -> run.job().equals(sync) ? Duration.ofSeconds(5) : Duration.ofMillis(200),
                run -> JobScheduler.Ended.success("ok"));
        node.schedule(List.of(poll, sync));
        queue.enqueue(poll, tenants, T0);
        time.at(T0.plusSeconds(30), () -> queue.enqueue(sync, tenants, T0.plusSeconds(30)));
        time.every(TICK, node.scheduler::fill);

        Instant watched = T0.plus(poll.every());
        time.runUntil(watched.plus(poll.every().multipliedBy(3)));

        Map<String, Long> polls = queue.starts().stream().filter(start -> start.jobId().equals(poll.id())
                && !start.startedAt().isBefore(watched)).collect(Collectors.groupingBy(MemoryJobQueue.Start::tenantId,
                        Collectors.counting()));
        assertEquals(1000, polls.size(), "every tenant polled while the syncs wait");
        assertTrue(polls.values().stream().allMatch(count -> count >= 3), "and again in each interval: "
                + polls.values().stream().collect(Collectors.groupingBy(count -> count, Collectors.counting())));
        long syncs = queue.starts().stream().filter(start -> start.jobId().equals(sync.id())).count();
        assertTrue(syncs >= 8 * 7 * 60 / 5 / 2, "the syncs go on in the slots the poll leaves: " + syncs);
        assertEquals(1, node.overlaps.most, "never two runs of a job in one tenant at once");
    }

    /**
     * A run asked for (an offboarding due now, of a job that runs hourly) starts at the next free slot, though a poll
     * that is always behind has every nearer deadline.
     */
    @Test
    void aJobWithARunDueAndNoneGoingOnGetsTheNextFreeSlotWhateverTheDeadlines() {
        VirtualTime time = new VirtualTime();
        MemoryJobQueue queue = new MemoryJobQueue();
        // 1,000 x 2 s / 8 slots = 250 s a round, every two minutes: always behind
        JobScheduler.Job poll = new JobScheduler.Job("threat-alerts", "threat-alerts.poll", Duration.ofMinutes(2));
        JobScheduler.Job offboarding = new JobScheduler.Job("user-management", "user-management.offboarding",
                Duration.ofHours(1), true);
        Node node = new Node(time, 8, queue, run -> run.job().equals(poll) ? Duration.ofSeconds(2)
                : Duration.ofMillis(300), run -> JobScheduler.Ended.success("ok"));
        node.schedule(List.of(poll, offboarding));
        queue.enqueue(poll, tenants(1000), T0);
        Instant asked = T0.plus(Duration.ofMinutes(3));
        time.at(asked, () -> {
            queue.enqueue(offboarding, List.of("t-0042"), asked);
            node.scheduler.fill();
        });
        time.every(TICK, node.scheduler::fill);

        time.runUntil(asked.plus(Duration.ofMinutes(1)));

        MemoryJobQueue.Start started = queue.starts().stream().filter(start -> start.jobId().equals(
                offboarding.id())).findFirst().orElseThrow(() -> new AssertionError("the offboarding never started"));
        assertTrue(Duration.between(asked, started.startedAt()).compareTo(Duration.ofSeconds(2)) <= 0,
                "started as soon as a poll ended: " + started);
    }

    @Test
    void aThrottledRunWaitsForItsRetryAfterWithoutHoldingASlot() {
        VirtualTime time = new VirtualTime();
        MemoryJobQueue queue = new MemoryJobQueue();
        JobScheduler.Job job = new JobScheduler.Job("p", "p.read", Duration.ofHours(1));
        Set<String> throttledOnce = new HashSet<>();
        Node node = new Node(time, 1, queue, run -> Duration.ofSeconds(1), run -> run.tenantId().equals("t1")
                && throttledOnce.add(run.tenantId()) ? throttled(Duration.ofSeconds(30)) : JobScheduler.Ended.success(""));
        node.schedule(List.of(job));
        queue.enqueue(job, List.of("t1", "t2", "t3"), T0);
        time.every(TICK, node.scheduler::fill);

        time.runUntil(T0.plus(Duration.ofMinutes(5)));

        assertEquals(List.of(T0, T0.plusSeconds(31)), startsOf(queue, "t1"),
                "again when Microsoft said: it ended at 1 s and asked for 30 s");
        assertEquals(List.of(T0.plusSeconds(1)), startsOf(queue, "t2"), "the only slot was free at once");
        assertEquals(List.of(T0.plusSeconds(2)), startsOf(queue, "t3"));
    }

    @Test
    void aFleetScanWithTenThrottledTenantsFinishesTheOthersAsSoonAsWithout() {
        Duration without = timeToScanTheUnthrottled(0);
        Duration with = timeToScanTheUnthrottled(10);

        assertTrue(with.toMillis() <= without.toMillis() * 1.1, "with 10 throttled: " + with + ", without: "
                + without);
    }

    /** How long a scan of 200 tenants takes until all but the first {@code throttled} tenants are done. */
    private static Duration timeToScanTheUnthrottled(int throttled) {
        VirtualTime time = new VirtualTime();
        MemoryJobQueue queue = new MemoryJobQueue();
        JobScheduler.Job scan = new JobScheduler.Job("secure", "secure.scan", Duration.ofDays(1));
        List<String> tenants = tenants(200);
        Set<String> slow = Set.copyOf(tenants.subList(0, throttled));
        Node node = new Node(time, 8, queue,
                run -> slow.contains(run.tenantId()) ? Duration.ofMillis(200) : Duration.ofSeconds(2),
                run -> slow.contains(run.tenantId()) ? throttled(Duration.ofMinutes(2)) : JobScheduler.Ended.success(""));
        node.schedule(List.of(scan));
        queue.enqueue(scan, tenants, T0);
        time.every(TICK, node.scheduler::fill);

        time.runUntil(T0.plus(Duration.ofHours(1)));

        Instant lastStart = queue.starts().stream().filter(start -> !slow.contains(start.tenantId()))
                .map(MemoryJobQueue.Start::startedAt).max(Comparator.naturalOrder()).orElseThrow();
        assertEquals(200 - throttled, queue.starts().stream().filter(start -> !slow.contains(start.tenantId()))
                .count());
        return Duration.between(T0, lastStart.plusSeconds(2));
    }

    @Test
    void twoNodesSharingTheQueueStartEachDueRunOnce() {
        VirtualTime time = new VirtualTime();
        MemoryJobQueue queue = new MemoryJobQueue();
        JobScheduler.Job job = new JobScheduler.Job("p", "p.sync", Duration.ofMinutes(10));
        Overlaps shared = new Overlaps();
        Node first = new Node(time, 2, queue, run -> Duration.ofSeconds(1), run -> JobScheduler.Ended.success(""),
                shared);
        Node second = new Node(time, 2, queue, run -> Duration.ofSeconds(1), run -> JobScheduler.Ended.success(""),
                shared);
        first.schedule(List.of(job));
        second.schedule(List.of(job));
        queue.enqueue(job, tenants(50), T0);
        time.every(TICK, first.scheduler::fill);
        time.every(TICK, second.scheduler::fill);

        time.runUntil(T0.plus(job.every()).minusSeconds(1));

        Map<String, Long> runs = queue.starts().stream()
                .collect(Collectors.groupingBy(MemoryJobQueue.Start::tenantId, Collectors.counting()));
        assertEquals(50, runs.size());
        assertTrue(runs.values().stream().allMatch(count -> count == 1), "each once: " + runs);
        assertTrue(first.launched > 0 && second.launched > 0, "both nodes worked: " + first.launched + " and "
                + second.launched);
        assertEquals(1, shared.most);
    }

    @Test
    void aDueRunStartedElsewhereSinceItWasReadIsLeftForTheNext() {
        VirtualTime time = new VirtualTime();
        JobScheduler.Job job = new JobScheduler.Job("p", "p.sync", Duration.ofMinutes(10));
        MemoryJobQueue queue = new MemoryJobQueue() {
            @Override
            public synchronized Optional<String> start(JobScheduler.Job asked, JobScheduler.Due due, Instant now,
                    Instant leaseUntil) {
                if (due.tenantId().equals("t1")) {
                    // Another node took t1 between the read and the claim, and finished it
                    finish(new JobScheduler.Run(asked, "t1", due.dueAt(), now,
                            super.start(asked, due, now, leaseUntil).orElseThrow()), JobScheduler.Ended.success(""),
                            now, now.plus(asked.every()));
                    return Optional.empty();
                }
                return super.start(asked, due, now, leaseUntil);
            }
        };
        Node node = new Node(time, 1, queue, run -> Duration.ofSeconds(1), run -> JobScheduler.Ended.success(""));
        node.schedule(List.of(job));
        queue.enqueue(job, List.of("t1", "t2"), T0);

        node.scheduler.fill();

        assertEquals(List.of("t2"), node.scheduler.running().stream().map(JobScheduler.Run::tenantId).toList(),
                "the slot went to the next due run");
    }

    @Test
    void aRunGoingOnIsNotStartedAgainWhateverTheQueueSays() {
        VirtualTime time = new VirtualTime();
        JobScheduler.Job job = new JobScheduler.Job("p", "p.sync", Duration.ofMinutes(10));
        JobScheduler.Store stale = new JobScheduler.Store() {
            @Override
            public List<JobScheduler.Due> due(Instant now, Collection<String> jobIds, int limit) {
                return List.of(new JobScheduler.Due(job.id(), "t1", T0));
            }

            @Override
            public Optional<Instant> nextDue(Instant now, Collection<String> jobIds) {
                return Optional.empty();
            }

            @Override
            public Optional<String> start(JobScheduler.Job asked, JobScheduler.Due due, Instant now,
                    Instant leaseUntil) {
                return Optional.of("holder");
            }

            @Override
            public void finish(JobScheduler.Run run, JobScheduler.Ended ended, Instant now, Instant nextDue) {
            }
        };
        Node node = new Node(time, 4, stale, run -> Duration.ofMinutes(1), run -> JobScheduler.Ended.success(""));
        node.schedule(List.of(job));

        node.scheduler.fill();
        node.scheduler.fill();

        assertEquals(1, node.launched);
        assertEquals(1, node.overlaps.most);
    }

    @Test
    void aRunIsDueAgainItsIntervalAfterItStartedAndAThrottledOneWhenMicrosoftSaid() {
        JobScheduler.Job job = new JobScheduler.Job("p", "p.read", Duration.ofMinutes(5));
        JobScheduler.Run run = new JobScheduler.Run(job, "t", T0.minusSeconds(1), T0, "h");
        Instant ended = T0.plusSeconds(40);

        assertEquals(T0.plus(job.every()), JobScheduler.nextDue(run, JobScheduler.Ended.success(""), ended));
        assertEquals(T0.plus(job.every()), JobScheduler.nextDue(run, JobScheduler.Ended.failed("x"), ended),
                "a failure waits its interval too");
        assertEquals(ended.plusSeconds(90), JobScheduler.nextDue(run, throttled(Duration.ofSeconds(90)), ended));
        assertEquals(ended.plus(Duration.ofHours(1)), JobScheduler.nextDue(run, throttled(Duration.ofDays(2)), ended),
                "an absurd Retry-After parks the tenant for an hour at most");
    }

    @Test
    void whatARunThrewDecidesHowItEnded() {
        GraphUnavailableException throttledBy = new GraphUnavailableException("busy", Duration.ofSeconds(12), null);

        assertEquals(new JobScheduler.Ended(JobScheduler.THROTTLED, "busy; again in 12 s", Duration.ofSeconds(12)),
                JobScheduler.endedBy(throttledBy));
        assertEquals(JobScheduler.THROTTLED, JobScheduler.endedBy(new IllegalStateException("scan", throttledBy))
                .outcome(), "a plugin's wrapping does not hide Microsoft's Retry-After");
        assertEquals(new JobScheduler.Ended(JobScheduler.UNAVAILABLE, "down", null),
                JobScheduler.endedBy(new GraphUnavailableException("down", null, null)));
        assertEquals(JobScheduler.CONSENT_REQUIRED, JobScheduler.endedBy(new ConsentRequiredException(
                new ConsentStatus("t", "p.read", false, List.of("User.Read.All"), "not granted"))).outcome());
        assertEquals(JobScheduler.Ended.failed("IllegalStateException: the tenant could not be reached"),
                JobScheduler.endedBy(new IllegalStateException("the tenant could not be reached")));
    }

    @Test
    void aClaimLastsTheJobsIntervalWithinAnHourAndADay() {
        assertEquals(Duration.ofHours(1), JobScheduler.lease(Duration.ofMinutes(5)));
        assertEquals(Duration.ofHours(6), JobScheduler.lease(Duration.ofHours(6)));
        assertEquals(Duration.ofDays(1), JobScheduler.lease(Duration.ofDays(7)));
    }

    private static JobScheduler.Ended throttled(Duration retryAfter) {
        return new JobScheduler.Ended(JobScheduler.THROTTLED, "throttled", retryAfter);
    }

    private static List<String> tenants(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("tenant-%04d", i)).toList();
    }

    private static List<Instant> startsOf(MemoryJobQueue queue, String tenantId) {
        return queue.starts().stream().filter(start -> start.tenantId().equals(tenantId))
                .map(MemoryJobQueue.Start::startedAt).toList();
    }

    /** How many runs of one job in one tenant went on at once, at most, over one or more nodes. */
    private static final class Overlaps {
        private final Map<String, Integer> now = new HashMap<>();
        private int most;

        void began(JobScheduler.Run run) {
            most = Math.max(most, now.merge(run.key(), 1, Integer::sum));
        }

        void ended(JobScheduler.Run run) {
            now.merge(run.key(), -1, Integer::sum);
        }
    }

    /** One server: a scheduler whose runs take virtual time and whose wake-ups come in it. */
    private static final class Node {
        final JobScheduler scheduler;
        final Overlaps overlaps;
        int launched;

        Node(VirtualTime time, int capacity, JobScheduler.Store store, Function<JobScheduler.Run, Duration> takes,
                Function<JobScheduler.Run, JobScheduler.Ended> ends) {
            this(time, capacity, store, takes, ends, new Overlaps());
        }

        Node(VirtualTime time, int capacity, JobScheduler.Store store, Function<JobScheduler.Run, Duration> takes,
                Function<JobScheduler.Run, JobScheduler.Ended> ends, Overlaps overlaps) {
            this.overlaps = overlaps;
            JobScheduler[] self = new JobScheduler[1];
            scheduler = new JobScheduler(capacity, store, run -> {
                launched++;
                overlaps.began(run);
                time.at(time.now.plus(takes.apply(run)), () -> {
                    overlaps.ended(run);
                    self[0].ended(run, ends.apply(run));
                });
            }, when -> time.at(when, () -> self[0].fill()), time.clock);
            self[0] = scheduler;
        }

        void schedule(List<JobScheduler.Job> jobs) {
            scheduler.jobs(jobs);
        }
    }

    /** Events in time order; the clock shows the time of the one being handled. */
    private static final class VirtualTime {
        private record Event(Instant at, long order, Runnable action) {
        }

        private final PriorityQueue<Event> events = new PriorityQueue<>(
                Comparator.comparing(Event::at).thenComparingLong(Event::order));
        private long order;
        Instant now = T0;
        final Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };

        void at(Instant when, Runnable action) {
            events.add(new Event(when.isBefore(now) ? now : when, order++, action));
        }

        /** Runs {@code action} now and every {@code period} after. */
        void every(Duration period, Runnable action) {
            at(now, new Runnable() {
                @Override
                public void run() {
                    action.run();
                    at(now.plus(period), this);
                }
            });
        }

        void runUntil(Instant end) {
            while (!events.isEmpty() && !events.peek().at().isAfter(end)) {
                Event next = events.poll();
                now = next.at();
                next.action().run();
            }
            now = end;
        }
    }
}
