package dev.tenantry.plugins.secure.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.Evidence;
import dev.tenantry.plugins.secure.posture.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stored scans, the report with exceptions and changes, each tenant's latest posture, and trends. */
class PostureHistoryTest {

    private static final String CONTOSO = "contoso-id";
    private static final Instant MONDAY = Instant.parse("2026-11-16T08:00:00Z");

    private final MemoryRecords records = new MemoryRecords();
    private final PostureStore store = new PostureStore(records);
    private final List<String> audited = new ArrayList<>();
    private final PluginAudit audit = (action, tenant, target, details) -> audited.add(action + " " + tenant + " "
            + target + " " + new java.util.TreeMap<>(details));

    static CheckResult result(String id, Status status) {
        return new CheckResult(id, status, id + " is " + status, List.of(new Evidence("Policy", "MFA, \"all\"", "p1")),
                status == Status.SKIPPED ? "secure.score" : "");
    }

    static ScanRecord scan(String tenant, Instant at, Double score, CheckResult... results) {
        return new ScanRecord(tenant, at, "alex.morgan@northwind-msp.example", List.of(results), score,
                score == null ? null : 100.0);
    }

    @Test
    void aScanIsStoredAndReadBackWithItsEvidenceNewestFirstAndOnlyTheLastNinetyAreKept() {
        ScanRecord first = scan(CONTOSO, MONDAY, 40.0, result("admin-mfa", Status.FAIL),
                result("secure-score", Status.SKIPPED));
        store.save(first);
        assertEquals(first, store.latest(CONTOSO).orElseThrow(), "JSON-B round trip keeps every field");
        assertEquals("MFA, \"all\"", store.latest(CONTOSO).orElseThrow().checks().get(0).evidence().get(0).value());
        assertEquals(Optional.empty(), store.latest("other-tenant"));

        for (int day = 1; day <= PostureStore.KEPT_SCANS + 4; day++) {
            store.save(scan(CONTOSO, MONDAY.plusSeconds(86_400L * day), 50.0, result("admin-mfa", Status.PASS)));
        }
        assertEquals(PostureStore.KEPT_SCANS, records.count(CONTOSO, PostureStore.SCAN));
        List<ScanRecord> history = store.history(CONTOSO, 1000);
        assertEquals(PostureStore.KEPT_SCANS, history.size());
        assertEquals(MONDAY.plusSeconds(86_400L * (PostureStore.KEPT_SCANS + 4)), history.get(0).scannedAt());
        assertTrue(history.stream().noneMatch(kept -> kept.scannedAt().equals(MONDAY)), "the oldest were forgotten");
    }

    @Test
    void passRateCountsOnlyEvaluatedChecksAndTheScoreIsAShareOfItsMaximum() {
        ScanRecord scan = scan(CONTOSO, MONDAY, 62.0, result("a", Status.PASS), result("b", Status.FAIL),
                result("c", Status.WARNING), result("d", Status.SKIPPED), result("e", Status.ERROR));
        assertEquals(3, scan.evaluated());
        assertEquals(Optional.of(33), scan.passRate());
        assertEquals(Optional.of(62), scan.secureScorePercent());
        assertEquals(Optional.empty(), scan(CONTOSO, MONDAY, null, result("d", Status.SKIPPED)).passRate());
        assertEquals(Optional.empty(), scan(CONTOSO, MONDAY, null).secureScorePercent());
    }

