package dev.tenantry.plugins.usermanagement.offboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MovingClock;
import dev.tenantry.plugins.usermanagement.InContoso;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offboarding against the emulator: two leavers at once, every step's outcome and what it removed recorded, undone
 * for a rehire; administrators only with manage-admins; a plan runs only once released, and a release comes once; a
 * scheduled plan runs when due and not before, once; a run a stopped server interrupted resumes after its last
 * recorded step; a scheduled plan can be cancelled.
 */
class OffboardingTest extends InContoso {

    /** Every step but the mailbox's. */
    static final List<OffboardingStep> ACCESS_AND_HOLDINGS = List.of(OffboardingStep.BLOCK_SIGN_IN,
            OffboardingStep.REVOKE_SESSIONS, OffboardingStep.RESET_MFA, OffboardingStep.REMOVE_GROUPS,
            OffboardingStep.REMOVE_LICENCES);

    MovingClock clock;
    DirectoryUser adele;
    DirectoryUser isaiah;
    final MemoryPortalUser officer = new MemoryPortalUser("officer@northwind-msp.example", "Offboarding Officer")
            .holding(UserIds.VIEW).holding(UserIds.OFFBOARD);

    OffboardingTest() {
        super(UserIds.DIRECTORY_SCOPES, UserIds.SIGN_IN_BLOCK_SCOPES, UserIds.SESSION_SCOPES, UserIds.METHOD_SCOPES,
                UserIds.GROUP_SCOPES, UserIds.LICENCE_SCOPES);
    }

    @BeforeEach
    void arrange() throws Exception {
        clock = new MovingClock(Instant.now());
        adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
        isaiah = contoso.user("isaiah.langer@" + CONTOSO).orElseThrow();
        sync();
    }

    Offboarding offboarding() {
        return new Offboarding(graph, records, audit, clock);
    }

    int licencesOf(DirectoryUser user) {
        return user.json().path("assignedLicenses").size();
    }

    @Test
    void twoLeaversAreOffboardedStepByStepAndAnUndoPutsBackWhatWasRemoved() throws Exception {
        String sales = emulator.directory().addGroup(contoso, Json.object().put("displayName", "Sales")
                .put("securityEnabled", true).put("mailEnabled", false), List.of(adele.id(), isaiah.id()))
                .path("id").asText();
        int adelesLicences = licencesOf(adele);
        assertTrue(adelesLicences > 0, "the demo seed licensed Adele");

        Offboarding.Planned planned = offboarding().plan(contoso.id(), List.of(adele.id(), isaiah.id()),
                ACCESS_AND_HOLDINGS, null, officer);
        assertEquals(List.of(), planned.problems());
        offboarding().release(contoso.id(), planned.plan().orElseThrow().id());
        OffboardingPlan done = offboarding().run(offboarding().due(contoso.id()).get(0));

        assertTrue(done.is(OffboardingPlan.State.DONE), done.message());
        assertFalse(adele.accountEnabled());
        assertFalse(isaiah.accountEnabled());
        assertEquals(0, licencesOf(adele));
        assertFalse(contoso.groupMembers(sales).contains(adele.id()));
        assertEquals(1, adele.authenticationMethods().size(), "the password only");
        List<OffboardingRun> runs = offboarding().runs(contoso.id(), done.id());
        assertEquals(2, runs.size());
        for (OffboardingRun run : runs) {
            assertTrue(run.is(OffboardingRun.State.DONE), run.toString());
            assertEquals(ACCESS_AND_HOLDINGS.size(), run.results().size());
            assertTrue(run.removed().groups().stream().anyMatch(group -> group.id().equals(sales)));
        }
        assertTrue(offboarding().due(contoso.id()).isEmpty(), "a plan runs once");

        OffboardingRun adeles = runs.stream().filter(run -> run.userId().equals(adele.id())).findFirst().orElseThrow();
        OffboardingRun undone = offboarding().undo(contoso.id(), done.id(), adele.id(), officer).orElseThrow();

        assertTrue(undone.is(OffboardingRun.State.UNDONE));
        assertTrue(undone.undone().stream().allMatch(OffboardingRun.StepResult::done), undone.undone().toString());
        assertTrue(adele.accountEnabled());
        assertEquals(adelesLicences, licencesOf(adele));
        assertTrue(contoso.groupMembers(sales).contains(adele.id()));
        assertEquals(adeles.removed().groups().size() + adeles.removed().licences().size() + 1, undone.undone()
                .size());
        assertFalse(isaiah.accountEnabled(), "only Adele's offboarding was undone");
        assertTrue(offboarding().undo(contoso.id(), done.id(), adele.id(), officer).isEmpty(), "undone once");
        assertEquals(1, audit.of("offboarding.undone").size());
    }

