package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.plugin.testkit.MemoryActionRuns;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.MemoryWork;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leavers pasted as sign-in names (or a CSV of UPNs) are found among the tenant's active users, whatever the case. */
class OffboardingViewTest {

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
