package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An incident's user's recent sign-ins on the incident page, against the emulator: Microsoft's 403 for a tenant
 * without Entra ID P1, or for an account without a reader role, is said as Microsoft's refusal, not offered as consent
 * (granting the scope set again would help neither).
 */
@EmulatorTest
class ThreatIncidentSignInsTest {

    private static final List<String> AUDIT_LOG = List.of("AuditLog.Read.All");

    ThreatIncident page(Tenant tenant, String userPrincipalName, EmulatorGraphAccess graph) {
        MemoryRecords records = new MemoryRecords();
        Instant now = Instant.now();
        new ThreatStore(records).putIncident(new Incident("incident-1", tenant.id(), tenant.user(userPrincipalName)
                .orElseThrow().id(), userPrincipalName, userPrincipalName, Severity.HIGH, Incident.State.NEW, "",
                List.of(), List.of("unlikelyTravel"), now, now, now, List.of()));
        ThreatIncident page = TestHost.with(new MemoryPortalUser("analyst@msp.example", "Analyst")
                .holding(ThreatIds.VIEW), graph, records, new MemoryAudit()).fill(new ThreatIncident());
        page.setTenant(tenant.id());
        page.setId("incident-1");
        return page;
    }

    @Test
    void inATenantWithoutEntraIdP1MicrosoftsRefusalIsSaid(M365Emulator emulator) throws Exception {
        String patti = "patti.fernandez@fabrikam.example";
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(ThreatIds.SIGN_IN_SCOPES,
                "fabrikam.example", patti, false, AUDIT_LOG);

        ThreatIncident page = page(emulator.tenant("fabrikam.example"), patti, graph);

        assertFalse(page.isSignInsConsentMissing(), "granting again does not license the tenant");
        assertTrue(page.getSignInsProblem().startsWith("Microsoft Graph refused the sign-in log (HTTP 403)"),
                page.getSignInsProblem());
        assertTrue(page.getSignIns().isEmpty());
    }

    @Test
    void anAccountWithoutAReaderRoleIsRefusedAndThatIsSaid(M365Emulator emulator) throws Exception {
        // The administrator consents for the organisation; the integration account then is a plain user
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant(ThreatIds.SIGN_IN_SCOPES, "contoso.example", "megan.bowen@contoso.example", false, AUDIT_LOG)
                .grant(ThreatIds.SIGN_IN_SCOPES, "contoso.example", "isaiah.langer@contoso.example", false,
                        AUDIT_LOG);

        ThreatIncident page = page(emulator.tenant("contoso.example"), "adele.vance@contoso.example", graph);

        assertFalse(page.isSignInsConsentMissing());
        assertTrue(page.getSignInsProblem().startsWith("Microsoft Graph refused the sign-in log (HTTP 403)"),
                page.getSignInsProblem());
    }
}
