package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PluginWork.WorkStatus;
import dev.tenantry.plugin.api.PortalUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory fakes behave as the host's services do, so a plugin tested with them behaves the same in the portal. */
class MemoryServicesTest {

    static class Model {
        @HostService
        PortalUser user;

        @HostService
        PluginAudit audit;
    }

    @Test
    void aPermissionForAllTenantsCountsInEachButOneInATenantOnlyThere() {
        MemoryPortalUser user = new MemoryPortalUser("adele@contoso.example", "Adele").holding("hello:view")
                .holding("hello:greet", "contoso").choosing("contoso");

        assertTrue(user.holds("hello:view", "fabrikam"));
        assertTrue(user.holds("hello:greet", "contoso"));
        assertFalse(user.holds("hello:greet", "fabrikam"));
        assertFalse(user.holds("hello:greet", null), "one tenant's permission is not one for all tenants");
        assertEquals("contoso", user.selectedTenantId().orElseThrow());
    }

    @Test
    void workOverTenantsNamesTheTenantThatFailedAndFailsOnlyWhenAllDid() {
        MemoryTenants tenants = MemoryTenants.of(new PluginTenants.Tenant("a", "A", "a.example", java.util.Set.of()));
        tenants.add("b", "B", "b.example");
        MemoryWork work = new MemoryWork("hello", "adele@contoso.example", tenants);

        WorkStatus some = work.status(work.startEach("scan", List.of("a", "b"), (tenant, progress) -> {
            if (tenant.equals("b")) {
                throw new IllegalStateException("throttled");
            }
            return "ok";
        })).orElseThrow();
        WorkStatus all = work.status(work.startEach("scan", List.of("b"), (tenant, progress) -> {
            throw new IllegalStateException("throttled");
        })).orElseThrow();

        assertEquals("SUCCESS", some.state());
        assertEquals("1 of 2 tenants done; failed: b (throttled)", some.message());
        assertEquals(100, some.percent());
        assertEquals("FAILED", all.state());
        assertThrows(IllegalArgumentException.class, () -> work.startEach("scan", List.of("c"), (t, p) -> "ok"),
                "a tenant the plugin does not work in is refused before anything runs");
    }

    @Test
    void theTestHostFillsEachHostServiceAndRefusesToLeaveOneEmpty() {
        MemoryPortalUser user = new MemoryPortalUser("adele@contoso.example", "Adele");
        MemoryAudit audit = new MemoryAudit();

        Model filled = TestHost.with(user, audit).fill(new Model());
        filled.audit.record("greet", null, "adele", Map.of("n", "1"));

        assertSame(user, filled.user);
        assertEquals(List.of(new MemoryAudit.Entry("greet", null, "adele", Map.of("n", "1"))), audit.of("greet"));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> TestHost.with(user).fill(new Model()));
        assertTrue(missing.getMessage().contains("Model.audit needs one PluginAudit"), missing.getMessage());
    }

    @Test
    void settingsAnswerWhatTheTestSetWithThePluginApisDefaults() {
        MemorySettings settings = MemorySettings.of(Map.of("interval", "PT10M")).set("bad", "soon");

        assertEquals(java.time.Duration.ofMinutes(10), settings.getDuration("interval", java.time.Duration.ofHours(1),
                java.time.Duration.ofMinutes(1)));
        assertEquals(java.time.Duration.ofHours(1), settings.getDuration("bad", java.time.Duration.ofHours(1),
                java.time.Duration.ofMinutes(1)));
    }
}
