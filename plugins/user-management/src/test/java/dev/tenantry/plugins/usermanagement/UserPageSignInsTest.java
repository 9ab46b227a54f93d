package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
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

    UserPage page(M365Emulator emulator, EmulatorGraphAccess graph) throws Exception {
        Tenant contoso = emulator.tenant(Grants.CONTOSO);
        MemoryRecords records = new MemoryRecords();
        new DirectorySync(graph, new UserStore(records), new MemoryClaims(), Clock.systemUTC(), Duration.ofDays(1))
                .sync(contoso.id(), true);
        MemoryTenants tenants = new MemoryTenants();
        tenants.add(contoso.id(), "Contoso", Grants.CONTOSO);
        UserPage page = TestHost.with(records, tenants, new MemoryPortalUser("tech@msp.example", "Tech")
                .holding(UserIds.VIEW), graph, new MemoryAudit(), new MemoryNotifications()).fill(new UserPage());
        page.setTenant(contoso.id());
        page.setId(contoso.user("isaiah.langer@" + Grants.CONTOSO).orElseThrow().id());
        return page;
    }

    @Test
    void theUsersSignInsAreReadWithTheActivityScopeSet(M365Emulator emulator) throws Exception {
        EmulatorGraphAccess graph = Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES, UserIds.ACTIVITY_SCOPES);
        emulator.requestLog().clear();

        UserPage.SignIns signIns = page(emulator, graph).getSignIns();

        assertEquals("", signIns.problem());
        assertFalse(signIns.consentMissing());
        assertTrue(signIns.list().size() <= 10);
        assertTrue(emulator.requestLog().matching(entry -> entry.path().endsWith("/auditLogs/signIns")
                && entry.query() != null && entry.query().contains("userId")).size() == 1, "filtered on the user");
    }

    @Test
    void withoutTheActivityScopeSetThePageOffersIt(M365Emulator emulator) throws Exception {
        UserPage.SignIns signIns = page(emulator, Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES)).getSignIns();

        assertTrue(signIns.consentMissing());
        assertTrue(signIns.problem().contains(UserIds.ACTIVITY_SCOPES));
    }
}
