package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.plugin.api.PluginSettings;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How often each tenant is polled, from the plugin's settings. */
class ThreatPollJobTest {

    @Test
    void everyFiveMinutesUnlessConfiguredNeverMoreOftenThanAMinute() throws Exception {
        assertEquals(Duration.ofMinutes(5), job(Map.of()).every());
        assertEquals(Duration.ofMinutes(15), job(Map.of("poll-interval", "PT15M")).every());
        assertEquals(Duration.ofMinutes(1), job(Map.of("poll-interval", "PT10S")).every(), "at least a minute");
        assertEquals(Duration.ofMinutes(5), job(Map.of("poll-interval", "often")).every(), "a bad value: the default");
        assertEquals("threat-alerts.poll", job(Map.of()).id());
    }

    private static ThreatPollJob job(Map<String, String> values) throws Exception {
        ThreatPollJob job = new ThreatPollJob();
        Field settings = ThreatPollJob.class.getDeclaredField("settings");
        settings.setAccessible(true);
        settings.set(job, (PluginSettings) key -> Optional.ofNullable(values.get(key)));
        return job;
    }
}