    @Test
    void anAdministratorIsOffboardedOnlyByWhoHoldsManageAdmins() {
        DirectoryUser lee = contoso.user("lee.gu@" + CONTOSO).orElseThrow();

        Offboarding.Planned refused = offboarding().plan(contoso.id(), List.of(lee.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN), null, officer);

        assertTrue(refused.plan().isEmpty());
        assertTrue(refused.problems().get(0).contains(UserIds.MANAGE_ADMINS), refused.problems().toString());
        Offboarding.Planned allowed = offboarding().plan(contoso.id(), List.of(lee.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN), null, officer.holding(UserIds.MANAGE_ADMINS));
        assertTrue(allowed.plan().isPresent(), allowed.problems().toString());
        offboarding().run(allowed.plan().get());
        assertFalse(lee.accountEnabled());
    }

    @Test
    void aScheduledPlanRunsWhenItsTimeComesAndCanBeCancelledBefore() throws Exception {
        Instant inAnHour = clock.instant().plus(Duration.ofHours(1));
        OffboardingPlan later = offboarding().plan(contoso.id(), List.of(adele.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN), inAnHour, officer).plan().orElseThrow();
        offboarding().release(contoso.id(), later.id());
        OffboardingPlan cancelled = offboarding().plan(contoso.id(), List.of(isaiah.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN), inAnHour, officer).plan().orElseThrow();

        assertTrue(offboarding().due(contoso.id()).isEmpty(), "not before its time");
        assertTrue(offboarding().cancel(contoso.id(), cancelled.id(), officer));
        clock.advance(Duration.ofMinutes(61));
        assertEquals(List.of(later.id()), offboarding().due(contoso.id()).stream().map(OffboardingPlan::id).toList());
        assertEquals(1, dev.tenantry.plugins.usermanagement.OffboardingJob.runDue(offboarding(),
                new MemoryClaims(), contoso.id()).orElseThrow());

        assertFalse(adele.accountEnabled());
        assertTrue(isaiah.accountEnabled(), "the cancelled plan never ran");
        assertFalse(offboarding().cancel(contoso.id(), later.id(), officer), "a plan that ran is not cancelled");
    }

