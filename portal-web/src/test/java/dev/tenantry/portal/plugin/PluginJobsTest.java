package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginJobsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aJobNeverRunIsDueAndOneRunWithinItsIntervalIsNot() {
        assertTrue(PluginJobs.due(Optional.empty(), HOUR, NOW));
        assertFalse(PluginJobs.due(run(NOW.minusSeconds(600), "SUCCESS"), HOUR, NOW));
        assertTrue(PluginJobs.due(run(NOW.minus(HOUR), "FAILED"), HOUR, NOW), "a failure waits its interval too");
    }

    @Test
    void aRunningJobIsNotStartedAgainUnlessItLooksStuck() {
        assertFalse(PluginJobs.due(run(NOW.minus(Duration.ofMinutes(90)), "RUNNING"), HOUR, NOW));
        assertTrue(PluginJobs.due(run(NOW.minus(Duration.ofHours(4)), "RUNNING"), HOUR, NOW));
    }

    private static Optional<JobRun> run(Instant started, String outcome) {
        return Optional.of(new JobRun("p.job", "t", "p", started, null, outcome, null));
    }
}
