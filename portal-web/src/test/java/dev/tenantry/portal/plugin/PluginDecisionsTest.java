package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tenantry.plugin.api.PluginActionRuns.Decision;
import dev.tenantry.plugin.api.PluginActionRuns.State;
import dev.tenantry.portal.approval.ApprovalDecision;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A plugin reads what became of its submission in its own terms: one tenant's result, and who decided, when, why. */
class PluginDecisionsTest {

    private static final Instant FILED = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant EXPIRES = FILED.plus(Duration.ofDays(3));
    private static final Instant DECIDED = FILED.plus(Duration.ofHours(2));

    private static ApprovalDecision found(Status status, String decidedBy, String note, String outcome) {
        return new ApprovalDecision("r1", "t1", "tech@msp.example", EXPIRES, status, decidedBy,
                decidedBy == null ? null : DECIDED, note, outcome);
    }

    @Test
    void aRejectionSaysWhoWhenAndWhy() {
        Decision rejected = PluginDecisions.of(found(Status.REJECTED, "lead@msp.example", "Not this week", null),
                FILED.plusSeconds(60));

        assertEquals(new Decision("r1", State.REJECTED, "lead@msp.example", DECIDED, "Not this week", ""), rejected);
    }

    @Test
    void aRequestStillWaitingAfterItsTimeIsExpiredAtThatTimeSweptOrNot() {
        assertEquals(new Decision("r1", State.WAITING, "", null, "", ""), PluginDecisions.of(found(
                Status.PENDING, null, null, null), FILED.plusSeconds(60)));
        assertEquals(new Decision("r1", State.EXPIRED, "", EXPIRES, "", ""), PluginDecisions.of(found(
                Status.PENDING, null, null, null), EXPIRES));
        assertEquals(new Decision("r1", State.EXPIRED, "", EXPIRES, "", ""), PluginDecisions.of(found(
                Status.EXPIRED, "system", null, null), EXPIRES.plusSeconds(60)));
    }

    @Test
    void anApprovedRunGivesItsTenantsResultAndARunThatFailedThereIsFailed() {
        Instant now = FILED.plus(Duration.ofDays(1));
        assertEquals("Offboarding started for 2 user(s).", PluginDecisions.of(found(Status.APPROVED,
                "lead@msp.example", null, "{t1=Offboarding started for 2 user(s).}"), now).outcome());
        Decision running = PluginDecisions.of(found(Status.APPROVED, "lead@msp.example", "ok", null), now);
        assertEquals(State.APPROVED, running.state());
        assertEquals("", running.outcome(), "still running: no outcome yet");

        Decision threw = PluginDecisions.of(found(Status.APPROVED, "lead@msp.example", null,
                "{t1=failed: This offboarding was cancelled}"), now);
        assertEquals(State.FAILED, threw.state());
        assertEquals("failed: This offboarding was cancelled", threw.outcome());
        Decision couldNotRun = PluginDecisions.of(found(Status.FAILED, "lead@msp.example", null,
                "tech@msp.example, who asked, no longer holds user-management:offboard in the tenant"), now);
        assertEquals(State.FAILED, couldNotRun.state());
        assertEquals("lead@msp.example", couldNotRun.decidedBy());
    }

    @Test
    void aWithdrawnRequestNamesWhoTookItBack() {
        Decision withdrawn = PluginDecisions.of(found(Status.WITHDRAWN, "tech@msp.example", null, null),
                FILED.plusSeconds(60));

        assertEquals(State.WITHDRAWN, withdrawn.state());
        assertEquals("tech@msp.example", withdrawn.decidedBy());
        assertNull(PluginDecisions.of(found(Status.PENDING, null, null, null), FILED).decidedAt());
    }
}
