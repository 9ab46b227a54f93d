package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySecrets;
import dev.tenantry.plugin.testkit.MemorySettings;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How often each tenant is polled, from the plugin's settings, and what a run does before it polls. */
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

    @Test
    void theFirstRunAfterAnUpgradeGivesTheTenantsOldRecordsTheirFieldsEvenIfThePollFails() throws Exception {
        MemoryRecords records = new MemoryRecords();
        MemoryTenants tenants = new MemoryTenants();
        tenants.add("t", "Contoso", "contoso.example");
        Instant at = Instant.parse("2026-11-01T08:00:00Z");
        Incident incident = new Incident("i", "t", "u", "adele@contoso.example", "Adele", Severity.HIGH,
                Incident.State.NEW, "", List.of("a1"), List.of("passwordSpray"), at, at, at, List.of());
        records.put("t", "incident", "i", jakarta.json.bind.JsonbBuilder.create().toJson(incident));
        ThreatStore store = new ThreatStore(records);
        ThreatStore.IncidentFilter open = new ThreatStore.IncidentFilter("", "open", "", "");
        assertEquals(0, store.countIncidents(ThreatStore.Within.tenant("t"), open));
        ThreatPollJob job = TestHost.with(records, tenants, new MemorySettings(), new MemoryNotifications(),
                new MemorySecrets(), new MemoryClaims(), unreachable()).fill(new ThreatPollJob());

        assertThrows(IllegalStateException.class, () -> job.run("t", progress()), "Microsoft cannot be reached");

        assertEquals(1, store.countIncidents(ThreatStore.Within.tenant("t"), open), "found by its fields now");
        assertEquals(0, store.upgrade("t"), "and not written again by the next run");
    }

    private static GraphAccess unreachable() {
        return new GraphAccess() {
            @Override
            public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) {
                throw new IllegalStateException("Microsoft Graph cannot be reached");
            }

            @Override
            public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                    Map<String, Object> parameters) {
                throw new IllegalStateException("Exchange Online cannot be reached");
            }

            @Override
            public ConsentStatus consent(String tenantId, String scopeSetId) {
                throw new IllegalStateException("Microsoft Graph cannot be reached");
            }
        };
    }

    private static JobProgress progress() {
        return new JobProgress() {
            @Override
            public void report(int done, int total, String message) {
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
    }
}
