package dev.tenantry.plugins.secure.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.PluginAudit;
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

/** Stored scans, the report with exceptions and changes, the fleet and its trends. */
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
    void theFleetPutsTheWorstTenantsFirstAndNeverScannedOnesLastWithBandsAndTheMostFailedChecks() {
        var contoso = new dev.tenantry.plugin.api.PluginTenants.Tenant(CONTOSO, "Contoso", "contoso.example",
                java.util.Set.of());
        var fabrikam = new dev.tenantry.plugin.api.PluginTenants.Tenant("fabrikam-id", "Fabrikam",
                "fabrikam.example", java.util.Set.of());
        var adatum = new dev.tenantry.plugin.api.PluginTenants.Tenant("adatum-id", "Adatum", "adatum.example",
                java.util.Set.of());
        store.save(scan(CONTOSO, MONDAY, 62.0, result("admin-mfa", Status.PASS), result("branding", Status.PASS),
                result("user-consent", Status.FAIL), result("legacy-auth", Status.PASS)));
        store.save(scan("fabrikam-id", MONDAY, 18.0, result("admin-mfa", Status.FAIL),
                result("branding", Status.FAIL), result("user-consent", Status.PASS),
                result("legacy-auth", Status.SKIPPED)));
        store.putException("fabrikam-id", new PostureException("branding", "Patti", "Rebrand in January",
                LocalDate.parse("2027-01-31"), "alex", MONDAY));

        List<Fleet.TenantRow> rows = Fleet.rows(List.of(contoso, adatum, fabrikam), store,
                LocalDate.parse("2026-11-20"));
        assertEquals(List.of("Fabrikam", "Contoso", "Adatum"), rows.stream().map(Fleet.TenantRow::name).toList());
        Fleet.TenantRow fab = rows.get(0);
        assertEquals(33, fab.passRate());
        assertEquals(18, fab.score());
        assertEquals("ACCEPTED", fab.cell("branding"));
        assertEquals("FAIL", fab.cell("admin-mfa"));
        assertEquals(1, fab.failing());
        assertEquals(1, fab.accepted());
        assertEquals("poor", fab.band());
        assertEquals("fair", rows.get(1).band(), "3 of 4: 75 %");
        assertEquals("unknown", rows.get(2).band());
        assertEquals("", rows.get(2).cell("admin-mfa"));
        assertEquals(Map.of("good", 0L, "fair", 1L, "poor", 1L, "unknown", 1L), Fleet.bands(rows));
        assertEquals(List.of("good", "fair", "poor", "unknown"), List.copyOf(Fleet.bands(rows).keySet()));

        List<Fleet.FailingCheck> top = Fleet.topFailing(rows, 5);
        assertEquals(List.of("admin-mfa", "user-consent"), top.stream().map(Fleet.FailingCheck::checkId).toList(),
                "accepted branding is not failing");
        assertEquals(1, top.get(0).tenants());
        assertEquals(1, Fleet.topFailing(rows, 1).size());
    }

    @Test
    void trendsCarryEachDaysLastScanForwardAndTheFleetAveragesTheTenantsScannedByThen() {
        LocalDate today = LocalDate.parse("2026-11-20");
        List<ScanRecord> contoso = List.of(
                scan(CONTOSO, Instant.parse("2026-11-19T09:00:00Z"), 70.0, result("a", Status.PASS)),
                scan(CONTOSO, Instant.parse("2026-11-18T23:00:00Z"), 60.0, result("a", Status.FAIL)),
                scan(CONTOSO, Instant.parse("2026-11-18T08:00:00Z"), 50.0, result("a", Status.PASS)));
        List<ScanRecord> fabrikam = List.of(
                scan("fabrikam-id", Instant.parse("2026-11-19T10:00:00Z"), 20.0, result("a", Status.FAIL),
                        result("b", Status.PASS)));

        List<Trends.Point> tenant = Trends.daily(contoso, ScanRecord::passRate, 4, today);
        assertEquals(List.of("2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"),
                tenant.stream().map(point -> point.day().toString()).toList());
        assertTrue(tenant.get(0).value().isEmpty(), "nothing scanned yet");
        assertEquals(0.0, tenant.get(1).value().getAsDouble(), "the day's last scan (23:00) counts");
        assertEquals(100.0, tenant.get(2).value().getAsDouble());
        assertEquals(100.0, tenant.get(3).value().getAsDouble(), "carried forward");

        List<Trends.Point> fleet = Trends.fleet(List.of(contoso, fabrikam), ScanRecord::secureScorePercent, 3,
                today);
        assertEquals(60.0, fleet.get(0).value().getAsDouble(), "only Contoso was scanned by the 18th");
        assertEquals(45.0, fleet.get(1).value().getAsDouble(), "(70 + 20) / 2");

        String chart = Trends.chart(List.of("Checks passed"), List.of(tenant));
        jakarta.json.JsonObject json = jakarta.json.Json.createReader(new java.io.StringReader(chart)).readObject();
        assertEquals("line", json.getString("type"));
        assertEquals(4, json.getJsonObject("data").getJsonArray("labels").size());
        assertEquals(jakarta.json.JsonValue.NULL, json.getJsonObject("data").getJsonArray("datasets")
                .getJsonObject(0).getJsonArray("data").get(0), "a day without a scan is a gap");
        assertEquals(100, json.getJsonObject("data").getJsonArray("datasets").getJsonObject(0).getJsonArray("data")
                .getJsonNumber(3).intValue());
    }

    private static PostureReport.Row row(PostureReport report, String id) {
        return report.rows().stream().filter(row -> row.id().equals(id)).findFirst().orElseThrow();
    }
}
