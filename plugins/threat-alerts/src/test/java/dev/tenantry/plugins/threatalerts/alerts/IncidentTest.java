package dev.tenantry.plugins.threatalerts.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Severity from Microsoft's risk, and an incident's life: detections join, states move, the timeline records all. */
class IncidentTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void severityFollowsTheRiskLevelRaisedAStepForAttackTypes() {
        assertEquals(Severity.LOW, Severity.of("low", "unfamiliarFeatures"));
        assertEquals(Severity.MEDIUM, Severity.of("medium", "anonymizedIPAddress"));
        assertEquals(Severity.MEDIUM, Severity.of("hidden", "unfamiliarFeatures"), "hidden is not low");
        assertEquals(Severity.HIGH, Severity.of("high", "unlikelyTravel"));
        assertEquals(Severity.HIGH, Severity.of("medium", "passwordSpray"));
        assertEquals(Severity.CRITICAL, Severity.of("high", "leakedCredentials"));
        assertEquals(Severity.MEDIUM, Severity.of("low", "maliciousIPAddress"));
        assertEquals(Severity.LOW, Severity.of(null, null));
    }

    @Test
    void detectionsJoinRaiseTheSeverityAndEveryStepIsOnTheTimeline() {
        Incident incident = new Incident("i", "t", "u", "adele@contoso.example", "Adele", Severity.LOW,
                Incident.State.NEW, "", List.of(), List.of(), T0, T0, T0, List.of());
        Incident joined = incident.with(alert("a1", "unfamiliarFeatures", "low"), T0.plusSeconds(60))
                .with(alert("a2", "leakedCredentials", "high"), T0.plusSeconds(120));
        assertEquals(Severity.CRITICAL, joined.severity());
        assertEquals(List.of("a1", "a2"), joined.alertIds());
        assertEquals(List.of("unfamiliarFeatures", "leakedCredentials"), joined.riskEventTypes());
        assertEquals(T0.plusSeconds(1000), joined.lastDetectedAt());

        Incident worked = joined.moved(Incident.State.ACKNOWLEDGED, "alex", "", T0.plusSeconds(200))
                .assigned("dana", "alex", T0.plusSeconds(210))
                .noted("comment", "dana", "Checked with the user", T0.plusSeconds(220))
                .moved(Incident.State.RESOLVED, "dana", "password changed", T0.plusSeconds(230));
        assertFalse(worked.open());
        assertEquals("dana", worked.assignee());
        assertEquals(List.of("detection", "detection", "state", "assignment", "comment", "state"),
                worked.timeline().stream().map(Incident.Event::kind).toList());
        assertEquals("ACKNOWLEDGED → RESOLVED: password changed", worked.timeline().get(5).text());
        assertTrue(Incident.State.ACKNOWLEDGED.open());
    }

    @Test
    void anIncidentStaysSmallHoweverManyDetectionsItCollects() {
        Incident incident = new Incident("i", "t", "u", "adele@contoso.example", "Adele", Severity.LOW,
                Incident.State.NEW, "", List.of(), List.of(), T0, T0, T0, List.of())
                .noted("comment", "dana", "Watching this one", T0);
        for (int n = 1; n <= 10_000; n++) {
            incident = incident.with(alert("a" + n, n % 2 == 0 ? "unfamiliarFeatures" : "passwordSpray", "low"),
                    T0.plusSeconds(n));
        }
        assertEquals(10_000, incident.alertCount(), "every detection is counted");
        assertEquals(Incident.KEPT_ALERT_IDS, incident.alertIds().size());
        assertEquals("a9901", incident.alertIds().get(0), "the newest are named");
        assertEquals("a10000", incident.alertIds().get(Incident.KEPT_ALERT_IDS - 1));
        assertEquals(Incident.KEPT_DETECTION_EVENTS, incident.timeline().stream()
                .filter(event -> event.kind().equals("detection")).count());
        assertEquals("Watching this one", incident.timeline().get(0).text(), "what people wrote stays");
        String json = jakarta.json.bind.JsonbBuilder.create().toJson(incident);
        assertTrue(json.length() < 64 * 1024, json.length() + " characters");
        Incident read = jakarta.json.bind.JsonbBuilder.create().fromJson(json, Incident.class);
        assertEquals(incident, read);
    }

    @Test
    void anIncidentWrittenBeforeDetectionsWereCountedCountsThoseItNames() {
        String before = "{\"alertIds\":[\"a1\",\"a2\",\"a3\"],\"assignee\":\"\",\"id\":\"i\","
                + "\"lastDetectedAt\":\"2026-11-20T08:00:00Z\",\"openedAt\":\"2026-11-20T08:00:00Z\","
                + "\"riskEventTypes\":[\"passwordSpray\"],\"severity\":\"HIGH\",\"state\":\"NEW\","
                + "\"tenantId\":\"t\",\"timeline\":[],\"updatedAt\":\"2026-11-20T08:00:00Z\",\"userId\":\"u\","
                + "\"userDisplayName\":\"Adele\",\"userPrincipalName\":\"adele@contoso.example\"}";
        Incident read = jakarta.json.bind.JsonbBuilder.create().fromJson(before, Incident.class);
        assertEquals(3, read.alertCount());
        assertEquals(4, read.with(alert("a4", "passwordSpray", "low"), T0).alertCount());
    }

    private static Alert alert(String id, String type, String level) {
        return new Alert(id, "t", "u", "adele@contoso.example", "Adele", type, level, Severity.of(level, type),
                "signin", "198.51.100.1", "Lagos, NG", T0.plusSeconds(1000), T0.plusSeconds(1000), "i");
    }
}
