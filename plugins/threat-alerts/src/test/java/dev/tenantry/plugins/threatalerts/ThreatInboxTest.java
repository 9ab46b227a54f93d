package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySecrets;
import dev.tenantry.plugin.testkit.MemoryWork;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.threatalerts.alerts.Alert;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.RiskyUser;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The inbox, its counts, chart and users at risk over a fleet: what a person sees is exactly the incidents of the
 * tenants they may see, filtered, ordered, paged and counted by the records' queries (as the host's database does),
 * and a view never reads the list of every tenant nor takes more statements for 500 tenants than for 5.
 */
class ThreatInboxTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final int TENANTS = 50;
    /** The analyst sees the first ten tenants. */
    private static final int SEEN = 10;

    private final FleetTenants fleet = FleetTenants.of(TENANTS);
    private final MemoryRecords memory = new MemoryRecords();
    private final CountingRecords records = new CountingRecords(memory);
    private final ThreatStore store = new ThreatStore(memory);
    private final List<Incident> incidents = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();

    private MemoryPortalUser analyst() {
        MemoryPortalUser analyst = new MemoryPortalUser("jo@northwind-msp.example", "Jo");
        IntStream.range(0, SEEN).forEach(i -> analyst.holding(ThreatIds.VIEW, FleetTenants.id(i)));
        return analyst;
    }

    private ThreatInbox inbox(MemoryPortalUser user) {
        memory.seenThrough(fleet, user);
        return TestHost.with(user, fleet, records, noMicrosoft(), new MemoryWork(ThreatIds.PLUGIN,
                user.userPrincipalName(), fleet), new MemoryNotifications(), new MemorySecrets(), new MemoryClaims())
                .fill(new ThreatInbox());
    }

    /** Six incidents a tenant (four open), two detections each, three risky users, a failed poll in every third. */
    private void fleetOfIncidents() {
        for (int i = 0; i < TENANTS; i++) {
            String tenant = FleetTenants.id(i);
            for (int j = 0; j < 6; j++) {
                Incident.State state = j % 3 == 0 ? Incident.State.RESOLVED : j % 2 == 0 ? Incident.State.ACKNOWLEDGED
                        : Incident.State.NEW;
                List<String> types = j == 5 ? List.of("impossibleTravel", "passwordSpray")
                        : j % 2 == 0 ? List.of("unfamiliarFeatures") : List.of("mcasImpossibleTravel");
                Severity severity = Severity.values()[(i + j) % 4];
                String id = "i" + i + "-" + j;
                List<String> alertIds = new ArrayList<>();
                for (int a = 0; a < 2; a++) {
                    Instant detected = NOW.minus(Duration.ofDays((i + j + a) % 20)).minus(Duration.ofMinutes(i));
                    Alert alert = new Alert(id + "-a" + a, tenant, "u" + j, "user" + j + "@tenant" + i + ".example",
                            "User " + j, types.get(a % types.size()), "high", severity, "signin", "198.51.100." + j,
                            "", detected, detected, id);
                    store.putAlert(alert);
                    alerts.add(alert);
                    alertIds.add(alert.id());
                }
                Incident incident = new Incident(id, tenant, "u" + j, "user" + j + "@tenant" + i + ".example",
                        "User " + j, severity, state, "", alertIds, types, NOW.minus(Duration.ofDays(30)),
                        NOW.minus(Duration.ofHours(i * 6L + j)), NOW, List.of());
                store.putIncident(incident);
                incidents.add(incident);
            }
            for (int k = 0; k < 3; k++) {
                store.putRiskyUser(new RiskyUser("u" + k, tenant, "user" + k + "@tenant" + i + ".example", "User " + k,
                        List.of("high", "medium", "low").get(k), k < 2 ? "atRisk" : "remediated", "none",
                        NOW.minus(Duration.ofMinutes(i * 3L + k)), NOW));
            }
            store.putPollStatus(tenant, new ThreatStore.PollStatus(NOW.minus(Duration.ofMinutes(i)), i % 3 == 0
                    ? ThreatStore.PollStatus.Outcome.FAILED : ThreatStore.PollStatus.Outcome.OK, "poll " + i, 0));
        }
    }

    /** The incidents of the first {@code seen} tenants that {@code matches}, in the inbox's order. */
    private List<String> expected(int seen, Predicate<Incident> matches) {
        Set<String> visible = new HashSet<>();
        IntStream.range(0, seen).forEach(i -> visible.add(FleetTenants.id(i)));
        return incidents.stream().filter(incident -> visible.contains(incident.tenantId())).filter(matches)
                .sorted(Comparator.comparing((Incident incident) -> !incident.open())
                        .thenComparing(Incident::severity, Comparator.reverseOrder())
                        .thenComparing(Incident::lastDetectedAt, Comparator.reverseOrder()))
                .map(Incident::id).toList();
    }

    /** Every page of the inbox, {@code size} at a time, as its table loads them. */
    private static List<String> paged(ThreatInbox inbox, int size) {
        List<String> shown = new ArrayList<>();
        int total = inbox.getTable().count(Map.of());
        for (int first = 0; first < total; first += size) {
            List<ThreatInbox.Row> page = inbox.getTable().load(first, size, Map.of(), Map.of());
            assertTrue(page.size() <= size);
            page.forEach(row -> shown.add(row.incident().id()));
        }
        return shown;
    }

    @Test
    void theInboxShowsExactlyTheOpenIncidentsOfTheTenantsThePersonSeesPagedAndCountedExactly() {
        fleetOfIncidents();
        ThreatInbox inbox = inbox(analyst());

        List<String> open = expected(SEEN, Incident::open);
        assertEquals(SEEN * 4, open.size());
        assertEquals(open.size(), inbox.getTable().count(Map.of()), "counted exactly");
        assertEquals(open, paged(inbox, 7), "open first, most severe, latest detected; pages never overlap");

        List<ThreatInbox.Row> first = inbox.getTable().load(0, 3, Map.of(), Map.of());
        assertEquals(3, first.size());
        first.forEach(row -> assertEquals("Tenant " + row.incident().tenantId().substring(1), row.tenantName(),
                "each row names its tenant"));
        assertEquals(2, first.get(0).incident().alertCount());
    }

    @Test
    void filtersAreConditionsOfTheQuery() {
        fleetOfIncidents();
        ThreatInbox inbox = inbox(analyst());

        inbox.setStateFilter("");
        assertEquals(expected(SEEN, any -> true), paged(inbox, 25), "every state");
        inbox.setStateFilter("RESOLVED");
        assertEquals(expected(SEEN, incident -> incident.state() == Incident.State.RESOLVED), paged(inbox, 25));
        inbox.setStateFilter("open");
        inbox.setSeverityFilter("CRITICAL");
        assertEquals(expected(SEEN, incident -> incident.open() && incident.severity() == Severity.CRITICAL),
                paged(inbox, 25));
        inbox.setSeverityFilter("");

        inbox.setTypeFilter("impossibleTravel");
        List<String> impossible = expected(SEEN, incident -> incident.open()
                && incident.riskEventTypes().contains("impossibleTravel"));
        assertEquals(SEEN, impossible.size());
        assertEquals(impossible, paged(inbox, 25), "a type, not a type whose name contains it");
        inbox.setTypeFilter("mcasImpossibleTravel");
        assertEquals(expected(SEEN, incident -> incident.open()
                && incident.riskEventTypes().contains("mcasImpossibleTravel")), paged(inbox, 25));
        inbox.setTypeFilter("");

        inbox.setUserFilter("USER 4");
        assertEquals(expected(SEEN, incident -> incident.open() && incident.userDisplayName().equals("User 4")),
                paged(inbox, 25), "the display name, whatever the case");
        inbox.setUserFilter("user2@tenant3.");
        assertEquals(List.of("i3-2"), paged(inbox, 25), "the principal name");
        inbox.setUserFilter("");

        inbox.setTenantFilter(FleetTenants.id(3));
        assertEquals(expected(SEEN, incident -> incident.open() && incident.tenantId().equals(FleetTenants.id(3))),
                paged(inbox, 25));
        inbox.setTenantFilter(FleetTenants.id(20));
        assertEquals(0, inbox.getTable().count(Map.of()), "a tenant they may not see shows nothing");
        assertEquals(List.of(), inbox.getTable().load(0, 25, Map.of(), Map.of()));
    }

    @Test
    void noIncidentIsLeftOutOfTheCountsHoweverManyATenantHas() {
        for (int n = 0; n < 620; n++) {
            Instant at = NOW.minus(Duration.ofMinutes(n));
            store.putIncident(new Incident("busy-" + n, FleetTenants.id(1), "u" + n, "u" + n + "@t.example", "U " + n,
                    Severity.MEDIUM, Incident.State.NEW, "", List.of(), List.of("unfamiliarFeatures"), at, at, at,
                    List.of()));
        }
        ThreatInbox inbox = inbox(analyst());
        assertEquals(620, inbox.getTable().count(Map.of()), "no cap of 500 a tenant");
        assertEquals(620, paged(inbox, 100).stream().distinct().count());
        ThreatDashboard dashboard = TestHost.with(records).fill(new ThreatDashboard());
        assertEquals(620L, dashboard.getOpen().get("MEDIUM"));
    }

    @Test
    void theChartCountsTheDetectionsOfTheVisibleTenantsPerDayAndSeverity() {
        fleetOfIncidents();
        ThreatInbox inbox = inbox(analyst());

        assertEquals(chartExpected(alert -> true), chart(inbox.getChart()));
        inbox.setTenantFilter(FleetTenants.id(2));
        assertEquals(chartExpected(alert -> alert.tenantId().equals(FleetTenants.id(2))), chart(inbox.getChart()));
        inbox.setTenantFilter("");
        inbox.setTypeFilter("passwordSpray");
        Map<String, Long> spray = chartExpected(alert -> alert.riskEventType().equals("passwordSpray"));
        assertFalse(spray.isEmpty());
        assertEquals(spray, chart(inbox.getChart()));
    }

    /** Severity|day → count of the analyst's detections in the chart's two weeks. */
    private Map<String, Long> chartExpected(Predicate<Alert> matches) {
        LocalDate from = LocalDate.now(ZoneOffset.UTC).minusDays(ThreatInbox.CHART_DAYS - 1);
        Map<String, Long> counts = new HashMap<>();
        alerts.stream().filter(alert -> Integer.parseInt(alert.tenantId().substring(1)) < SEEN).filter(matches)
                .filter(alert -> !LocalDate.ofInstant(alert.detectedAt(), ZoneOffset.UTC).isBefore(from))
                .forEach(alert -> counts.merge(alert.severity() + "|" + LocalDate.ofInstant(alert.detectedAt(),
                        ZoneOffset.UTC), 1L, Long::sum));
        return counts;
    }

    private static Map<String, Long> chart(String json) {
        JsonObject chart = Json.createReader(new StringReader(json)).readObject();
        JsonArray labels = chart.getJsonObject("data").getJsonArray("labels");
        assertEquals(ThreatInbox.CHART_DAYS, labels.size());
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), labels.getString(labels.size() - 1));
        Map<String, Long> counts = new HashMap<>();
        for (JsonObject dataset : chart.getJsonObject("data").getJsonArray("datasets")
                .getValuesAs(JsonObject.class)) {
            JsonArray data = dataset.getJsonArray("data");
            for (int day = 0; day < labels.size(); day++) {
                if (data.getJsonNumber(day).longValue() > 0) {
                    counts.put(dataset.getString("label") + "|" + labels.getString(day),
                            data.getJsonNumber(day).longValue());
                }
            }
        }
        return counts;
    }

    @Test
    void theBannerNamesTheFirstTenTenantsWhosePollFailedAndCountsTheRest() {
        fleetOfIncidents();
        ThreatInbox analysts = inbox(analyst());
        assertEquals(List.of("Tenant 000", "Tenant 003", "Tenant 006", "Tenant 009"), analysts.getPollProblems()
                .stream().map(ThreatInbox.TenantPoll::tenantName).sorted().toList());
        assertEquals(0, analysts.getMorePollProblems());

        ThreatInbox owners = inbox(new MemoryPortalUser("alex@northwind-msp.example", "Alex")
                .holding(ThreatIds.VIEW));
        List<ThreatInbox.TenantPoll> shown = owners.getPollProblems();
        assertEquals(ThreatInbox.POLL_PROBLEMS_SHOWN, shown.size());
        assertEquals("Tenant 000", shown.get(0).tenantName(), "the latest first");
        assertEquals(17 - ThreatInbox.POLL_PROBLEMS_SHOWN, owners.getMorePollProblems(), "and 7 more");
    }

    @Test
    void usersAtRiskArePagedHighestRiskFirstWithTheirOpenIncident() {
        fleetOfIncidents();
        ThreatInbox inbox = inbox(analyst());

        assertEquals(SEEN * 2, inbox.getUsersAtRisk().count(Map.of()), "at risk now, in the tenants they see");
        List<ThreatInbox.AtRisk> shown = new ArrayList<>();
        for (int first = 0; first < SEEN * 2; first += 6) {
            shown.addAll(inbox.getUsersAtRisk().load(first, 6, Map.of(), Map.of()));
        }
        assertEquals(SEEN * 2, shown.stream().map(row -> row.user().tenantId() + row.user().id()).distinct().count());
        assertTrue(shown.subList(0, SEEN).stream().allMatch(row -> row.user().riskLevel().equals("high")));
        assertTrue(shown.stream().allMatch(row -> Integer.parseInt(row.user().tenantId().substring(1)) < SEEN));
        ThreatInbox.AtRisk second = shown.stream().filter(row -> row.user().id().equals("u1")
                && row.user().tenantId().equals(FleetTenants.id(4))).findFirst().orElseThrow();
        assertEquals("i4-1", second.incidentId(), "user 1's incident is open");
        assertEquals("Tenant 004", second.tenantName());
        assertEquals("", shown.stream().filter(row -> row.user().id().equals("u0")).findFirst().orElseThrow()
                .incidentId(), "user 0's incident is resolved");
    }

    @Test
    void theDashboardCountsOpenIncidentsBySeverityInTheVisibleTenants() {
        fleetOfIncidents();
        MemoryPortalUser analyst = analyst();
        memory.seenThrough(fleet, analyst);
        ThreatDashboard dashboard = TestHost.with(analyst, fleet, records).fill(new ThreatDashboard());
        Map<String, Long> expected = new HashMap<>();
        for (Severity severity : Severity.values()) {
            expected.put(severity.name(), (long) expected(SEEN, incident -> incident.open()
                    && incident.severity() == severity).size());
        }
        assertEquals(expected, dashboard.getOpen());
        assertEquals(List.of("CRITICAL", "HIGH", "MEDIUM", "LOW"), dashboard.getSeverities());
    }

    @Test
    void theTenantFilterOffersOnlyTenantsThePersonSeesFoundBySearching() {
        ThreatInbox inbox = inbox(analyst());
        assertEquals(List.of(FleetTenants.id(1)), inbox.completeTenant("tenant 001"));
        assertEquals(List.of(), inbox.completeTenant("tenant 04"), "tenants 040 … 049 are not theirs");
        List<String> offered = inbox.completeTenant("tenant");
        assertEquals(SEEN, offered.size());
        assertEquals("Tenant 007", inbox.tenantName(FleetTenants.id(7)));
        assertEquals("", inbox.tenantName(""));
    }

    @Test
    void pollNowPollsTheTenantsThePersonSeesWithoutReadingTheListOfEveryTenant() {
        ThreatInbox inbox = inbox(analyst());
        inbox.pollNow();
        Set<String> polled = new HashSet<>();
        for (int i = 0; i < TENANTS; i++) {
            if (store.pollStatus(FleetTenants.id(i)).isPresent()) {
                polled.add(FleetTenants.id(i));
            }
        }
        Set<String> seen = new HashSet<>();
        IntStream.range(0, SEEN).forEach(i -> seen.add(FleetTenants.id(i)));
        assertEquals(seen, polled);
    }

    @Test
    void aViewTakesTheSameStatementsForFiveHundredTenantsAsForFive() {
        int five = statementsOfOneView(5);
        int fiveHundred = statementsOfOneView(500);
        assertTrue(fiveHundred <= five * 1.2, five + " statements for 5 tenants, " + fiveHundred + " for 500");
    }

    /** The reads of the records and of the tenants one drawing of the inbox and the dashboard makes. */
    private static int statementsOfOneView(int size) {
        FleetTenants fleet = FleetTenants.of(size);
        MemoryRecords memory = new MemoryRecords();
        ThreatStore store = new ThreatStore(memory);
        MemoryPortalUser user = new MemoryPortalUser("jo@northwind-msp.example", "Jo");
        for (int i = 0; i < size; i++) {
            String tenant = FleetTenants.id(i);
            if (i % 2 == 0) {
                user.holding(ThreatIds.VIEW, tenant);
            }
            for (int j = 0; j < 2; j++) {
                Instant at = NOW.minus(Duration.ofHours(i + j));
                Alert alert = new Alert("a" + j, tenant, "u" + j, "u" + j + "@t.example", "U", "passwordSpray", "high",
                        Severity.HIGH, "signin", "", "", at, at, "i" + j);
                store.putAlert(alert);
                store.putIncident(new Incident("i" + j, tenant, "u" + j, "u" + j + "@t.example", "U", Severity.HIGH,
                        Incident.State.NEW, "", List.of(alert.id()), List.of("passwordSpray"), at, at, at, List.of()));
                store.putRiskyUser(new RiskyUser("u" + j, tenant, "u" + j + "@t.example", "U", "high", "atRisk", "",
                        at, at));
            }
            store.putPollStatus(tenant, new ThreatStore.PollStatus(NOW, ThreatStore.PollStatus.Outcome.FAILED, "", 0));
        }
        memory.seenThrough(fleet, user);
        CountingRecords records = new CountingRecords(memory);
        ThreatInbox inbox = TestHost.with(user, fleet, records, noMicrosoft(), new MemoryWork(ThreatIds.PLUGIN,
                user.userPrincipalName(), fleet), new MemoryNotifications(), new MemorySecrets(), new MemoryClaims())
                .fill(new ThreatInbox());
        ThreatDashboard dashboard = TestHost.with(records).fill(new ThreatDashboard());

        inbox.getPollProblems();
        inbox.getMorePollProblems();
        inbox.getTable().count(Map.of());
        inbox.getTable().load(0, 25, Map.of(), Map.of());
        inbox.getUsersAtRisk().count(Map.of());
        inbox.getUsersAtRisk().load(0, 10, Map.of(), Map.of());
        inbox.getTypes();
        inbox.getChart();
        inbox.isMayRoute();
        inbox.getSavedFilters();
        dashboard.getOpen();
        return records.reads.get() + fleet.calls.get();
    }

    /** Graph access in a test with no Microsoft: every call fails as an unreachable service would. */
    private static GraphAccess noMicrosoft() {
        return new GraphAccess() {
            @Override
            public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) {
                throw new IllegalStateException("No Microsoft Graph in this test");
            }

            @Override
            public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                    Map<String, Object> parameters) {
                throw new IllegalStateException("No Exchange Online in this test");
            }

            @Override
            public ConsentStatus consent(String tenantId, String scopeSetId) {
                throw new IllegalStateException("No consent in this test");
            }
        };
    }
}
