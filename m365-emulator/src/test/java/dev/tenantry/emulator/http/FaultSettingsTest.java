package dev.tenantry.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {

    @Test
    void everySettingIsReadFromItsName() {
        FaultSettings settings = FaultSettings.parse(Map.of("latency", "100ms", "latency-jitter", "0.5s",
                "tenant-budget", "10000/10min", "tenant-concurrency", "4", "throttle-rate", "0.01",
                "unavailable-rate", "0.005", "retry-after", "2s", "throttle-tenants",
                "contoso.example, fabrikam.example", "fault-seed", "-3"), FaultSettings.NONE, "test", "");

        assertEquals(Duration.ofMillis(100), settings.latency());
        assertEquals(Duration.ofMillis(500), settings.latencyJitter());
        assertEquals(new FaultSettings.Budget(10000, Duration.ofMinutes(10)), settings.tenantBudget());
        assertEquals(4, settings.tenantConcurrency());
        assertEquals(0.01, settings.throttleRate());
        assertEquals(0.005, settings.unavailableRate());
        assertEquals(Duration.ofSeconds(2), settings.retryAfter());
        assertEquals(List.of("contoso.example", "fabrikam.example"), settings.throttledTenants().tenants());
        assertEquals(-3, settings.seed());
    }

    @Test
    void budgetsAndDurationsTakeTheUsualShortForms() {
        assertEquals(new FaultSettings.Budget(4, Duration.ofSeconds(1)), FaultSettings.Budget.parse("4/s"));
        assertEquals(new FaultSettings.Budget(100, Duration.ofSeconds(10)), FaultSettings.Budget.parse("100/10s"));
        assertEquals(new FaultSettings.Budget(3, Duration.ofHours(1)), FaultSettings.Budget.parse("3/h"));
        assertEquals(Duration.ofMinutes(2), FaultSettings.parseDuration("2min"));
        assertEquals(Duration.ofMillis(1500), FaultSettings.parseDuration("1.5s"));
        assertEquals(Duration.ofMillis(250), FaultSettings.parseDuration("250"));
        assertEquals(0.25, FaultSettings.TenantSelection.parse("25%").share());
    }

    @Test
    void settingsReadBackFromWhatTheyWrite() {
        FaultSettings settings = FaultSettings.parse(Map.of("latency", "1.25s", "tenant-budget", "4/s",
                "throttle-tenants", "12.5%", "throttle-rate", "0.125"), FaultSettings.NONE, "test", "");

        assertEquals(settings, FaultSettings.parse(settings.asMap(), FaultSettings.NONE, "again", ""));
        assertEquals(FaultSettings.NONE, FaultSettings.parse(FaultSettings.NONE.asMap(), FaultSettings.NONE, "t", ""));
    }

    @Test
    void laterValuesOverrideEarlierOnesAndKeepTheRest() {
        FaultSettings file = FaultSettings.parse(Map.of("latency", "50ms", "throttle-rate", "0.1"),
                FaultSettings.NONE, "faults.properties", "");
        FaultSettings options = FaultSettings.parse(Map.of("latency", "80ms"), file, null, "--");

        assertEquals(Duration.ofMillis(80), options.latency());
        assertEquals(0.1, options.throttleRate());
    }

    @Test
    void aBadValueIsNamedWithWhereItCameFromAndWhatItTakes() {
        assertMessage("faults.properties: latency takes a duration such as 100ms, 1.5s or 2min, not 'soon'",
                Map.of("latency", "soon"), "faults.properties", "");
        assertMessage("--tenant-budget takes REQUESTS/WINDOW such as 4/s, 100/10s or 10000/10min, not '4'",
                Map.of("tenant-budget", "4"), null, "--");
        assertMessage("--throttle-rate takes a share of requests between 0 and 1 such as 0.01, not '5'",
                Map.of("throttle-rate", "5"), null, "--");
        assertMessage("f: unknown fault setting 'latencey' (known: " + String.join(", ", FaultSettings.KEYS) + ")",
                Map.of("latencey", "1s"), "f", "");
        assertMessage("f: throttle-rate and unavailable-rate add up to more than 1",
                Map.of("throttle-rate", "0.6", "unavailable-rate", "0.6"), "f", "");
        assertMessage("f: throttle-tenants takes a share of at most 100%, not '150%'",
                Map.of("throttle-tenants", "150%"), "f", "");
    }

    private static void assertMessage(String expected, Map<String, String> values, String source, String prefix) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FaultSettings.parse(values, FaultSettings.NONE, source, prefix));
        assertEquals(expected, refused.getMessage());
        assertTrue(!refused.getMessage().contains("\n"), "one line");
    }
}
