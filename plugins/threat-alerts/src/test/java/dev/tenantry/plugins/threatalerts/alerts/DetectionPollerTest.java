package dev.tenantry.plugins.threatalerts.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MovingClock;
import dev.tenantry.plugins.threatalerts.ThreatIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polling risk detections against the emulator, which serves Identity Protection like Microsoft Graph (paging,
 * {@code $filter} on the detection time, Entra ID P2 only, its throttling): new detections become alerts once, across
 * polls and restarts, correlated into one incident per user at risk.
 */
@EmulatorTest
class DetectionPollerTest {

    private static final String CONTOSO = "contoso.example";
    private static final List<String> DETECTION_PERMISSIONS = List.of("IdentityRiskEvent.Read.All",
            "IdentityRiskyUser.Read.All", "LicenseAssignment.Read.All");

    M365Emulator emulator;
    EmulatorGraphAccess graph;
    MemoryRecords records;
    final MemoryClaims claims = new MemoryClaims();
    Tenant contoso;
    final List<Incident> routed = new ArrayList<>();

    @BeforeEach
    void grant(M365Emulator emulator) throws Exception {
        this.emulator = emulator;
        graph = EmulatorGraphAccess.register(emulator).grant(ThreatIds.DETECTION_SCOPES, CONTOSO,
                "megan.bowen@contoso.example", false, DETECTION_PERMISSIONS);
        records = new MemoryRecords();
        contoso = emulator.tenant(CONTOSO);
        routed.clear();
    }

    private DetectionPoller poller() {
        return new DetectionPoller(graph, claims, new ThreatStore(records), Clock.systemUTC(), routed::add);
    }

    /** The Graph round trips the emulator answered (a {@code $batch} is one), and the requests inside batches. */
    private int roundTrips() {
        return emulator.requestLog().matching(entry -> entry.kind().equals("graph")).size();
    }

    private List<String> batched() {
        return emulator.requestLog().matching(entry -> entry.kind().equals("graph-batch")).stream()
                .map(entry -> entry.path().replace("/v1.0", "")).sorted().toList();
    }

    private void inject(String upn, String type, String level) {
        emulator.directory().injectRiskDetection(contoso, Json.object().put("userPrincipalName", upn)
                .put("riskEventType", type).put("riskLevel", level));
    }

