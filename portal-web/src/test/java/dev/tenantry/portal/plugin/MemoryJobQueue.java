package dev.tenantry.portal.plugin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The scheduler's queue in memory, answering as the database queue does ({@code JpaJobStates} with the run claims):
 * due runs of each job, its oldest first, then by tenant and job, none held by a claim; a run started only if nobody holds its claim and
 * nobody started it since it was read. It keeps every start.
 */
class MemoryJobQueue implements JobScheduler.Store {

    /** A run as it started. */
    record Start(String jobId, String tenantId, Instant dueAt, Instant startedAt) {
    }

    private final Map<String, Instant> dueAt = new HashMap<>();
    private final Map<String, String> claims = new HashMap<>();
    private final List<Start> starts = new ArrayList<>();

    /** Queues {@code job} in {@code tenants} where it is not queued yet, due {@code now}. */
    synchronized void enqueue(JobScheduler.Job job, Collection<String> tenants, Instant now) {
        tenants.forEach(tenant -> dueAt.putIfAbsent(JobScheduler.key(job.id(), tenant), now));
    }

    synchronized List<Start> starts() {
        return List.copyOf(starts);
    }

    @Override
    public synchronized List<JobScheduler.Due> due(Instant now, Collection<String> jobIds, int perJob) {
        Comparator<JobScheduler.Due> order = Comparator.comparing(JobScheduler.Due::dueAt)
                .thenComparing(JobScheduler.Due::tenantId).thenComparing(JobScheduler.Due::jobId);
        return dueAt.entrySet().stream().filter(row -> row.getValue() != null && !row.getValue().isAfter(now))
                .filter(row -> !claims.containsKey(row.getKey()))
                .map(row -> due(row.getKey(), row.getValue())).filter(due -> jobIds.contains(due.jobId()))
                .collect(java.util.stream.Collectors.groupingBy(JobScheduler.Due::jobId)).values().stream()
                .flatMap(ofJob -> ofJob.stream().sorted(order).limit(perJob)).sorted(order).toList();
    }

    @Override
    public synchronized Optional<Instant> nextDue(Instant now, Collection<String> jobIds) {
        return dueAt.entrySet().stream().filter(row -> row.getValue() != null && row.getValue().isAfter(now))
                .filter(row -> jobIds.contains(due(row.getKey(), row.getValue()).jobId()))
                .map(Map.Entry::getValue).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized Optional<String> start(JobScheduler.Job job, JobScheduler.Due due, Instant now,
            Instant leaseUntil) {
        String key = JobScheduler.key(job.id(), due.tenantId());
        if (claims.containsKey(key) || due.dueAt() != null && !Objects.equals(dueAt.get(key), due.dueAt())) {
            return Optional.empty();
        }
        String holder = UUID.randomUUID().toString();
        claims.put(key, holder);
        dueAt.put(key, leaseUntil);
        starts.add(new Start(job.id(), due.tenantId(), due.dueAt(), now));
        return Optional.of(holder);
    }

    @Override
    public synchronized void finish(JobScheduler.Run run, JobScheduler.Ended ended, Instant now, Instant nextDue) {
        String key = run.key();
        if (run.holder().equals(claims.get(key))) {
            claims.remove(key);
            dueAt.put(key, nextDue);
        }
    }

    private static JobScheduler.Due due(String key, Instant at) {
        int bar = key.lastIndexOf('|');
        return new JobScheduler.Due(key.substring(0, bar), key.substring(bar + 1), at);
    }
}
