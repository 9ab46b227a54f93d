package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * without Entra ID P1, or for an account without a reader role, is said as Microsoft's refusal, and which of the two,
 * not offered as consent (granting the scope set again would help neither).
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
    void theIncidentsUserHasTheirLatestSignInsListed(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant("contoso.example");
        String adele = "adele.vance@contoso.example";
        for (int i = 1; i <= 11; i++) {
            emulator.directory().recordSignIn(contoso, contoso.user(adele).orElseThrow(), "app", "Outlook",
                    "203.0.113." + i, i == 11 ? 50126 : 0, "Invalid username or password.");
        }
        emulator.directory().recordSignIn(contoso, contoso.user("isaiah.langer@contoso.example").orElseThrow(), "app",
                "Outlook", "192.0.2.99", 0, null);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(ThreatIds.SIGN_IN_SCOPES,
                "contoso.example", "megan.bowen@contoso.example", false, AUDIT_LOG);

        ThreatIncident page = page(contoso, adele, graph);

        assertEquals("", page.getSignInsProblem());
        assertEquals(ThreatIncident.SIGN_INS_SHOWN, page.getSignIns().size());
        assertEquals("203.0.113.11", page.getSignIns().get(0).ipAddress(), "the latest first");
        assertEquals("Failed (50126): Invalid username or password.", page.getSignIns().get(0).status());
        assertTrue(page.getSignIns().stream().noneMatch(line -> line.ipAddress().equals("192.0.2.99")),
                "the incident's user's only");
    }

    @Test
    void withoutTheSignInsScopeSetThePageOffersIt(M365Emulator emulator) throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator);

        ThreatIncident page = page(emulator.tenant("contoso.example"), "adele.vance@contoso.example", graph);

        assertTrue(page.isSignInsConsentMissing());
        assertEquals("Recent sign-ins need the scope set " + ThreatIds.SIGN_IN_SCOPES + " (AuditLog.Read.All)",
                page.getSignInsProblem());
    }

    @Test
    void inATenantWithoutEntraIdP1MicrosoftsRefusalIsSaid(M365Emulator emulator) throws Exception {
        String patti = "patti.fernandez@fabrikam.example";
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(ThreatIds.SIGN_IN_SCOPES,
                "fabrikam.example", patti, false, AUDIT_LOG);

        ThreatIncident page = page(emulator.tenant("fabrikam.example"), patti, graph);

        assertFalse(page.isSignInsConsentMissing(), "granting again does not license the tenant");
        assertEquals("Microsoft Graph refused the sign-in log (HTTP 403): the tenant has no Entra ID P1",
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
        assertEquals("Microsoft Graph refused the sign-in log (HTTP 403): the integration account needs a role that "
                + "reads sign-in logs (Reports Reader, Security Reader or Global Reader)", page.getSignInsProblem());
    }
}