    @Test
    void anExceptionAcceptsAFailureUntilItsLastDayThenTheCheckFailsAgainAndChangesAreListed() {
        ScanRecord before = scan(CONTOSO, MONDAY, 40.0, result("admin-mfa", Status.FAIL),
                result("branding", Status.FAIL), result("user-consent", Status.PASS));
        ScanRecord after = scan(CONTOSO, MONDAY.plusSeconds(86_400), 45.0, result("admin-mfa", Status.FAIL),
                result("branding", Status.PASS), result("user-consent", Status.FAIL));
        PostureException exception = new PostureException("admin-mfa", "Megan Bowen", "Break-glass review pending",
                LocalDate.parse("2026-11-30"), "alex.morgan@northwind-msp.example", MONDAY);

        PostureReport holding = PostureReport.of(after, Optional.of(before), List.of(exception),
                LocalDate.parse("2026-11-30"));
        PostureReport.Row adminMfa = row(holding, "admin-mfa");
        assertEquals(PostureReport.Shown.ACCEPTED, adminMfa.shown());
        assertFalse(adminMfa.exceptionExpired());
        assertNull(adminMfa.before(), "unchanged since the scan before");
        assertEquals(1, holding.accepted());
        assertEquals(1, holding.failing(), "user-consent fails; admin-mfa is accepted");
        assertEquals(List.of(new PostureReport.Change("branding", row(holding, "branding").title(), Status.FAIL,
                Status.PASS), new PostureReport.Change("user-consent", row(holding, "user-consent").title(),
                Status.PASS, Status.FAIL)), holding.changes());
        assertTrue(holding.changes().get(0).better());
        assertFalse(holding.changes().get(1).better());
        assertEquals(PostureReport.Shown.FAIL, holding.rows().get(0).shown(), "failures first");

        PostureReport expired = PostureReport.of(after, Optional.of(before), List.of(exception),
                LocalDate.parse("2026-12-01"));
        assertEquals(PostureReport.Shown.FAIL, row(expired, "admin-mfa").shown(), "fails again the day after");
        assertTrue(row(expired, "admin-mfa").exceptionExpired());
        assertEquals(0, expired.accepted());

        PostureReport passing = PostureReport.of(scan(CONTOSO, MONDAY, null, result("admin-mfa", Status.PASS)),
                Optional.empty(), List.of(exception), LocalDate.parse("2026-11-20"));
        assertEquals(PostureReport.Shown.PASS, row(passing, "admin-mfa").shown(), "an exception never hides a pass");
    }

