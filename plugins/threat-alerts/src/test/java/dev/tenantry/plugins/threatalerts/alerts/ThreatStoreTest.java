package dev.tenantry.plugins.threatalerts.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.testkit.MemoryRecords;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreatStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private final MemoryRecords records = new MemoryRecords();
    private final ThreatStore store = new ThreatStore(records);

    @Test
    void aTriageAndAPollChangingOneIncidentAtOnceKeepBothChanges() {
        store.putIncident(new Incident("i", "t", "u", "adele@contoso.example", "Adele", Severity.LOW,
                Incident.State.NEW, "", List.of(), List.of(), T0, T0, T0, List.of()));
        AtomicInteger attempts = new AtomicInteger();

        // Someone acknowledges the incident; while they do, a poll adds a detection to it
        Incident acknowledged = store.updateIncident("t", "i", current -> {
            if (attempts.incrementAndGet() == 1) {
                store.updateIncident("t", "i", polled -> polled.with(alert("a1"), T0.plusSeconds(60)));
            }
            return current.moved(Incident.State.ACKNOWLEDGED, "jo@northwind-msp.example", "looking", T0.plusSeconds(61));
        }).orElseThrow();

        assertEquals(2, attempts.get(), "the triage was applied again to the incident as the poll left it");
        Incident stored = store.incident("t", "i").orElseThrow();
        assertEquals(acknowledged, stored);
        assertEquals(Incident.State.ACKNOWLEDGED, stored.state(), "the triage stays");
        assertEquals(List.of("a1"), stored.alertIds(), "and so does the detection");
    }

    @Test
    void aChangeMadeFromAStaleCopyIsNeverWrittenOverTheCurrentOne() {
        records.put("t", "note", "k", "{\"v\":1}");
        long read = records.getVersioned("t", "note", "k").orElseThrow().version();
        records.put("t", "note", "k", "{\"v\":2}");

        assertThrows(RecordConflictException.class, () -> records.replace("t", "note", "k", "{\"v\":3}", read));
        assertEquals("{\"v\":2}", records.get("t", "note", "k").orElseThrow());
        assertThrows(RecordConflictException.class, () -> records.replace("t", "note", "k", "{}", 0),
                "0 writes only a record that is not there yet");
        records.replace("t", "note", "new", "{}", 0);
        assertTrue(records.get("t", "note", "new").isPresent());
        assertTrue(store.updateIncident("t", "missing", incident -> incident).isEmpty());
    }

    private static Alert alert(String id) {
        return new Alert(id, "t", "u", "adele@contoso.example", "Adele", "passwordSpray", "medium",
                Severity.of("medium", "passwordSpray"), "signin", "198.51.100.1", "Lagos, NG", T0.plusSeconds(50),
                T0.plusSeconds(50), "i");
    }
}
