package dev.tenantry.plugins.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.JobProgress;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.MemoryWork;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.secure.history.Fleet;
import dev.tenantry.plugins.secure.history.LatestPosture;
import dev.tenantry.plugins.secure.history.PostureExceptions;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.history.ScanRecord;
import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import dev.tenantry.plugins.secure.posture.Severity;
import dev.tenantry.plugins.secure.posture.Status;
import jakarta.json.bind.JsonbBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The fleet page and the dashboard widget over 50 tenants, of which the member of staff sees 17: exactly those are
 * listed, paged, counted, sorted and filtered as asked, the summaries add up, and no page lists every tenant
 * ({@link PluginTenants#all()} fails here) or asks more of the records for 500 tenants than for 5.
 */
class SecureFleetTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final List<PostureCheck> CHECKS = PostureChecks.all();

    /** One tenant of the fixture, and what its scan says. */
    private record Seeded(String id, String name, String domain, int failing, Integer score, Instant scannedAt,
            boolean rescanned) {

        Integer passRate() {
            return scannedAt == null ? null : (int) Math.round(100.0 * (CHECKS.size() - failing) / CHECKS.size());
        }

        String band() {
            Integer rate = passRate();
            return rate == null ? "unknown" : rate >= 80 ? "good" : rate >= 50 ? "fair" : "poor";
        }

        boolean found(String text) {
            return (name + " " + domain).toLowerCase().contains(text.toLowerCase());
        }

        boolean fails(String checkId) {
            return scannedAt != null && CHECKS.stream().limit(failing).anyMatch(check -> check.id().equals(checkId));
        }
    }

    private final MemoryRecords memory = new MemoryRecords();
    private final MemoryTenants tenants = new MemoryTenants();
    private final PluginTenants listless = new ListlessTenants(tenants);
    private final MemoryPortalUser person = new MemoryPortalUser("adele.vance@northwind-msp.example", "Adele Vance");
    private final List<Seeded> seeded = new ArrayList<>();

    /**
     * Tenant i: "Tenant i" (tenant 3 is "acme 003", lower case), failing the first i % 11 checks, Secure Score 2i %
     * (none for i % 10 == 5), scanned i % 5 days and an hour ago (every sixth also the day before, passing every
     * check); the last {@code neverScanned} tenants never scanned.
     */
    private void seed(int count, int neverScanned, Predicate<Integer> visible) {
        PostureStore store = new PostureStore(memory, tenants);
        for (int i = 0; i < count; i++) {
            String id = String.format("tenant-%03d", i);
            String name = i == 3 ? "acme 003" : String.format("Tenant %03d", i);
            String domain = String.format("t%03d.example", i);
            tenants.add(id, name, domain);
            if (visible.test(i)) {
                person.holding(SecureIds.VIEW, id);
            }
            boolean scanned = i < count - neverScanned;
            Integer score = i % 10 == 5 ? null : 2 * i % 100;
            Instant at = scanned ? NOW.minus(Duration.ofDays(i % 5)).minus(Duration.ofHours(1)) : null;
            Seeded tenant = new Seeded(id, name, domain, i % 11, score, at, scanned && i % 6 == 0);
            seeded.add(tenant);
            if (scanned) {
                if (tenant.rescanned()) {
                    store.save(scan(new Seeded(id, name, domain, 0, 99, at.minus(Duration.ofDays(1)), false)));
                }
                store.save(scan(tenant));
            } else {
                store.index(id, LocalDate.now(ZoneOffset.UTC));
            }
        }
        memory.seenThrough(listless, person);
    }

    private static ScanRecord scan(Seeded tenant) {
        List<CheckResult> results = new ArrayList<>();
        for (int c = 0; c < CHECKS.size(); c++) {
            Status status = c < tenant.failing() ? Status.FAIL : Status.PASS;
            results.add(new CheckResult(CHECKS.get(c).id(), status, "seen", List.of(), ""));
        }
        return new ScanRecord(tenant.id(), tenant.scannedAt(), "schedule", results,
                tenant.score() == null ? null : tenant.score().doubleValue(), tenant.score() == null ? null : 100.0);
    }

    private List<Seeded> visible() {
        return seeded.stream().filter(tenant -> person.holds(SecureIds.VIEW, tenant.id())).toList();
    }

    private SecureFleet fleetPage(PluginRecords records) {
        return TestHost.with(person, listless, records, new MemoryAudit(), offline(),
                new MemoryWork(SecureIds.PLUGIN, person.userPrincipalName(), listless)).fill(new SecureFleet());
    }

    private SecureFleet fleetPage() {
        return fleetPage(memory);
    }

    @Test
    void theFleetListsExactlyTheTenantsThePersonMaySeeAPageAtATimeCountedExactly() {
        seed(50, 5, i -> i % 3 == 0);
        SecureFleet page = fleetPage();

        assertEquals(17, page.getTable().count(Map.of()));
        List<String> listed = new ArrayList<>();
        for (int first = 0; first < 17; first += 7) {
            List<Fleet.TenantRow> rows = page.getTable().load(first, 7, Map.of(), Map.of());
            assertEquals(Math.min(7, 17 - first), rows.size());
            rows.forEach(row -> listed.add(row.tenantId()));
        }
        assertEquals(17, new HashSet<>(listed).size(), "pages never overlap");
        assertEquals(visible().stream().map(Seeded::id).collect(java.util.stream.Collectors.toSet()),
                Set.copyOf(listed));
        assertEquals(List.of(), page.getTable().load(17, 7, Map.of(), Map.of()));
    }

    @Test
    void worstFirstUnlessSortedOtherwiseAndNamedAsTheTenantIsNow() {
        seed(50, 5, i -> i % 3 == 0);
        SecureFleet page = fleetPage();

        List<String> worstFirst = visible().stream().sorted(Comparator
                .comparing((Seeded tenant) -> tenant.passRate() == null)
                .thenComparing(tenant -> tenant.passRate() == null ? 0 : tenant.passRate())
                .thenComparing(tenant -> tenant.scannedAt() == null ? 0 : tenant.failing(), Comparator.reverseOrder())
                .thenComparing(tenant -> tenant.name().toLowerCase())).map(Seeded::id).toList();
        assertEquals(worstFirst, ids(page.getTable().load(0, 50, Map.of(), Map.of())));
        Fleet.TenantRow worst = page.getTable().load(0, 1, Map.of(), Map.of()).get(0);
        assertEquals("poor", worst.band());
        assertEquals("FAIL", worst.cell(CHECKS.get(0).id()));
        assertEquals(CHECKS.stream().limit(worst.failing()).filter(check -> check.severity() == Severity.HIGH)
                .count(), worst.critical());

        assertEquals(visible().stream().map(Seeded::id).sorted(Comparator.comparing(id -> name(id).toLowerCase()))
                .toList(), ids(page.getTable().load(0, 50, sort("name", SortOrder.ASCENDING), Map.of())),
                "by name whatever the case: acme 003 comes first, not after Tenant 048");
        List<String> byScore = visible().stream().filter(tenant -> tenant.score() != null
                && tenant.scannedAt() != null).sorted(Comparator.comparing(Seeded::score).reversed()
                .thenComparing(Seeded::id)).map(Seeded::id).toList();
        assertEquals(byScore, ids(page.getTable().load(0, 50, sort("score", SortOrder.DESCENDING), Map.of()))
                .subList(0, byScore.size()), "highest Secure Score first, tenants without one last");
        List<String> byScan = ids(page.getTable().load(0, 50, sort("scannedAt", SortOrder.ASCENDING), Map.of()));
        assertEquals(visible().stream().filter(tenant -> tenant.scannedAt() != null)
                .sorted(Comparator.comparing(Seeded::scannedAt).thenComparing(Seeded::id)).map(Seeded::id).toList(),
                byScan.subList(0, 15), "oldest scan first, never scanned last");

        tenants.add("tenant-003", "Contoso (renamed)", "contoso.example");
        assertEquals("Contoso (renamed)", page.getTable().load(0, 50, Map.of(), Map.of()).stream()
                .filter(row -> row.tenantId().equals("tenant-003")).findFirst().orElseThrow().name(),
                "the page shows the tenant's name of now");
    }

    @Test
    void filtersByNameStatusBandFailingCheckAndAgeOfTheLastScanAreCountedExactly() {
        seed(50, 5, i -> i % 3 == 0);
        SecureFleet page = fleetPage();
        String check = CHECKS.get(2).id();

        assertFiltered(page, Map.of("name", "TENANT 01"), tenant -> tenant.found("tenant 01"));
        assertFiltered(page, Map.of("name", "t030.EXAMPLE"), tenant -> tenant.found("t030.example"));
        assertFiltered(page, Map.of("name", "acme"), tenant -> tenant.found("acme"));
        assertFiltered(page, Map.of("status", LatestPosture.NOT_SCANNED), tenant -> tenant.scannedAt() == null);
        assertFiltered(page, Map.of("passRate", "poor"), tenant -> tenant.band().equals("poor"));
        assertFiltered(page, Map.of("passRate", "unknown"), tenant -> tenant.band().equals("unknown"));
        assertFiltered(page, Map.of("failing", check), tenant -> tenant.fails(check));
        assertFiltered(page, Map.of("scannedAt", "3"), tenant -> tenant.scannedAt() != null
                && tenant.scannedAt().isBefore(NOW.minus(Duration.ofDays(3))));
        assertFiltered(page, Map.of("failing", check, "passRate", "fair"), tenant -> tenant.fails(check)
                && tenant.band().equals("fair"));
        assertEquals(0, page.getTable().count(filters(Map.of("name", "no such tenant"))));
    }

    @Test
    void theSummariesAndTheWidgetCountTheVisibleTenantsByBandAverageAndFailingCheck() {
        seed(50, 5, i -> i % 3 == 0);
        SecureFleet page = fleetPage();
        List<Seeded> visible = visible();

        Fleet.Summary summary = page.getSummary();
        assertEquals(17, summary.tenants());
        Map<String, Long> bands = new LinkedHashMap<>();
        for (String band : List.of("good", "fair", "poor", "unknown")) {
            bands.put(band, visible.stream().filter(tenant -> tenant.band().equals(band)).count());
        }
        assertEquals(bands, summary.bands());
        assertEquals(visible.stream().filter(tenant -> tenant.passRate() != null).mapToInt(Seeded::passRate)
                .average().orElseThrow(), summary.averagePassRate().orElseThrow(), 1e-9);
        assertEquals(visible.stream().filter(tenant -> tenant.scannedAt() != null && tenant.score() != null)
                .mapToInt(Seeded::score).average().orElseThrow(), summary.averageSecureScore().orElseThrow(), 1e-9);
        assertEquals(Math.round(summary.averagePassRate().orElseThrow()) + " %",
                page.percent(summary.averagePassRate()));

        SecureDashboard widget = TestHost.with(person, listless, memory).fill(new SecureDashboard());
        assertEquals(bands, widget.getBands());
        List<Fleet.FailingCheck> top = widget.getTopFailing();
        assertEquals(5, top.size());
        assertEquals(CHECKS.get(0).id(), top.get(0).checkId(), "every tenant failing any check fails the first");
        for (Fleet.FailingCheck failing : top) {
            assertEquals(visible.stream().filter(tenant -> tenant.fails(failing.checkId())).count(),
                    failing.tenants(), failing.checkId());
        }

        String trend = page.getTrend();
        jakarta.json.JsonArray passRates = jakarta.json.Json.createReader(new java.io.StringReader(trend))
                .readObject().getJsonObject("data").getJsonArray("datasets").getJsonObject(0).getJsonArray("data");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int ago = 0; ago < 5; ago++) {
            LocalDate day = today.minusDays(ago);
            // Each tenant's last scan of the day: its scan, or the one of the day before that passed every check
            java.util.OptionalDouble expected = visible.stream().filter(tenant -> tenant.scannedAt() != null)
                    .flatMap(tenant -> LocalDate.ofInstant(tenant.scannedAt(), ZoneOffset.UTC).equals(day)
                            ? java.util.stream.Stream.of(tenant.passRate())
                            : tenant.rescanned() && LocalDate.ofInstant(tenant.scannedAt(), ZoneOffset.UTC)
                                    .minusDays(1).equals(day) ? java.util.stream.Stream.of(100)
                                    : java.util.stream.Stream.<Integer>empty())
                    .mapToInt(Integer::intValue).average();
            jakarta.json.JsonValue shown = passRates.get(29 - ago);
            if (expected.isPresent()) {
                assertEquals(Math.round(expected.getAsDouble() * 10) / 10.0,
                        ((jakarta.json.JsonNumber) shown).doubleValue(), 1e-9, day.toString());
            } else {
                assertEquals(jakarta.json.JsonValue.NULL, shown, day + ": no tenant scanned, a gap");
            }
        }
    }

    @Test
    void noPageListsEveryTenantAndAViewAsksTheSameOfTheRecordsFor500TenantsAsFor5() {
        long small = statementsPerView(5);
        long large = statementsPerView(500);
        assertEquals(small, large, "records asked per view: 5 tenants " + small + ", 500 tenants " + large);
        assertTrue(large <= 12, large + " record calls per view");
    }

    private long statementsPerView(int count) {
        SecureFleetTest fixture = new SecureFleetTest();
        fixture.seed(count, 0, i -> i % 2 == 0);
        CountingRecords counted = new CountingRecords(fixture.memory);
        SecureFleet page = fixture.fleetPage(counted);
        SecureDashboard widget = TestHost.with(fixture.person, fixture.listless, counted).fill(new SecureDashboard());

        int total = page.getTable().count(Map.of());
        assertEquals((count + 1) / 2, total);
        assertEquals(Math.min(25, total), page.getTable().load(0, 25, Map.of(), Map.of()).size());
        page.getSummary();
        page.getTrend();
        widget.getBands();
        widget.getTopFailing();
        return counted.calls.get();
    }

    @Test
    void scanAllScansTheTenantsThePersonSeesAndNoOther() {
        seed(12, 0, i -> i < 4);
        SecureFleet page = fleetPage();
        page.scanAll();
        PluginRecords records = memory;
        assertEquals(4, page.getScan().orElseThrow().total());
        for (Seeded tenant : seeded) {
            LatestPosture latest = new PostureStore(records).latestPosture(tenant.id()).orElseThrow();
            assertEquals(tenant.id().compareTo("tenant-004") < 0 ? LatestPosture.ERROR : LatestPosture.OK,
                    latest.status(), tenant.id() + ": scanned again only if visible (Graph is offline here)");
        }
    }

    @Test
    void anExceptionGrantedShowsInTheFleetAtOnce() {
        seed(10, 0, i -> true);
        SecureFleet page = fleetPage();
        String first = CHECKS.get(0).id();
        assertEquals(9, page.getTable().count(filters(Map.of("failing", first))), "all but tenant 0");

        new PostureExceptions(new PostureStore(memory, listless), new MemoryAudit(), Clock.systemUTC())
                .grant("tenant-003", first, "Megan Bowen", "Break-glass review", LocalDate.now(ZoneOffset.UTC)
                        .plusDays(30), person.userPrincipalName());

        assertEquals(8, page.getTable().count(filters(Map.of("failing", first))));
        Fleet.TenantRow row = page.getTable().load(0, 10, Map.of(), filters(Map.of("name", "t003.example"))).get(0);
        assertEquals("ACCEPTED", row.cell(first));
        assertEquals(2, row.failing());
        assertEquals(1, row.accepted());
    }

    @Test
    void theIndexJobWritesTheLatestPostureOfScansStoredBeforeAndOfTenantsNeverScanned() throws Exception {
        tenants.add("old-id", "Old Scans Ltd", "old.example");
        tenants.add("new-id", "New Tenant Ltd", "new.example");
        Seeded old = new Seeded("old-id", "Old Scans Ltd", "old.example", 3, 40, NOW.minus(Duration.ofDays(2)),
                false);
        var json = JsonbBuilder.create();
        // As version 1.0 stored them: scans only
        memory.put("old-id", "scan", "0000000000000000001", json.toJson(scan(new Seeded("old-id", "", "", 0, 90,
                NOW.minus(Duration.ofDays(3)), false))));
        memory.put("old-id", "scan", "0000000000000000002", json.toJson(scan(old)));
        person.holding(SecureIds.VIEW);
        memory.seenThrough(listless, person);
        SecureFleet page = fleetPage();
        assertEquals(0, page.getTable().count(Map.of()), "nothing to list before the index job ran");

        SecureIndexJob job = TestHost.with(memory, listless).fill(new SecureIndexJob());
        assertEquals("secure.index", job.id());
        List<String> said = new ArrayList<>();
        job.run("old-id", progress(said));
        job.run("new-id", progress(said));
        assertEquals("Latest posture written from the stored scans", said.get(1));
        assertEquals("Latest posture written", said.get(3));

        List<Fleet.TenantRow> rows = page.getTable().load(0, 10, Map.of(), Map.of());
        assertEquals(List.of("old-id", "new-id"), ids(rows));
        assertEquals(old.passRate(), rows.get(0).passRate(), "from the newest stored scan");
        assertEquals(LatestPosture.NOT_SCANNED, rows.get(1).status());
        assertEquals(2, new PostureStore(memory).days("old-id", 31).size(), "its trend kept its days");

        job.run("old-id", progress(said));
        assertEquals("Latest posture up to date", said.get(said.size() - 1));
        tenants.add("old-id", "Old Scans Group", "old.example");
        job.run("old-id", progress(said));
        assertEquals("Latest posture written again with the tenant's new name", said.get(said.size() - 1));
        assertEquals(1, page.getTable().count(filters(Map.of("name", "scans group"))));
    }

    @Test
    void aPersonWhoMaySeeNoTenantSeesAnEmptyFleet() {
        seed(10, 0, i -> false);
        SecureFleet page = fleetPage();
        assertEquals(0, page.getTable().count(Map.of()));
        assertEquals(List.of(), page.getTable().load(0, 25, Map.of(), Map.of()));
        assertEquals(0, page.getSummary().tenants());
        assertTrue(page.getSummary().averagePassRate().isEmpty());
        assertTrue(new PostureStore(memory).latestPosture("tenant-001").isPresent(), "stored all the same");
    }

    private void assertFiltered(SecureFleet page, Map<String, String> filter, Predicate<Seeded> expected) {
        List<String> wanted = visible().stream().filter(expected).map(Seeded::id).sorted().toList();
        assertEquals(wanted.size(), page.getTable().count(filters(filter)), filter.toString());
        assertEquals(wanted, ids(page.getTable().load(0, 50, Map.of(), filters(filter))).stream().sorted().toList(),
                filter.toString());
    }

    private String name(String id) {
        return seeded.stream().filter(tenant -> tenant.id().equals(id)).findFirst().orElseThrow().name();
    }

    private static List<String> ids(List<Fleet.TenantRow> rows) {
        return rows.stream().map(Fleet.TenantRow::tenantId).toList();
    }

    private static Map<String, SortMeta> sort(String field, SortOrder order) {
        return Map.of(field, SortMeta.builder().field(field).order(order).build());
    }

    private static Map<String, FilterMeta> filters(Map<String, String> values) {
        Map<String, FilterMeta> filters = new LinkedHashMap<>();
        values.forEach((field, value) -> filters.put(field, FilterMeta.builder().field(field).filterValue(value)
                .build()));
        return filters;
    }

    private static JobProgress progress(List<String> said) {
        return new JobProgress() {
            @Override
            public void report(int done, int total, String message) {
                said.add(message);
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
    }

    /** Microsoft Graph out of reach: every read fails, so a scan completes with its checks in ERROR. */
    private static GraphAccess offline() {
        return new GraphAccess() {
            @Override
            public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) {
                throw new IllegalStateException("offline");
            }

            @Override
            public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                    Map<String, Object> parameters) {
                throw new IllegalStateException("offline");
            }

            @Override
            public dev.tenantry.plugin.api.ConsentStatus consent(String tenantId, String scopeSetId) {
                throw new IllegalStateException("offline");
            }
        };
    }

    /** The tenants the plugin works in, for pages that must never list them all. */
    private static final class ListlessTenants implements PluginTenants {

        private final MemoryTenants tenants;

        ListlessTenants(MemoryTenants tenants) {
            this.tenants = tenants;
        }

        @Override
        public List<Tenant> all() {
            throw new AssertionError("A page listed every tenant the plugin works in");
        }

        @Override
        public Optional<Tenant> find(String tenantId) {
            return tenants.find(tenantId);
        }

        @Override
        public List<Tenant> search(String text, int first, int max) {
            return tenants.search(text, first, max);
        }

        @Override
        public long count(String text) {
            return tenants.count(text);
        }

        @Override
        public Map<String, Tenant> named(Collection<String> tenantIds) {
            return tenants.named(tenantIds);
        }
    }

    /** Records that count what is asked of them: each call is one statement on the host. */
    private static final class CountingRecords implements PluginRecords {

        private final MemoryRecords records;
        private final AtomicInteger calls = new AtomicInteger();

        CountingRecords(MemoryRecords records) {
            this.records = records;
        }

        @Override
        public void put(String tenantId, String kind, String key, String json) {
            calls.incrementAndGet();
            records.put(tenantId, kind, key, json);
        }

        @Override
        public Optional<String> get(String tenantId, String kind, String key) {
            calls.incrementAndGet();
            return records.get(tenantId, kind, key);
        }

        @Override
        public List<Entry> list(String tenantId, String kind, int first, int max) {
            calls.incrementAndGet();
            return records.list(tenantId, kind, first, max);
        }

        @Override
        public long count(String tenantId, String kind) {
            calls.incrementAndGet();
            return records.count(tenantId, kind);
        }

        @Override
        public boolean delete(String tenantId, String kind, String key) {
            calls.incrementAndGet();
            return records.delete(tenantId, kind, key);
        }

        @Override
        public Optional<Versioned> getVersioned(String tenantId, String kind, String key) {
            calls.incrementAndGet();
            return records.getVersioned(tenantId, kind, key);
        }

        @Override
        public void put(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields) {
            calls.incrementAndGet();
            records.put(tenantId, kind, key, json, fields);
        }

        @Override
        public List<Found> query(RecordQuery query, int first, int max) {
            calls.incrementAndGet();
            return records.query(query, first, max);
        }

        @Override
        public long count(RecordQuery query) {
            calls.incrementAndGet();
            return records.count(query);
        }

        @Override
        public Map<Object, Long> countBy(RecordQuery query, String field) {
            calls.incrementAndGet();
            return records.countBy(query, field);
        }
    }
}