    @Test
    void exceptionsAreGrantedOnlyForFailuresWithOwnerReasonAndAnEndWithinAYearAndEachIsAudited() {
        Clock clock = Clock.fixed(MONDAY, ZoneOffset.UTC);
        PostureExceptions exceptions = new PostureExceptions(store, audit, clock);
        store.save(scan(CONTOSO, MONDAY, null, result("admin-mfa", Status.FAIL), result("branding", Status.PASS)));
        LocalDate inAMonth = LocalDate.parse("2026-12-16");

        assertEquals("Only a check that fails or warns in the last scan can be accepted",
                assertThrows(IllegalArgumentException.class, () -> exceptions.grant(CONTOSO, "branding", "Megan",
                        "why", inAMonth, "alex")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> exceptions.grant(CONTOSO, "no-such-check", "Megan", "why",
                inAMonth, "alex"));
        assertThrows(IllegalArgumentException.class, () -> exceptions.grant(CONTOSO, "admin-mfa", " ", "why",
                inAMonth, "alex"));
        assertThrows(IllegalArgumentException.class, () -> exceptions.grant(CONTOSO, "admin-mfa", "Megan", "",
                inAMonth, "alex"));
        assertThrows(IllegalArgumentException.class, () -> exceptions.grant(CONTOSO, "admin-mfa", "Megan", "why",
                LocalDate.parse("2026-11-16"), "alex"), "ends today: nothing to accept");
        assertThrows(IllegalArgumentException.class, () -> exceptions.grant(CONTOSO, "admin-mfa", "Megan", "why",
                LocalDate.parse("2027-11-17"), "alex"), "more than a year");
        assertTrue(audited.isEmpty(), "nothing refused is recorded");
        assertTrue(store.exceptions(CONTOSO).isEmpty());

        PostureException granted = exceptions.grant(CONTOSO, "admin-mfa", " Megan Bowen ", "Pending review",
                inAMonth, "alex");
        assertEquals("Megan Bowen", granted.owner());
        assertEquals(List.of(granted), store.exceptions(CONTOSO));
        assertEquals(Optional.of(granted), store.exception(CONTOSO, "admin-mfa", inAMonth));
        assertEquals(Optional.empty(), store.exception(CONTOSO, "admin-mfa", inAMonth.plusDays(1)));
        assertEquals(List.of("exception.granted contoso-id admin-mfa {expires=2026-12-16, owner=Megan Bowen, "
                + "reason=Pending review, status=FAIL}"), audited);

        assertTrue(exceptions.withdraw(CONTOSO, "admin-mfa"));
        assertFalse(exceptions.withdraw(CONTOSO, "admin-mfa"), "withdrawn once");
        assertEquals("exception.withdrawn contoso-id admin-mfa {}", audited.get(1));
        assertEquals(2, audited.size());
    }

    @Test
    void theLatestPostureShowsTheNewestScanWithItsExceptionsAndIsWrittenAgainWhenOneIsGrantedOrLapses() {
        store.save(scan("fabrikam-id", MONDAY.minusSeconds(86_400), 10.0, result("admin-mfa", Status.PASS)));
        store.save(scan("fabrikam-id", MONDAY, 18.0, result("admin-mfa", Status.FAIL),
                result("branding", Status.FAIL), result("user-consent", Status.PASS),
                result("legacy-auth", Status.SKIPPED)));
        LatestPosture fab = store.latestPosture("fabrikam-id").orElseThrow();
        assertEquals(MONDAY, fab.scannedAt(), "the newest scan");
        assertEquals(33, fab.passRate());
        assertEquals(18, fab.secureScore());
        assertEquals(2, fab.failing());
        assertEquals(1, fab.critical(), "admin-mfa is of high severity, branding of low");
        assertEquals(LatestPosture.CONSENT_MISSING, fab.status(), "legacy-auth was skipped for its scope set");
        assertEquals("poor", fab.band());
        assertEquals(",admin-mfa,branding,", fab.failingChecks());
        assertEquals("FAIL", fab.cells().get("branding"));
        assertEquals(4, records.count(RecordQuery.of(PostureStore.CHECK_RESULT).inTenant("fabrikam-id")));

        Clock tuesday = Clock.fixed(MONDAY.plusSeconds(86_400), ZoneOffset.UTC);
        new PostureExceptions(store, audit, tuesday).grant("fabrikam-id", "branding", "Patti", "Rebrand in January",
                LocalDate.parse("2026-11-30"), "alex");
        fab = store.latestPosture("fabrikam-id").orElseThrow();
        assertEquals("ACCEPTED", fab.cells().get("branding"), "shown at once, without a scan");
        assertEquals(1, fab.failing());
        assertEquals(1, fab.accepted());
        assertEquals(",admin-mfa,", fab.failingChecks());
        assertEquals(LocalDate.parse("2026-12-01"), fab.reviewOn());
        assertEquals(Map.of("ACCEPTED", 1L, "FAIL", 1L, "PASS", 1L, "SKIPPED", 1L), records.countBy(
                RecordQuery.of(PostureStore.CHECK_RESULT).inTenant("fabrikam-id"), "status"));

        assertEquals("up to date", store.index("fabrikam-id", LocalDate.parse("2026-11-30")));
        assertEquals("written again: an exception lapsed", store.index("fabrikam-id", LocalDate.parse("2026-12-01")));
        fab = store.latestPosture("fabrikam-id").orElseThrow();
        assertEquals("FAIL", fab.cells().get("branding"), "fails again the day after its exception's last day");
        assertEquals(2, fab.failing());
        assertNull(fab.reviewOn());

        Clock december = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
        new PostureExceptions(store, audit, december).grant("fabrikam-id", "admin-mfa", "Patti",
                "Break-glass review", LocalDate.parse("2026-12-30"), "alex");
        assertEquals(1, store.latestPosture("fabrikam-id").orElseThrow().failing(), "branding's exception lapsed");
        new PostureExceptions(store, audit, december).withdraw("fabrikam-id", "admin-mfa");
        assertEquals(2, store.latestPosture("fabrikam-id").orElseThrow().failing());
        assertEquals("FAIL", store.latestPosture("fabrikam-id").orElseThrow().cells().get("admin-mfa"),
                "withdrawn: failing again at once");
    }

    @Test
    void everyCheckFailingStillFitsTheIndexedTextOfFailingChecks() {
        List<CheckResult> all = dev.tenantry.plugins.secure.posture.PostureChecks.all().stream()
                .map(check -> result(check.id(), Status.FAIL)).toList();
        LatestPosture latest = LatestPosture.of(CONTOSO, "x".repeat(300), "contoso.example",
                Optional.of(new ScanRecord(CONTOSO, MONDAY, "schedule", all, null, null)), List.of(),
                LocalDate.parse("2026-11-16"));
        assertTrue(latest.failingChecks().length() <= dev.tenantry.plugin.api.RecordKind.MAX_TEXT_LENGTH,
                latest.failingChecks());
        assertEquals(dev.tenantry.plugin.api.RecordKind.MAX_TEXT_LENGTH,
                ((String) latest.fields().get("name")).length(), "a long name is cut, not refused");
        PostureStore.POSTURE.values(latest.fields());
    }

    @Test
    void trendsCarryEachDaysLastScanForwardAndTheFleetAveragesTheTenantsScannedThatDay() {
        LocalDate today = LocalDate.parse("2026-11-20");
        store.save(scan(CONTOSO, Instant.parse("2026-11-18T08:00:00Z"), 50.0, result("a", Status.PASS)));
        store.save(scan(CONTOSO, Instant.parse("2026-11-18T23:00:00Z"), 60.0, result("a", Status.FAIL)));
        store.save(scan(CONTOSO, Instant.parse("2026-11-19T09:00:00Z"), 70.0, result("a", Status.PASS)));
        List<Trends.Day> days = store.days(CONTOSO, 31);
        assertEquals(List.of(LocalDate.parse("2026-11-19"), LocalDate.parse("2026-11-18")),
                days.stream().map(Trends.Day::day).toList(), "one a day, newest first");

        List<Trends.Point> tenant = Trends.daily(days, Trends.Day::passRate, 4, today);
        assertEquals(List.of("2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"),
                tenant.stream().map(point -> point.day().toString()).toList());
        assertTrue(tenant.get(0).value().isEmpty(), "nothing scanned yet");
        assertEquals(0.0, tenant.get(1).value().getAsDouble(), "the day's last scan (23:00) counts");
        assertEquals(100.0, tenant.get(2).value().getAsDouble());
        assertEquals(100.0, tenant.get(3).value().getAsDouble(), "carried forward");

        Map<Object, Long> counts = Map.of(Trends.encode(LocalDate.parse("2026-11-18"), 60), 1L,
                Trends.encode(LocalDate.parse("2026-11-19"), 70), 1L,
                Trends.encode(LocalDate.parse("2026-11-19"), 20), 3L);
        List<Trends.Point> fleet = Trends.fleet(counts, 3, today);
        assertEquals(60.0, fleet.get(0).value().getAsDouble(), "only Contoso was scanned on the 18th");
        assertEquals(32.5, fleet.get(1).value().getAsDouble(), "(70 + 3 × 20) / 4");
        assertTrue(fleet.get(2).value().isEmpty(), "no tenant scanned on the 20th: a gap");

        String chart = Trends.chart(List.of("Checks passed"), List.of(tenant));
        jakarta.json.JsonObject json = jakarta.json.Json.createReader(new java.io.StringReader(chart)).readObject();
        assertEquals("line", json.getString("type"));
        assertEquals(4, json.getJsonObject("data").getJsonArray("labels").size());
        assertEquals(jakarta.json.JsonValue.NULL, json.getJsonObject("data").getJsonArray("datasets")
                .getJsonObject(0).getJsonArray("data").get(0), "a day without a scan is a gap");
        assertEquals(100, json.getJsonObject("data").getJsonArray("datasets").getJsonObject(0).getJsonArray("data")
                .getJsonNumber(3).intValue());
    }

    @Test
    void daysOlderThanTheScansKeptAreForgotten() {
        for (int day = 0; day < PostureStore.KEPT_SCANS + 5; day++) {
            store.save(scan(CONTOSO, MONDAY.plusSeconds(86_400L * day), 50.0, result("admin-mfa", Status.PASS)));
        }
        List<Trends.Day> days = store.days(CONTOSO, 500);
        assertEquals(PostureStore.KEPT_SCANS + 1, days.size(), "the scan's day and the 90 before it");
        assertEquals(LocalDate.ofInstant(MONDAY, ZoneOffset.UTC).plusDays(4), days.get(days.size() - 1).day());
    }

    private static PostureReport.Row row(PostureReport report, String id) {
        return report.rows().stream().filter(row -> row.id().equals(id)).findFirst().orElseThrow();
    }
}
