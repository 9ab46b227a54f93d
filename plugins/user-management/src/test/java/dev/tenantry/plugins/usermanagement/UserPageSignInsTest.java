package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.api.SignInLog;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A user's recent sign-ins on their page: read with the activity scope set only for that user (the emulator filters
 * the sign-in log like Graph), and offered as consent when the scope set is not granted.
 */
@EmulatorTest
class UserPageSignInsTest {

    static final String FABRIKAM = "fabrikam.example";

    UserPage page(M365Emulator emulator, EmulatorGraphAccess graph) throws Exception {
        return page(emulator, graph, Grants.CONTOSO, "isaiah.langer@" + Grants.CONTOSO);
    }

    UserPage page(M365Emulator emulator, EmulatorGraphAccess graph, String domain, String shown) throws Exception {
        Tenant tenant = emulator.tenant(domain);
        MemoryRecords records = new MemoryRecords();
        new DirectorySync(graph, new UserStore(records), new MemoryClaims(), new ThreadTasks(), Clock.systemUTC(),
                Duration.ofDays(1))
                .sync(tenant.id(), true);
        MemoryTenants tenants = new MemoryTenants();
        tenants.add(tenant.id(), tenant.displayName(), domain);
        UserPage page = TestHost.with(records, tenants, new MemoryPortalUser("tech@msp.example", "Tech")
                .holding(UserIds.VIEW), graph, new MemoryAudit(), new MemoryNotifications()).fill(new UserPage());
        page.setTenant(tenant.id());
        page.setId(tenant.user(shown).orElseThrow().id());
        return page;
    }

    @Test
    void theUsersSignInsAreReadWithTheActivityScopeSet(M365Emulator emulator) throws Exception {
        EmulatorGraphAccess graph = Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES, UserIds.ACTIVITY_SCOPES);
        Tenant contoso = emulator.tenant(Grants.CONTOSO);
        for (int i = 1; i <= 12; i++) {
            emulator.directory().recordSignIn(contoso, contoso.user("isaiah.langer@" + Grants.CONTOSO).orElseThrow(),
                    "app", "Outlook", "203.0.113." + i, i == 12 ? 50126 : 0, "Invalid username or password.");
        }
        emulator.requestLog().clear();

        SignInLog.Result signIns = page(emulator, graph).getSignIns();

        assertEquals("", signIns.problem());
        assertFalse(signIns.consentMissing());
        assertEquals(UserPage.SIGN_INS_SHOWN, signIns.lines().size());
        assertEquals("203.0.113.12", signIns.lines().get(0).ipAddress(), "the latest first");
        assertEquals("Failed (50126): Invalid username or password.", signIns.lines().get(0).status());
        assertTrue(signIns.lines().get(0).failed());
        assertEquals("Success", signIns.lines().get(1).status());
        assertTrue(emulator.requestLog().matching(entry -> entry.path().endsWith("/auditLogs/signIns")
                && entry.query() != null && entry.query().contains("userId")).size() == 1, "filtered on the user");
    }

    @Test
    void withoutTheActivityScopeSetThePageOffersIt(M365Emulator emulator) throws Exception {
        SignInLog.Result signIns = page(emulator, Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES)).getSignIns();

        assertTrue(signIns.consentMissing());
        assertTrue(signIns.problem().contains(UserIds.ACTIVITY_SCOPES));
    }

    @Test
    void inATenantWithoutEntraIdP1MicrosoftsRefusalIsSaidNotAskedAsConsent(M365Emulator emulator) throws Exception {
        String patti = "patti.fernandez@" + FABRIKAM;
        EmulatorGraphAccess graph = Grants.grant(EmulatorGraphAccess.register(emulator), FABRIKAM, patti,
                UserIds.DIRECTORY_SCOPES, UserIds.ACTIVITY_SCOPES);

        SignInLog.Result signIns = page(emulator, graph, FABRIKAM, patti).getSignIns();

        assertFalse(signIns.consentMissing(), "granting again does not license the tenant");
        assertEquals("Microsoft Graph refused the sign-in log (HTTP 403): the tenant has no Entra ID P1",
                signIns.problem());
    }

    @Test
    void anAccountWithoutARoleThatReadsSignInsIsToldSoNotAskedForConsent(M365Emulator emulator) throws Exception {
        EmulatorGraphAccess graph = Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES, UserIds.ACTIVITY_SCOPES);
        UserPage page = page(emulator, graph);
        // The administrator consented for the organisation; the integration account then is a plain user
        Grants.grant(graph, Grants.CONTOSO, "adele.vance@" + Grants.CONTOSO, UserIds.ACTIVITY_SCOPES);

        SignInLog.Result signIns = page.getSignIns();

        assertFalse(signIns.consentMissing());
        assertTrue(signIns.problem().startsWith("Microsoft Graph refused the sign-in log (HTTP 403): the integration "
                + "account needs a role that reads sign-in logs"), signIns.problem());
    }
}
