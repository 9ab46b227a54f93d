package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When the scheduler's timer is asked again, and when the wake it has is enough. */
class PluginJobsWakeTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void aWakeToComeAtOrBeforeTheTimeAskedServesIt() {
        assertTrue(PluginJobs.pendingWakeServes(NOW.plusSeconds(10), false, NOW.plusSeconds(10), NOW));
        assertTrue(PluginJobs.pendingWakeServes(NOW.plusSeconds(10), false, NOW.plusSeconds(60), NOW));
    }

    @Test
    void anEarlierTimeNeedsAnEarlierWake() {
        assertFalse(PluginJobs.pendingWakeServes(NOW.plusSeconds(10), false, NOW.plusSeconds(5), NOW));
    }

    @Test
    void theWakeFillingTheSlotsNowDoesNotServeTheNextDueTimeItAsksFor() {
        // Its future is not done while it runs, but its time has come: the next run would wait for the tick
        assertFalse(PluginJobs.pendingWakeServes(NOW.minusMillis(3), false, NOW.plusSeconds(40), NOW));
        assertFalse(PluginJobs.pendingWakeServes(NOW, false, NOW.plusSeconds(40), NOW));
    }

    @Test
    void aDoneOrMissingWakeServesNothing() {
        assertFalse(PluginJobs.pendingWakeServes(NOW.plusSeconds(10), true, NOW.plusSeconds(60), NOW));
        assertFalse(PluginJobs.pendingWakeServes(null, false, NOW.plusSeconds(60), NOW));
    }
}