    @Test
    void aPlanRunsOnlyOnceReleasedAndIsReleasedOnce() throws Exception {
        OffboardingPlan plan = offboarding().plan(contoso.id(), List.of(adele.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN), null, officer).plan().orElseThrow();

        assertTrue(plan.is(OffboardingPlan.State.AWAITING_APPROVAL));
        assertTrue(offboarding().due(contoso.id()).isEmpty(), "a plan not released is never due");
        assertEquals(0, dev.tenantry.plugins.usermanagement.OffboardingJob.runDue(offboarding(), new MemoryClaims(),
                contoso.id()).orElseThrow());
        assertTrue(adele.accountEnabled(), "nothing done before the release");

        OffboardingPlan released = offboarding().release(contoso.id(), plan.id());

        assertTrue(released.is(OffboardingPlan.State.SCHEDULED));
        assertTrue(offboarding().isDue(released));
        assertEquals(officer.userPrincipalName(), audit.of("offboarding.released").get(0).details().get(
                "plannedBy"));
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> offboarding().release(
                contoso.id(), plan.id()));
        assertTrue(twice.getMessage().contains("released already"), twice.getMessage());
        assertEquals(1, dev.tenantry.plugins.usermanagement.OffboardingJob.runDue(offboarding(), new MemoryClaims(),
                contoso.id()).orElseThrow());
        assertFalse(adele.accountEnabled());
    }

    @Test
    void aPlanWhoseReleaseWasRefusedOrThatWasCancelledIsNeverReleased() {
        OffboardingPlan refused = offboarding().plan(contoso.id(), List.of(adele.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN), null, officer).plan().orElseThrow();
        OffboardingPlan cancelled = offboarding().plan(contoso.id(), List.of(isaiah.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN), null, officer).plan().orElseThrow();

        offboarding().refused(contoso.id(), refused.id(), "Say why: a second person approves it");
        assertTrue(offboarding().cancel(contoso.id(), cancelled.id(), officer), "a plan awaiting approval is "
                + "cancelled");

        OffboardingPlan stored = offboarding().find(contoso.id(), refused.id()).orElseThrow();
        assertTrue(stored.is(OffboardingPlan.State.CANCELLED));
        assertEquals("Not started: Say why: a second person approves it", stored.message());
        for (String id : List.of(refused.id(), cancelled.id())) {
            IllegalStateException late = assertThrows(IllegalStateException.class, () -> offboarding().release(
                    contoso.id(), id));
            assertTrue(late.getMessage().contains("cancelled") && late.getMessage().contains("nothing was done"),
                    late.getMessage());
        }
        assertTrue(offboarding().due(contoso.id()).isEmpty());
        assertEquals(2, audit.of("offboarding.cancelled").size());
    }

    @Test
    void aRunAStoppedServerInterruptedResumesAfterItsLastRecordedStep() {
        OffboardingPlan plan = offboarding().plan(contoso.id(), List.of(adele.id()), List.of(OffboardingStep
                .BLOCK_SIGN_IN, OffboardingStep.REVOKE_SESSIONS), null, officer).plan().orElseThrow();
        // The server stopped after blocking sign-in was done and recorded: the plan is RUNNING, one step recorded
        OffboardingRun waiting = offboarding().runs(contoso.id(), plan.id()).get(0);
        OffboardingRun interrupted = new OffboardingRun(plan.id(), contoso.id(), adele.id(), waiting
                .userPrincipalName(), List.of(new OffboardingRun.StepResult("BLOCK_SIGN_IN", true, "Sign-in blocked")),
                new OffboardingRun.Removed(true, List.of(), List.of(), null), OffboardingRun.State.RUNNING.name(),
                clock.instant(), null, List.of());
        offboarding().save(plan.in(OffboardingPlan.State.RUNNING, ""));
        offboarding().saveRun(interrupted);
        emulator.requestLog().clear();

        OffboardingPlan resumed = offboarding().run(offboarding().due(contoso.id()).get(0));

        assertTrue(resumed.is(OffboardingPlan.State.DONE));
        assertEquals(0, emulator.requestLog().matching(entry -> entry.method().equals("PATCH")).size(),
                "sign-in was not blocked a second time");
        assertEquals(1, emulator.requestLog().matching(entry -> entry.path().endsWith("/revokeSignInSessions"))
                .size());
        assertEquals(List.of("BLOCK_SIGN_IN", "REVOKE_SESSIONS"), offboarding().runs(contoso.id(), plan.id()).get(0)
                .results().stream().map(OffboardingRun.StepResult::step).toList());
    }

    @Test
    void onlyAnOffboardingOfficerPlansAndNothingIsPlannedForADeletedOrUnknownUser() {
        MemoryPortalUser viewer = new MemoryPortalUser("viewer@northwind-msp.example", "Viewer").holding(UserIds.VIEW);

        assertTrue(offboarding().plan(contoso.id(), List.of(adele.id()), List.of(OffboardingStep.BLOCK_SIGN_IN),
                null, viewer).plan().isEmpty());
        Offboarding.Planned unknown = offboarding().plan(contoso.id(), List.of("00000000-0000-0000-0000-000000000000"),
                List.of(OffboardingStep.BLOCK_SIGN_IN), null, officer);
        assertTrue(unknown.plan().isEmpty());
        assertTrue(unknown.problems().get(0).startsWith("No such user"));
        assertTrue(offboarding().plan(contoso.id(), List.of(adele.id()), List.of(), null, officer).plan().isEmpty());
        assertTrue(offboarding().plan(contoso.id(), List.of(adele.id()), List.of(OffboardingStep.BLOCK_SIGN_IN),
                clock.instant().minus(Duration.ofDays(1)), officer).plan().isEmpty(), "not in the past");
    }

    @Test
    void theMailboxIsKeptAsSharedForTheManagerAndTheUndoPutsItBack() throws Exception {
        graph.grant(UserIds.MAILBOX_SCOPES, CONTOSO, GLOBAL_ADMIN, true, List.of("Exchange.Manage"));
        DirectoryUser megan = contoso.user(GLOBAL_ADMIN).orElseThrow();
        List<OffboardingStep> steps = List.of(OffboardingStep.CONVERT_TO_SHARED, OffboardingStep.DELEGATE_MAILBOX,
                OffboardingStep.FORWARD_MAIL, OffboardingStep.HIDE_FROM_ADDRESS_LIST,
                OffboardingStep.AUTOMATIC_REPLIES, OffboardingStep.REMOVE_LICENCES);
        OffboardingPlan.Options options = new OffboardingPlan.Options(GLOBAL_ADMIN, "helpdesk@northwind-msp.example",
                "Adele has left Contoso; please write to sales@contoso.example.");

        assertTrue(offboarding().plan(contoso.id(), List.of(adele.id()), steps, OffboardingPlan.Options.none(), null,
                officer).problems().size() == 3, "each mailbox step says what it needs");
        OffboardingPlan plan = offboarding().plan(contoso.id(), List.of(adele.id()), steps, options, null, officer)
                .plan().orElseThrow();
        offboarding().run(plan);

        dev.tenantry.emulator.directory.Mailbox mailbox = emulator.directory().mailbox(contoso, adele).orElseThrow();
        assertEquals("SharedMailbox", mailbox.recipientTypeDetails, "converted before the licence went");
        assertTrue(mailbox.fullAccess.containsKey(megan.id()));
        assertTrue(mailbox.forwardingSmtpAddress.contains("helpdesk@northwind-msp.example"));
        assertTrue(mailbox.hiddenFromAddressListsEnabled);
        assertEquals(0, licencesOf(adele));
        OffboardingRun run = offboarding().runs(contoso.id(), plan.id()).get(0);
        assertTrue(run.is(OffboardingRun.State.DONE), run.results().toString());
        assertEquals(steps.stream().map(Enum::name).toList(), run.results().stream().map(
                OffboardingRun.StepResult::step).toList(), "in the order of the steps, the licences last");

        OffboardingRun undone = offboarding().undo(contoso.id(), plan.id(), adele.id(), officer).orElseThrow();

        assertTrue(undone.undone().stream().allMatch(OffboardingRun.StepResult::done), undone.undone().toString());
        mailbox = emulator.directory().mailbox(contoso, adele).orElseThrow();
        assertEquals("UserMailbox", mailbox.recipientTypeDetails);
        assertFalse(mailbox.fullAccess.containsKey(megan.id()));
        assertTrue(mailbox.forwardingSmtpAddress == null || mailbox.forwardingSmtpAddress.isEmpty());
        assertFalse(mailbox.hiddenFromAddressListsEnabled);
        assertTrue(licencesOf(adele) > 0);
    }
}