    @Test
    void twoPollsOfOneTenantAtOnceNeverOpenTwoIncidentsForOneUser() throws Exception {
        // Each poll waits at its first call to Microsoft until the other one got there too (or two seconds passed):
        // without claims both would read the same detections before either took them in
        java.util.concurrent.CyclicBarrier bothReading = new java.util.concurrent.CyclicBarrier(2);
        java.util.Set<Thread> waited = java.util.concurrent.ConcurrentHashMap.newKeySet();
        dev.tenantry.plugin.api.GraphAccess meeting = new dev.tenantry.plugin.api.GraphAccess() {
            @Override
            public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception {
                if (waited.add(Thread.currentThread())) {
                    try {
                        bothReading.await(2, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.BrokenBarrierException e) {
                        // the other poll did not come: it was told the tenant is being polled
                    }
                }
                return graph.call(tenantId, scopeSetId, call);
            }

            @Override
            public List<java.util.Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                    java.util.Map<String, Object> parameters) throws Exception {
                return graph.exchange(tenantId, scopeSetId, cmdlet, parameters);
            }

            @Override
            public dev.tenantry.plugin.api.ConsentStatus consent(String tenantId, String scopeSetId) {
                return graph.consent(tenantId, scopeSetId);
            }
        };
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<ThreatStore.PollStatus>> polls = two.invokeAll(List.of(
                    () -> new DetectionPoller(meeting, claims, new ThreatStore(records), Clock.systemUTC(),
                            routed::add).poll(contoso.id()),
                    () -> new DetectionPoller(meeting, claims, new ThreatStore(records), Clock.systemUTC(),
                            routed::add).poll(contoso.id())));
            List<String> messages = new ArrayList<>();
            int alerts = 0;
            for (java.util.concurrent.Future<ThreatStore.PollStatus> poll : polls) {
                messages.add(poll.get().message());
                alerts += poll.get().newAlerts();
            }
            assertEquals(2, alerts, "Isaiah's two detections, taken in once: " + messages);
            assertTrue(messages.stream().anyMatch(message -> message.startsWith("Already being polled")), messages
                    .toString());
        } finally {
            two.shutdownNow();
        }
        List<Incident> incidents = new ThreatStore(records).incidents(contoso.id(), 0, 50);
        assertEquals(1, incidents.size(), "one user, one incident: " + incidents);
        assertEquals(2, incidents.get(0).alertIds().size());
        assertTrue(!claims.held(contoso.id(), "poll"), "the claim is given back");
    }

    @Test
    void aPollIsOneRoundTripAndReadsTheSubscriptionsOnlyOnceADay() throws Exception {
        MovingClock clock = new MovingClock();
        DetectionPoller poller = new DetectionPoller(graph, claims, new ThreatStore(records), clock, routed::add);
        emulator.requestLog().clear();

        assertEquals(2, poller.poll(contoso.id()).newAlerts());
        assertEquals(1, roundTrips(), "one $batch");
        assertEquals(List.of("/identityProtection/riskDetections", "/identityProtection/riskyUsers",
                "/subscribedSkus"), batched());

        emulator.requestLog().clear();
        assertEquals(ThreatStore.PollStatus.Outcome.OK, poller.poll(contoso.id()).outcome());
        assertEquals(1, roundTrips());
        assertEquals(List.of("/identityProtection/riskDetections", "/identityProtection/riskyUsers"), batched(),
                "the subscriptions read an hour ago are not read again");
        assertTrue(emulator.requestLog().matching(entry -> entry.query() != null
                && entry.query().contains("top=" + DetectionPoller.PAGE)).size() == 2, "Identity Protection's "
                + "largest page: " + emulator.requestLog().entries());

        clock.advance(DetectionPoller.LICENCE_KEPT.plusMinutes(1));
        emulator.requestLog().clear();
        poller.poll(contoso.id());
        assertEquals(1, roundTrips());
        assertTrue(batched().contains("/subscribedSkus"), "a day later, read again in the same batch");
    }

    @Test
    void aTenantThatLostEntraIdP2SinceItsSubscriptionsWereReadIsNotLicensedAtItsNextPoll() throws Exception {
        assertEquals(ThreatStore.PollStatus.Outcome.OK, poller().poll(contoso.id()).outcome());
        emulator.directory().putCollection(contoso, "/subscribedSkus", Json.array().add(Json.object()
                .put("skuId", "05e9a617-0261-4cee-bb44-138d3ef5d965").put("skuPartNumber", "SPE_E3")
                .put("capabilityStatus", "Enabled")));
        emulator.requestLog().clear();

        ThreatStore.PollStatus lost = poller().poll(contoso.id());

        assertEquals(ThreatStore.PollStatus.Outcome.NOT_LICENSED, lost.outcome(), lost.message());
        assertEquals(2, roundTrips(), "the batch Identity Protection refused, then the subscriptions");
        emulator.requestLog().clear();
        assertEquals(ThreatStore.PollStatus.Outcome.NOT_LICENSED, poller().poll(contoso.id()).outcome());
        assertEquals(0, roundTrips(), "not asked again before its subscriptions are read again");
    }

    @Test
    void aSecondPollRaisesOnlyTheNewDetectionsEachJoiningItsUsersIncident() throws Exception {
        ThreatStore store = new ThreatStore(records);
        ThreatStore.PollStatus first = poller().poll(contoso.id());
        assertEquals(ThreatStore.PollStatus.Outcome.OK, first.outcome());
        assertEquals(2, first.newAlerts(), "Isaiah's two seeded detections");
        List<Incident> incidents = store.incidents(contoso.id(), 0, 50);
        assertEquals(1, incidents.size(), "one user, one incident");
        Incident isaiah = incidents.get(0);
        assertEquals("isaiah.langer@contoso.example", isaiah.userPrincipalName());
        assertEquals(2, isaiah.alertIds().size());
        assertEquals(Severity.HIGH, isaiah.severity(), "anonymized IP at high risk");
        assertEquals(Incident.State.NEW, isaiah.state());
        assertEquals(List.of(isaiah.id()), routed.stream().map(Incident::id).toList());

        inject("adele.vance@contoso.example", "passwordSpray", "medium");
        inject("isaiah.langer@contoso.example", "leakedCredentials", "high");
        routed.clear();
        ThreatStore.PollStatus second = poller().poll(contoso.id());
        assertEquals(2, second.newAlerts());
        assertEquals(2, store.incidents(contoso.id(), 0, 50).size());
        Incident worse = store.incident(contoso.id(), isaiah.id()).orElseThrow();
        assertEquals(3, worse.alertIds().size());
        assertEquals(Severity.CRITICAL, worse.severity(), "leaked credentials at high risk");
        Incident adele = store.openIncidentOf(contoso.id(), contoso.user("adele.vance@contoso.example")
                .orElseThrow().id()).orElseThrow();
        assertEquals(Severity.HIGH, adele.severity(), "password spray is raised a step from medium");
        assertEquals(List.of(adele.id(), worse.id()).stream().sorted().toList(),
                routed.stream().map(Incident::id).sorted().toList(), "new and worse incidents are routed");
        assertTrue(worse.timeline().stream().anyMatch(event -> event.text().startsWith("leakedCredentials")));

        assertEquals(0, poller().poll(contoso.id()).newAlerts(), "nothing new, nothing raised");
    }

    @Test
    void anIncidentThatCollectsThreeHundredDetectionsKeepsPollingAndCountsThemAll() throws Exception {
        ThreatStore store = new ThreatStore(records);
        poller().poll(contoso.id());
        for (int round = 0; round < 2; round++) {
            for (int n = 0; n < 150; n++) {
                inject("adele.vance@contoso.example", n % 2 == 0 ? "unfamiliarFeatures" : "anonymizedIPAddress", "low");
            }
            ThreatStore.PollStatus polled = poller().poll(contoso.id());
            assertEquals(ThreatStore.PollStatus.Outcome.OK, polled.outcome(), polled.message());
            assertEquals(150, polled.newAlerts());
        }
        String adele = contoso.user("adele.vance@contoso.example").orElseThrow().id();
        Incident incident = store.openIncidentOf(contoso.id(), adele).orElseThrow();
        assertEquals(300, incident.alertCount());
        assertEquals(Incident.KEPT_ALERT_IDS, incident.alertIds().size());
        assertEquals(300, store.countAlertsOf(contoso.id(), incident.id()), "each detection is a record of its own");
        int size = records.get(contoso.id(), ThreatStore.INCIDENT, incident.id()).orElseThrow().length();
        assertTrue(size < 64 * 1024, "far under the limit: " + size + " characters");

        inject("adele.vance@contoso.example", "passwordSpray", "medium");
        ThreatStore.PollStatus next = poller().poll(contoso.id());
        assertEquals(ThreatStore.PollStatus.Outcome.OK, next.outcome(), next.message());
        assertEquals(1, next.newAlerts(), "and it goes on polling");
        ThreatStore.IncidentFilter open = new ThreatStore.IncidentFilter("", "open", "passwordSpray", "adele");
        List<Incident> shown = store.incidents(ThreatStore.Within.tenant(contoso.id()), open, 0, 10);
        assertEquals(List.of(incident.id()), shown.stream().map(Incident::id).toList());
        assertEquals(301, shown.get(0).alertCount(), "the inbox shows the right total");
        assertEquals(Severity.HIGH, shown.get(0).severity());
    }

    @Test
    void anIncidentNotRoutedBecauseThePollStoppedIsRoutedByTheNextPoll() throws Exception {
        DetectionPoller stopping = new DetectionPoller(graph, claims, new ThreatStore(records), Clock.systemUTC(), incident -> {
            throw new IllegalStateException("the server stops");
        });
        assertEquals(2, stopping.poll(contoso.id()).newAlerts(), "the detections are taken in all the same");
        assertEquals(1, new ThreatStore(records).toRoute(contoso.id()).size(), "Isaiah's incident still to route");

        ThreatStore.PollStatus next = poller().poll(contoso.id());
        assertEquals(0, next.newAlerts());
        assertEquals(List.of("isaiah.langer@contoso.example"), routed.stream().map(Incident::userPrincipalName)
                .toList(), "routed by the next poll though it brought nothing new");
        assertTrue(new ThreatStore(records).toRoute(contoso.id()).isEmpty());
        routed.clear();
        poller().poll(contoso.id());
        assertTrue(routed.isEmpty(), "and only once");
    }

    @Test
    void riskyUsersAreKeptAsMicrosoftRatesThemAndAChangeOfRiskStateGoesOnTheOpenIncident() throws Exception {
        ThreatStore store = new ThreatStore(records);
        poller().poll(contoso.id());
        String isaiah = contoso.user("isaiah.langer@contoso.example").orElseThrow().id();
        RiskyUser atRisk = store.riskyUser(contoso.id(), isaiah).orElseThrow();
        assertEquals("atRisk", atRisk.riskState());
        assertEquals("high", atRisk.riskLevel());
        assertTrue(atRisk.atRisk());
        assertTrue(store.riskyUsersWatermark(contoso.id()).isPresent());

        long version = records.getVersioned(contoso.id(), ThreatStore.RISKY_USER, isaiah).orElseThrow().version();
        emulator.requestLog().clear();
        poller().poll(contoso.id());
        assertTrue(emulator.requestLog().matching(entry -> entry.path().endsWith("/identityProtection/riskyUsers")
                && entry.query() != null && entry.query().contains("riskLastUpdatedDateTime")).size() == 1,
                "later polls read only the risky users that changed");
        assertEquals(version, records.getVersioned(contoso.id(), ThreatStore.RISKY_USER, isaiah).orElseThrow()
                .version(), "read again unchanged (within the watermark's overlap), it is not written again");

        emulator.directory().judgeRiskyUsers(contoso, List.of(isaiah), false, "megan.bowen@contoso.example");
        poller().poll(contoso.id());
        RiskyUser dismissed = store.riskyUser(contoso.id(), isaiah).orElseThrow();
        assertEquals("dismissed", dismissed.riskState());
        assertTrue(records.getVersioned(contoso.id(), ThreatStore.RISKY_USER, isaiah).orElseThrow().version()
                > version, "changed, it is written");
        assertTrue(!dismissed.atRisk());
        Incident incident = store.openIncidentOf(contoso.id(), isaiah).orElseThrow();
        assertTrue(incident.timeline().stream().anyMatch(event -> event.kind().equals("microsoft")
                && event.text().startsWith("Risk state atRisk → dismissed")), incident.timeline().toString());
        poller().poll(contoso.id());
        assertEquals(1, store.openIncidentOf(contoso.id(), isaiah).orElseThrow().timeline().stream()
                .filter(event -> event.kind().equals("microsoft")).count(), "said once");
    }

    @Test
    void aRestartOrAPollCutShortNeverDuplicatesAnAlert() throws Exception {
        poller().poll(contoso.id());
        // A restart: new poller, new store, the same records
        assertEquals(0, new DetectionPoller(graph, claims, new ThreatStore(records), Clock.systemUTC(), routed::add)
                .poll(contoso.id()).newAlerts());
        // A poll that stored its alerts but died before moving the watermark
        records.delete(contoso.id(), ThreatStore.POLL, "watermark");
        inject("isaiah.langer@contoso.example", "unfamiliarFeatures", "low");
        assertEquals(1, poller().poll(contoso.id()).newAlerts(), "read from the start again, only one is new");
        Incident isaiah = new ThreatStore(records).incidents(contoso.id(), 0, 50).get(0);
        assertEquals(3, isaiah.alertIds().size());
        assertEquals(isaiah.alertIds().size(), isaiah.alertIds().stream().distinct().count());
        assertEquals(3, records.count(contoso.id(), ThreatStore.ALERT));
    }

    @Test
    void throttlingThatOutlastsTheRetriesFailsThePollAndTheNextOneLosesNothing() throws Exception {
        poller().poll(contoso.id());
        inject("adele.vance@contoso.example", "anonymizedIPAddress", "medium");
        emulator.faults().throttle(contoso.id(), "/identityProtection/riskDetections", Duration.ofSeconds(1), 20);
        assertThrows(Exception.class, () -> poller().poll(contoso.id()));
        ThreatStore store = new ThreatStore(records);
        assertEquals(ThreatStore.PollStatus.Outcome.FAILED, store.pollStatus(contoso.id()).orElseThrow().outcome());
        assertEquals(2, records.count(contoso.id(), ThreatStore.ALERT), "nothing half-taken");

        emulator.faults().clear();
        ThreatStore.PollStatus later = poller().poll(contoso.id());
        assertEquals(1, later.newAlerts(), "the detection the throttled poll missed");
        assertEquals(ThreatStore.PollStatus.Outcome.OK, store.pollStatus(contoso.id()).orElseThrow().outcome());
    }

    @Test
    void aTenantWithoutEntraIdP2IsNotLicensedAndOneWithoutConsentSaysSo() throws Exception {
        Tenant fabrikam = emulator.tenant("fabrikam.example");
        graph.grant(ThreatIds.DETECTION_SCOPES, "fabrikam.example", "patti.fernandez@fabrikam.example", false,
                DETECTION_PERMISSIONS);
        ThreatStore.PollStatus status = poller().poll(fabrikam.id());
        assertEquals(ThreatStore.PollStatus.Outcome.NOT_LICENSED, status.outcome());
        assertEquals(0, records.count(fabrikam.id(), ThreatStore.ALERT));

        Tenant adatum = emulator.tenant("adatum.example");
        assertThrows(ConsentRequiredException.class, () -> poller().poll(adatum.id()));
        assertEquals(ThreatStore.PollStatus.Outcome.CONSENT_REQUIRED,
                new ThreatStore(records).pollStatus(adatum.id()).orElseThrow().outcome());
    }
}
