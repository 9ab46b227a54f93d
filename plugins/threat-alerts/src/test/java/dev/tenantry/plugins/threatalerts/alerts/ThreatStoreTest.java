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

    @Test
    void recordsWrittenWithoutIndexedFieldsAreFoundOnceTheUpgradeWroteThemAgain() {
        // As Threat Alerts 1.2.0 wrote them: JSON alone, an incident without its count
        jakarta.json.bind.Jsonb json = jakarta.json.bind.JsonbBuilder.create();
        Incident incident = new Incident("i", "t", "u", "adele@contoso.example", "Adele", Severity.HIGH,
                Incident.State.NEW, "", List.of("a1"), List.of("passwordSpray"), T0, T0.plusSeconds(50), T0,
                List.of());
        records.put("t", ThreatStore.INCIDENT, "i", json.toJson(incident).replace("\"alertCount\":1,", ""));
        records.put("t", ThreatStore.ALERT, "a1", json.toJson(alert("a1")));
        records.put("t", ThreatStore.RISKY_USER, "u", json.toJson(new RiskyUser("u", "t", "adele@contoso.example",
                "Adele", "high", "atRisk", "none", T0, T0)));
        records.put("t", ThreatStore.POLL, "status", json.toJson(new ThreatStore.PollStatus(T0,
                ThreatStore.PollStatus.Outcome.CONSENT_REQUIRED, "consent", 0)));
        records.put("t", ThreatStore.POLL, "watermark", json.toJson(new ThreatStore.Watermark(T0)));
        records.put(null, ThreatStore.FILTER, "alex@northwind-msp.example|Mine", json.toJson(new SavedFilter("Mine",
                "", "HIGH", "open", "", "")));
        ThreatStore.Within tenant = ThreatStore.Within.tenant("t");
        ThreatStore.IncidentFilter open = new ThreatStore.IncidentFilter("", "open", "", "");
        assertEquals(0, store.countIncidents(tenant, open), "not found by their fields before");

        assertEquals(4, store.upgrade("t"), "the incident, the alert, the risky user and the poll's outcome");

        assertEquals(List.of("i"), store.incidents(tenant, open, 0, 10).stream().map(Incident::id).toList());
        assertEquals(1, store.countIncidents(tenant, new ThreatStore.IncidentFilter("HIGH", "NEW", "passwordSpray",
                "ADELE")));
        assertEquals(1, store.incident("t", "i").orElseThrow().alertCount());
        assertEquals(List.of("a1"), store.alertsOf("t", "i", 0, 10).stream().map(Alert::id).toList());
        assertEquals(1, store.countUsersAtRisk(tenant));
        assertEquals(List.of(ThreatStore.PollStatus.Outcome.CONSENT_REQUIRED), store.pollProblems(tenant, 0, 10)
                .stream().map(problem -> problem.status().outcome()).toList());
        assertEquals(T0, store.watermark("t").orElseThrow().detectedUpTo(), "the watermark is kept as it was");
        assertEquals(0, store.upgrade("t"), "once");
        assertEquals(List.of("Mine"), store.filters("Alex@northwind-msp.example").stream().map(SavedFilter::name)
                .toList(), "saved filters get their owner too");
    }

    @Test
    void theTypeFilterFindsATypeAndNotATypeWhoseNameContainsIt() {
        store.putIncident(new Incident("mcas", "t", "u1", "a@t.example", "A", Severity.LOW, Incident.State.NEW, "",
                List.of(), List.of("mcasImpossibleTravel"), T0, T0, T0, List.of()));
        store.putIncident(new Incident("both", "t", "u2", "b@t.example", "B", Severity.LOW, Incident.State.NEW, "",
                List.of(), List.of("unfamiliarFeatures", "impossibleTravel"), T0, T0, T0, List.of()));
        ThreatStore.Within tenant = ThreatStore.Within.tenant("t");
        assertEquals(List.of("both"), store.incidents(tenant, new ThreatStore.IncidentFilter("", "", "impossibleTravel",
                ""), 0, 10).stream().map(Incident::id).toList());
        assertEquals(List.of("mcas"), store.incidents(tenant, new ThreatStore.IncidentFilter("", "",
                "McasImpossibleTravel", ""), 0, 10).stream().map(Incident::id).toList(), "whatever the case");
        assertEquals(0, store.countIncidents(tenant, new ThreatStore.IncidentFilter("SEVERE", "", "", "")),
                "a severity saved by some other version finds nothing and fails nothing");
        List<String> many = java.util.stream.IntStream.range(0, 40).mapToObj(n -> "someDetectionTypeNamed" + n)
                .toList();
        assertTrue(ThreatStore.typeCodes(many).length() <= dev.tenantry.plugin.api.RecordKind.MAX_TEXT_LENGTH);
        assertEquals(1 + ThreatStore.INDEXED_TYPES * 8, ThreatStore.typeCodes(many).length());
    }

    private static Alert alert(String id) {
        return new Alert(id, "t", "u", "adele@contoso.example", "Adele", "passwordSpray", "medium",
                Severity.of("medium", "passwordSpray"), "signin", "198.51.100.1", "Lagos, NG", T0.plusSeconds(50),
                T0.plusSeconds(50), "i");
    }
}
