package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.TenantJob;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scheduler's asks for plugins' tests (plugin-api 1.9.0): keeps each {@link PluginSchedule#runAt} as the host
 * keeps it, the earliest ask per job and tenant, a time past meaning now; refuses a job that is not one of the
 * plugin's, as the host does. A test reads what was asked ({@link #asked}) and plays the host starting a run
 * ({@link #start}), which takes the asks due by then.
 */
public final class MemorySchedule implements PluginSchedule {

    /** A run asked for. */
    public record Ask(String jobId, String tenantId, Instant at) {
    }

    private final Set<String> jobIds;
    private final Clock clock;
    private final List<Ask> asks = new ArrayList<>();

    /** For a plugin whose jobs are {@code jobs}, at the system's time. */
    public MemorySchedule(TenantJob... jobs) {
        this(Clock.systemUTC(), jobs);
    }

    /** For a plugin whose jobs are {@code jobs}, at {@code clock}'s time. */
    public MemorySchedule(Clock clock, TenantJob... jobs) {
        this.clock = clock;
        this.jobIds = Arrays.stream(jobs).map(TenantJob::id).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public synchronized void runAt(String jobId, String tenantId, Instant at) {
        if (jobId == null || !jobIds.contains(jobId)) {
            throw new IllegalArgumentException("Plugin has no job " + jobId + " (its jobs: " + jobIds + ")");
        }
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("A run is asked for with a job id and a tenant");
        }
        Instant now = clock.instant();
        Instant when = at == null || at.isBefore(now) ? now : at;
        Optional<Ask> earlier = asked(jobId, tenantId);
        if (earlier.isEmpty() || when.isBefore(earlier.get().at())) {
            asks.removeIf(ask -> ask.jobId().equals(jobId) && ask.tenantId().equals(tenantId));
            asks.add(new Ask(jobId, tenantId, when));
        }
    }

    /** The run of {@code jobId} asked for in {@code tenantId} and not started yet, if any. */
    public synchronized Optional<Ask> asked(String jobId, String tenantId) {
        return asks.stream().filter(ask -> ask.jobId().equals(jobId) && ask.tenantId().equals(tenantId)).findFirst();
    }

    /** Every run asked for and not started yet. */
    public synchronized List<Ask> asks() {
        return List.copyOf(asks);
    }

    /**
     * Plays the host starting a run of {@code jobId} in {@code tenantId} now: takes the ask due by now; whether there
     * was one (an ask for later stays).
     */
    public synchronized boolean start(String jobId, String tenantId) {
        Instant now = clock.instant();
        return asks.removeIf(ask -> ask.jobId().equals(jobId) && ask.tenantId().equals(tenantId)
                && !ask.at().isAfter(now));
    }
}
