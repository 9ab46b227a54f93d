package dev.tenantry.plugins.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How often the scheduled scan runs, from the plugin's settings. */
class SecureScanJobTest {

    @Test
    void dailyUnlessConfiguredNeverMoreOftenThanAMinuteAndABadValueKeepsTheDefault() throws Exception {
        assertEquals(Duration.ofDays(1), job(Map.of()).every());
        assertEquals(Duration.ofHours(12), job(Map.of("scan-interval", "PT12H")).every());
        assertEquals(Duration.ofMinutes(1), job(Map.of("scan-interval", "PT5S")).every());
        assertEquals(Duration.ofDays(1), job(Map.of("scan-interval", "twice a day")).every());
        assertEquals("secure.scan", job(Map.of()).id());
    }

    private static SecureScanJob job(Map<String, String> settings) throws Exception {
        SecureScanJob job = new SecureScanJob();
        Field field = SecureScanJob.class.getDeclaredField("settings");
        field.setAccessible(true);
        field.set(job, (dev.tenantry.plugin.api.PluginSettings) key -> Optional.ofNullable(settings.get(key)));
        return job;
    }
}
