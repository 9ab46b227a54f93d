package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryActionRuns;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySchedule;
import dev.tenantry.plugin.testkit.MemorySettings;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.MemoryWork;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import dev.tenantry.plugins.usermanagement.offboarding.Offboarding;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingPlan;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offboarding from its page through the tenant action "Offboard users", as the host runs it ({@link MemoryActionRuns}):
 * over the bulk threshold it waits for a second person and nothing changes at Microsoft until it is approved, then it
 * runs (or waits for its time, at once when approved after it); refused or never approved, nothing happens; under
 * the threshold it runs at once, as before. The plan runs with what its requester held, whoever approves it.
 */
@EmulatorTest
class OffboardActionTest {

    static final String CONTOSO = Grants.CONTOSO;

    M365Emulator emulator;
    EmulatorGraphAccess graph;
    MemoryRecords records;
    MemoryAudit audit;
    MemoryTenants tenants;
    MemoryWork work;
    Tenant contoso;
    DirectoryUser adele;
    DirectoryUser isaiah;
    OffboardAction action;
    MemorySchedule schedule;
    final MemoryPortalUser requester = new MemoryPortalUser("officer@northwind-msp.example", "Offboarding Officer")
            .holding(UserIds.VIEW).holding(UserIds.OFFBOARD);

