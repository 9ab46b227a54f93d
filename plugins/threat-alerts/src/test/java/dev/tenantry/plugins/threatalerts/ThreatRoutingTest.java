package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySecrets;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.routing.RoutingRule;
import dev.tenantry.plugins.threatalerts.routing.RoutingStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing page over a fleet: its rules name their tenants in one read, and a tenant is found by searching. */
class ThreatRoutingTest {

    private final FleetTenants fleet = FleetTenants.of(300);
    private final MemoryRecords records = new MemoryRecords();

    private ThreatRouting routing(MemoryPortalUser user) {
        return TestHost.with(user, fleet, records, new MemoryNotifications(), new MemorySecrets(), new MemoryAudit())
                .fill(new ThreatRouting());
    }

    private void rule(String id, RoutingRule.Target target, String value) {
        new RoutingStore(records).putRule(new RoutingRule(id, id, true, target, value, Severity.HIGH, List.of(),
                RoutingRule.Channel.EMAIL, List.of("soc@northwind-msp.example"), "", "", null, "test",
                Instant.now()));
    }

    @Test
    void aManagerOfOneTenantSeesItsRulesNamedAndFindsOnlyTheirTenants() {
        rule("everywhere", RoutingRule.Target.ALL_TENANTS, "");
        rule("mine", RoutingRule.Target.TENANT, FleetTenants.id(7));
        rule("theirs", RoutingRule.Target.TENANT, FleetTenants.id(8));
        MemoryPortalUser jo = new MemoryPortalUser("jo@northwind-msp.example", "Jo")
                .holding(ThreatIds.MANAGE_ROUTING, FleetTenants.id(7)).holding(ThreatIds.MANAGE_ROUTING,
                        FleetTenants.id(250));
        ThreatRouting routing = routing(jo);

        List<ThreatRouting.RuleRow> rules = routing.getRules();
        assertEquals(List.of("mine"), rules.stream().map(row -> row.rule().id()).toList());
        assertEquals("HIGH and above in Tenant 007 → soc@northwind-msp.example", rules.get(0).summary());
        assertEquals(List.of(FleetTenants.id(7), FleetTenants.id(250)), routing.completeTenant("tenant"));
        assertEquals("Tenant 250", routing.tenantName(FleetTenants.id(250)));
    }
}
