package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ActionParameter;

import dev.tenantry.plugin.testkit.MemoryActionRuns;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.MemoryWork;
import dev.tenantry.plugin.testkit.MemorySchedule;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import dev.tenantry.plugins.usermanagement.offboarding.Offboarding;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Leavers pasted as sign-in names (or a CSV of UPNs) are found among the tenant's active users, whatever the case, up
 * to the 200 one offboarding takes, all of them handed to approval; an offboarding whose approval ended without it
 * running is cancelled on the page, saying by whom and why.
 */
class OffboardingViewTest {

    private static final String CONTOSO = "contoso";

    private final MemoryRecords records = new MemoryRecords();
    private final MemoryTenants tenants = new MemoryTenants();
    private final MemoryAudit audit = new MemoryAudit();
    private final MemoryPortalUser officer = new MemoryPortalUser("officer@msp.example", "Officer").holding(
            UserIds.OFFBOARD, CONTOSO);

    /** {@code count} active users of Contoso, leaver1… in the last sync; their sign-in names. */
    private List<String> leavers(int count) {
        tenants.add(CONTOSO, "Contoso", "contoso.example");
        UserStore store = new UserStore(records);
        List<String> upns = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String upn = "leaver" + i + "@contoso.example";
            store.put(CONTOSO, UsersViewTest.user("u" + i, "Leaver " + i, upn, true, List.of(), true, Instant.now(),
                    "Member", ""));
            upns.add(upn);
        }
        return upns;
    }

    /** The offboarding page of the officer, whose submissions over {@code threshold} leavers wait for approval. */
    private OffboardingView page(MemoryActionRuns runs) {
        return TestHost.with(records, tenants, officer, audit, new MemoryWork(UserIds.PLUGIN,
                officer.userPrincipalName(), tenants), new UsersViewTest.NoGraph(), runs).fill(new OffboardingView());
    }

    private MemoryActionRuns runs(int threshold) {
        OffboardAction action = TestHost.with(records, audit, new UsersViewTest.NoGraph(), new MemoryClaims(),
                new MemoryWork(UserIds.PLUGIN, officer.userPrincipalName(), tenants),
                new MemorySchedule(new OffboardingJob())).fill(new OffboardAction());
        return new MemoryActionRuns(threshold, officer, action);
    }

    /** Offboards {@code upns} (their sign-in blocked) from {@code page}, saying why. */
    private static void offboard(OffboardingView page, List<String> upns) {
        page.setTenant(CONTOSO);
        page.setPasted(String.join("\n", upns));
        page.addPasted();
        page.setSteps(List.of("BLOCK_SIGN_IN"));
        page.setReason("Site closes");
        page.review();
        page.start();
    }

    @Test
    void twoHundredLeaversGoToApprovalWholeAndOneMoreIsNotAdded() {
        List<String> upns = leavers(Offboarding.MOST_USERS + 1);
        MemoryActionRuns runs = runs(25);
        OffboardingView page = page(runs);
        page.setTenant(CONTOSO);
        page.setPasted(String.join("\n", upns));

        page.addPasted();

        assertEquals(Offboarding.MOST_USERS, page.getChosen().size(), "one offboarding takes 200");
        offboard(page, List.of());
        MemoryActionRuns.Waiting waiting = runs.waiting().get(0);
        String users = waiting.parameters().get("users");
        assertTrue(users.length() > ActionParameter.MAX_LENGTH, "longer than a line of text: " + users.length());
        assertEquals(Offboarding.MOST_USERS, users.lines().count());
        assertEquals(Offboarding.MOST_USERS, waiting.items());
        OffboardingPlan plan = page.getPlans().get(0);
        assertTrue(plan.is(OffboardingPlan.State.AWAITING_APPROVAL), plan.toString());
        assertEquals(waiting.id(), plan.approvalId());
    }

    @Test
    void aRefusedOffboardingIsCancelledSayingByWhomAndWhyOnce() {
        List<String> upns = leavers(3);
        MemoryActionRuns runs = runs(1);
        offboard(page(runs), upns);
        String approval = runs.waiting().get(0).id();
        assertTrue(page(runs).getPlans().get(0).is(OffboardingPlan.State.AWAITING_APPROVAL), "it waits");

        runs.reject(approval, "lead@msp.example", "HR has not confirmed the leavers");
        OffboardingPlan refused = page(runs).getPlans().get(0);

        assertTrue(refused.is(OffboardingPlan.State.CANCELLED), refused.toString());
        assertEquals("Refused by lead@msp.example: HR has not confirmed the leavers. Nothing of it runs; plan it "
                + "again if it is still needed.", refused.message());
        page(runs).getPlans();
        assertEquals(1, audit.of("offboarding.cancelled").size(), "recorded once, however often it is looked at");
        Map<String, String> details = audit.of("offboarding.cancelled").get(0).details();
        assertEquals("REJECTED", details.get("decision"));
        assertEquals(approval, details.get("approval"));
        assertEquals(refused.id(), details.get("plan"));
        assertTrue(new Offboarding(new UsersViewTest.NoGraph(), records, audit, java.time.Clock.systemUTC())
                .due(CONTOSO).isEmpty(), "nothing of it runs");
    }

    @Test
    void anExpiredOrWithdrawnOffboardingIsCancelledSayingSoAndOneStillWaitingWaits() {
        List<String> upns = leavers(6);
        MemoryActionRuns runs = runs(1);
        offboard(page(runs), upns.subList(0, 2));
        offboard(page(runs), upns.subList(2, 4));
        offboard(page(runs), upns.subList(4, 6));
        List<MemoryActionRuns.Waiting> waiting = runs.waiting();

        runs.expire(waiting.get(0).id());
        runs.withdraw(waiting.get(1).id());
        Map<String, OffboardingPlan> byApproval = new java.util.HashMap<>();
        page(runs).getPlans().forEach(plan -> byApproval.put(plan.approvalId(), plan));

        OffboardingPlan expired = byApproval.get(waiting.get(0).id());
        assertTrue(expired.is(OffboardingPlan.State.CANCELLED), expired.toString());
        assertTrue(expired.message().startsWith("Expired: nobody approved it by "), expired.message());
        OffboardingPlan withdrawn = byApproval.get(waiting.get(1).id());
        assertTrue(withdrawn.is(OffboardingPlan.State.CANCELLED), withdrawn.toString());
        assertTrue(withdrawn.message().startsWith("Withdrawn by officer@msp.example"), withdrawn.message());
        assertTrue(byApproval.get(waiting.get(2).id()).is(OffboardingPlan.State.AWAITING_APPROVAL));
        assertEquals(2, audit.of("offboarding.cancelled").size());
    }

    @Test
    void pastedSignInNamesAreFoundAmongTheTenantsActiveUsers() {
        MemoryRecords records = new MemoryRecords();
        MemoryTenants tenants = new MemoryTenants();
        tenants.add("contoso", "Contoso", "contoso.example");
        tenants.add("fabrikam", "Fabrikam", "fabrikam.example");
        MemoryPortalUser officer = new MemoryPortalUser("officer@msp.example", "Officer").holding(UserIds.OFFBOARD,
                "contoso");
        UserStore store = new UserStore(records);
        store.put("contoso", UsersViewTest.user("a1", "Adele Vance", "adele.vance@contoso.example", true, List.of(),
                true, Instant.now(), "Member", ""));
        store.put("contoso", UsersViewTest.user("a2", "Gone Person", "gone@contoso.example", true, List.of(), true,
                Instant.now(), "Member", "").deletedAt(Instant.now()));
        store.put("fabrikam", UsersViewTest.user("f1", "Other Tenant", "other@fabrikam.example", true, List.of(),
                true, Instant.now(), "Member", ""));
        OffboardingView view = TestHost.with(records, tenants, officer, new MemoryAudit(),
                new MemoryWork(UserIds.PLUGIN, "officer@msp.example", tenants), new UsersViewTest.NoGraph(),
                new MemoryActionRuns(25, officer)).fill(new OffboardingView());
        view.setTenant("contoso");

        view.setPasted("userPrincipalName,displayName\n\"ADELE.VANCE@contoso.example\",Adele\ngone@contoso.example\n"
                + "other@fabrikam.example\n\n");
        view.addPasted();

        assertEquals(List.of(Map.entry("a1", "Adele Vance (adele.vance@contoso.example)")), view.getChosen(),
                "a deleted user and another tenant's are not offered");
        assertEquals("", view.getPasted());
    }
}