    @BeforeEach
    void arrange(M365Emulator emulator) throws Exception {
        this.emulator = emulator;
        contoso = emulator.tenant(CONTOSO);
        graph = Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES, UserIds.SIGN_IN_BLOCK_SCOPES);
        records = new MemoryRecords();
        audit = new MemoryAudit();
        tenants = new MemoryTenants();
        tenants.add(contoso.id(), "Contoso", CONTOSO);
        work = new MemoryWork(UserIds.PLUGIN, requester.userPrincipalName(), tenants);
        adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
        isaiah = contoso.user("isaiah.langer@" + CONTOSO).orElseThrow();
        new DirectorySync(graph, new UserStore(records), new MemoryClaims(), new ThreadTasks(), Clock.systemUTC(),
                Duration.ofDays(1))
                .sync(contoso.id(), true);
        // The action is given no PortalUser: once approved it runs in the approver's request
        schedule = new MemorySchedule(new OffboardingJob());
        action = TestHost.with(graph, records, audit, new MemoryClaims(), work, schedule).fill(new OffboardAction());
    }

    /** The offboarding page of {@code person}, whose submissions run over {@code threshold} leavers wait. */
    OffboardingView page(MemoryPortalUser person, MemoryActionRuns runs) {
        return TestHost.with(person, graph, records, tenants, audit, work, runs).fill(new OffboardingView());
    }

    /** Chooses the leavers by sign-in name and blocks their sign-in, at {@code at} (null: now), saying why. */
    static void offboard(OffboardingView page, String tenantId, LocalDateTime at, String reason, String... upns) {
        page.setTenant(tenantId);
        page.setPasted(String.join("\n", upns));
        page.addPasted();
        page.setSteps(List.of("BLOCK_SIGN_IN"));
        page.setRunAt(at);
        page.setReason(reason);
        page.review();
        page.start();
    }

    Offboarding offboarding() {
        return new Offboarding(graph, records, audit, Clock.systemUTC());
    }

    OffboardingPlan latestPlan() {
        return offboarding().recent(contoso.id(), 1).get(0);
    }

    long changesAtMicrosoft() {
        return emulator.requestLog().matching(entry -> !entry.method().equals("GET") && entry.path().contains("/users"))
                .size();
    }

    @Test
    void anOffboardingOverTheThresholdWaitsForApprovalAndChangesNothingUntilApproved() throws Exception {
        MemoryActionRuns runs = new MemoryActionRuns(1, requester, action);
        emulator.requestLog().clear();

        offboard(page(requester, runs), contoso.id(), null, "Leavers of the month", adele.userPrincipalName(),
                isaiah.userPrincipalName());

        MemoryActionRuns.Waiting waiting = runs.waiting().get(0);
        assertEquals(2, waiting.items());
        assertEquals("Leavers of the month", waiting.reason());
        assertEquals(adele.userPrincipalName() + "\n" + isaiah.userPrincipalName(), waiting.parameters().get("users"),
                "the approver reads the leavers' sign-in names");
        assertEquals("Block sign-in", waiting.parameters().get("steps"));
        OffboardingPlan held = latestPlan();
        assertTrue(held.is(OffboardingPlan.State.AWAITING_APPROVAL), held.state());
        assertTrue(held.message().contains("second person's approval in Settings → Approvals"), held.message());
        assertEquals(0, OffboardingJob.runDue(offboarding(), new MemoryClaims(), contoso.id()).orElseThrow(),
                "the schedule does not run it");
        assertEquals(0, changesAtMicrosoft(), "nothing changed at Microsoft before the approval");
        assertTrue(adele.accountEnabled() && isaiah.accountEnabled());

        String result = runs.approve(waiting.id());

        assertEquals("Offboarding started for 2 user(s).", result);
        assertFalse(adele.accountEnabled());
        assertFalse(isaiah.accountEnabled());
        OffboardingPlan done = offboarding().find(contoso.id(), held.id()).orElseThrow();
        assertTrue(done.is(OffboardingPlan.State.DONE), done.toString());
        assertNotNull(done.workId(), "the work that ran it, for the page to follow");
        assertEquals("SUCCESS", work.status(done.workId()).orElseThrow().state());
        assertEquals(requester.userPrincipalName(), done.plannedBy());
        for (String action : List.of("offboarding.planned", "offboarding.released", "offboarding.ran")) {
            assertEquals(1, audit.of(action).size(), "audited: " + action);
        }
        assertEquals(requester.userPrincipalName(), audit.of("offboarding.released").get(0).details()
                .get("plannedBy"));
    }

    @Test
    void anOffboardingNeverApprovedDoesNothingAndALateApprovalOfACancelledOneNeither() throws Exception {
        MemoryActionRuns runs = new MemoryActionRuns(1, requester, action);
        OffboardingView page = page(requester, runs);
        offboard(page, contoso.id(), null, "Leavers", adele.userPrincipalName(), isaiah.userPrincipalName());
        OffboardingPlan held = latestPlan();
        emulator.requestLog().clear();

        // The second person rejects it (or lets it expire): the action never runs
        assertEquals(0, OffboardingJob.runDue(offboarding(), new MemoryClaims(), contoso.id()).orElseThrow());
        page.cancel(held);
        String late = runs.approve(runs.waiting().get(0).id());

        assertTrue(late.startsWith("failed: ") && late.contains("cancelled") && late.contains("nothing was done"),
                late);
        assertTrue(offboarding().find(contoso.id(), held.id()).orElseThrow().is(OffboardingPlan.State.CANCELLED));
        assertEquals(0, OffboardingJob.runDue(offboarding(), new MemoryClaims(), contoso.id()).orElseThrow());
        assertEquals(0, changesAtMicrosoft());
        assertTrue(adele.accountEnabled() && isaiah.accountEnabled());
        assertTrue(offboarding().runs(contoso.id(), held.id()).stream().allMatch(run -> run.is(OffboardingRun
                .State.WAITING)));
    }

    @Test
    void aSubmissionRefusedAtOnceCallsThePlanOffAndKeepsTheLeaversChosen() {
        MemoryActionRuns runs = new MemoryActionRuns(1, requester, action);
        OffboardingView page = page(requester, runs);

        offboard(page, contoso.id(), null, "", adele.userPrincipalName(), isaiah.userPrincipalName());

        assertTrue(runs.waiting().isEmpty());
        OffboardingPlan refused = latestPlan();
        assertTrue(refused.is(OffboardingPlan.State.CANCELLED));
        assertTrue(refused.message().startsWith("Not started: Say why"), refused.message());
        assertEquals(2, page.getChosen().size(), "nothing lost: the leavers are still chosen");
        assertTrue(adele.accountEnabled() && isaiah.accountEnabled());
    }

    @Test
    void anOffboardingUnderTheThresholdRunsAtOnceAsBefore() {
        MemoryActionRuns runs = new MemoryActionRuns(25, requester, action);
        OffboardingView page = page(requester, runs);

        offboard(page, contoso.id(), null, "", adele.userPrincipalName());

        assertTrue(runs.waiting().isEmpty());
        assertFalse(adele.accountEnabled());
        assertTrue(latestPlan().is(OffboardingPlan.State.DONE), latestPlan().toString());
        assertTrue(isaiah.accountEnabled());
        assertFalse(page.isReviewing());
        assertTrue(page.getChosen().isEmpty());
    }

    @Test
    void aScheduledTimeIsKeptAfterApprovalAndAnApprovalAfterItRunsTheOffboardingAtOnce() throws Exception {
        MemoryActionRuns runs = new MemoryActionRuns(0, requester, action);
        LocalDateTime inAnHour = LocalDateTime.now(ZoneOffset.UTC).plusHours(1).withNano(0);
        offboard(page(requester, runs), contoso.id(), inAnHour, "Leaves tonight", adele.userPrincipalName());
        LocalDateTime inTwoMinutes = LocalDateTime.now(ZoneOffset.UTC).plusMinutes(2).withNano(0);
        offboard(page(requester, runs), contoso.id(), inTwoMinutes, "Leaves now", isaiah.userPrincipalName());
        List<MemoryActionRuns.Waiting> waiting = runs.waiting();

        String before = runs.approve(waiting.get(0).id());

        assertEquals("Offboarding of 1 user(s) scheduled for " + inAnHour.toInstant(ZoneOffset.UTC) + ".", before);
        assertEquals(inAnHour.toInstant(ZoneOffset.UTC), schedule.asked(OffboardingJob.ID, contoso.id())
                .orElseThrow().at(), "the job is asked to run in this tenant at the plan's time");
        assertTrue(adele.accountEnabled(), "not before its time");
        // A run now (the hourly one) does nothing and asks again for the plan's time
        MemorySchedule lost = new MemorySchedule(new OffboardingJob());
        OffboardingJob job = TestHost.with(graph, records, audit, new MemoryClaims(), new MemorySettings(), lost)
                .fill(new OffboardingJob());
        job.run(contoso.id(), new dev.tenantry.plugin.api.JobProgress() {
            @Override
            public void report(int done, int total, String message) {
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        });
        assertTrue(adele.accountEnabled(), "not before its time");
        assertEquals(inAnHour.toInstant(ZoneOffset.UTC), lost.asked(OffboardingJob.ID, contoso.id()).orElseThrow()
                .at(), "an ask that was lost is asked again by the next run");

        // The second plan is approved ten minutes on, after its time: it runs at once
        action.clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        String after = runs.approve(waiting.get(1).id());

        assertEquals("Offboarding started for 1 user(s).", after);
        assertFalse(isaiah.accountEnabled());
        assertTrue(adele.accountEnabled(), "the other plan still waits for its time");
        OffboardingPlan scheduled = offboarding().recent(contoso.id(), 5).stream().filter(plan -> plan.runAt()
                .equals(inAnHour.toInstant(ZoneOffset.UTC))).findFirst().orElseThrow();
        assertTrue(scheduled.is(OffboardingPlan.State.SCHEDULED));
        Offboarding anHourOn = new Offboarding(graph, records, audit, Clock.offset(Clock.systemUTC(),
                Duration.ofMinutes(61)));
        assertEquals(1, OffboardingJob.runDue(anHourOn, new MemoryClaims(), contoso.id()).orElseThrow());
        assertFalse(adele.accountEnabled());
    }

    @Test
    void anApprovedOffboardingActsOnAdministratorsOnlyWithTheRequestersManageAdmins() throws Exception {
        // Lee is a Global Administrator; the requester holds manage-admins, which the plan records
        DirectoryUser lee = contoso.user("lee.gu@" + CONTOSO).orElseThrow();
        MemoryPortalUser adminOfficer = new MemoryPortalUser("lead@northwind-msp.example", "Lead").holding(UserIds
                .VIEW).holding(UserIds.OFFBOARD).holding(UserIds.MANAGE_ADMINS);
        MemoryActionRuns leads = new MemoryActionRuns(0, adminOfficer, action);
        offboard(page(adminOfficer, leads), contoso.id(), null, "Lee leaves", lee.userPrincipalName());

        assertEquals("Offboarding started for 1 user(s).", leads.approve(leads.waiting().get(0).id()));
        assertFalse(lee.accountEnabled(), "approved, it ran with what its requester held");

        // Nina holds Global Administrator now, though the last sync did not show it; her requester lacks manage-admins
        DirectoryUser nina = emulator.directory().addUser(contoso, Json.object().put("userPrincipalName",
                "nina.admin@" + CONTOSO).put("displayName", "Nina Admin"), "Tenantry-Demo-2026!",
                List.of(DirectoryRoles.GLOBAL_ADMINISTRATOR));
        new UserStore(records).put(contoso.id(), UsersViewTest.user(nina.id(), "Nina Admin", nina.userPrincipalName(),
                true, List.of(), true, Instant.now(), "Member", ""));
        MemoryActionRuns runs = new MemoryActionRuns(0, requester, action);
        offboard(page(requester, runs), contoso.id(), null, "Nina leaves", nina.userPrincipalName());

        runs.approve(runs.waiting().get(0).id());

        assertTrue(nina.accountEnabled(), "whoever approves, the requester's lack of manage-admins holds at the run");
        OffboardingPlan plan = latestPlan();
        OffboardingRun run = offboarding().runs(contoso.id(), plan.id()).get(0);
        assertTrue(run.is(OffboardingRun.State.DONE_WITH_FAILURES), run.toString());
        assertTrue(run.results().get(0).message().contains(UserIds.MANAGE_ADMINS), run.results().toString());
    }
}
