package dev.tenantry.plugins.threatalerts.respond;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugins.threatalerts.ThreatIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each remedy through its own scope set, against the emulator: refused without it, done and audited with it. */
@EmulatorTest
class RemediatorTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";

    M365Emulator emulator;
    Tenant contoso;
    String adele;
    final List<String> audited = new ArrayList<>();
    final PluginAudit audit = (action, tenant, target, details) -> audited.add(action + " " + target);

    @BeforeEach
    void reset(M365Emulator emulator) {
        this.emulator = emulator;
        contoso = emulator.tenant(CONTOSO);
        adele = contoso.user("adele.vance@contoso.example").orElseThrow().id();
        emulator.directory().injectRiskDetection(contoso, Json.object().put("userId", adele)
                .put("riskEventType", "anonymizedIPAddress").put("riskLevel", "high"));
        audited.clear();
    }

    @Test
    void eachRemedyNeedsItsOwnScopeSetAndNothingElse() throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(ThreatIds.DETECTION_SCOPES, CONTOSO,
                ADMIN, false, List.of("IdentityRiskEvent.Read.All", "IdentityRiskyUser.Read.All"));
        Remediator remediator = new Remediator(graph, audit, tenant -> true);
        for (Remedy remedy : Remedy.values()) {
            ConsentRequiredException missing = assertThrows(ConsentRequiredException.class, () -> remediator
                    .apply(contoso.id(), adele, "adele.vance@contoso.example", remedy, "incident-1"));
            assertTrue(missing.getMessage().contains(remedy.scopeSet()), missing.getMessage());
        }
        assertTrue(audited.isEmpty(), "nothing done, nothing audited");
    }

    @Test
    void withoutThePermissionToRespondEveryRemedyIsRefusedBeforeReachingMicrosoft() throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant(ThreatIds.RISK_RESPONSE_SCOPES, CONTOSO, ADMIN, false, List.of("IdentityRiskyUser.ReadWrite.All"))
                .grant(ThreatIds.SESSION_SCOPES, CONTOSO, ADMIN, false, List.of("User.RevokeSessions.All"))
                .grant(ThreatIds.PASSWORD_SCOPES, CONTOSO, ADMIN, false, List.of("User-PasswordProfile.ReadWrite.All"));
        List<String> asked = new ArrayList<>();
        Remediator analyst = new Remediator(graph, audit, tenant -> {
            asked.add(tenant);
            return false;
        });
        emulator.requestLog().clear();
        for (Remedy remedy : Remedy.values()) {
            Remediator.NotAllowedException refused = assertThrows(Remediator.NotAllowedException.class,
                    () -> analyst.apply(contoso.id(), adele, "adele.vance@contoso.example", remedy, "i-1"));
            assertTrue(refused.getMessage().contains(ThreatIds.RESPOND), refused.getMessage());
        }
        assertEquals(Remedy.values().length, asked.size());
        assertTrue(asked.stream().allMatch(contoso.id()::equals), "asked about the incident's tenant");
        assertTrue(emulator.requestLog().matching(entry -> entry.path().contains("/riskyUsers")
                || entry.path().contains("/users/")).isEmpty(), "nothing reached Microsoft");
        assertEquals("atRisk", emulator.directory().riskyUser(contoso, adele).orElseThrow().path("riskState").asText());
        assertTrue(audited.isEmpty(), "nothing done, nothing audited");
    }

    @Test
    void aRemedyMicrosoftRefusesTheAccountIsSaidAsSuchNotAskedAsConsent() throws Exception {
        // The administrator consents for the organisation; the integration account then is a plain user
        List<String> response = List.of("IdentityRiskyUser.ReadWrite.All");
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant(ThreatIds.RISK_RESPONSE_SCOPES, CONTOSO, ADMIN, false, response)
                .grant(ThreatIds.RISK_RESPONSE_SCOPES, CONTOSO, "isaiah.langer@contoso.example", false, response);
        Remediator remediator = new Remediator(graph, audit, tenant -> true);

        Remediator.RefusedException refused = assertThrows(Remediator.RefusedException.class, () -> remediator
                .apply(contoso.id(), adele, "adele.vance@contoso.example", Remedy.CONFIRM_COMPROMISED, "i-1"));

        assertTrue(refused.getMessage().contains("(HTTP 403)") && refused.getMessage().contains("directory role"),
                refused.getMessage());
        assertEquals("atRisk", emulator.directory().riskyUser(contoso, adele).orElseThrow().path("riskState").asText());
        assertTrue(audited.isEmpty(), "nothing done, nothing audited");
    }

    @Test
    void withItsScopeSetEachRemedyChangesTheUserInTheTenantAndIsAudited() throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant(ThreatIds.RISK_RESPONSE_SCOPES, CONTOSO, ADMIN, false, List.of("IdentityRiskyUser.ReadWrite.All"))
                .grant(ThreatIds.SESSION_SCOPES, CONTOSO, ADMIN, false, List.of("User.RevokeSessions.All"))
                .grant(ThreatIds.PASSWORD_SCOPES, CONTOSO, ADMIN, false, List.of("User-PasswordProfile.ReadWrite.All"));
        Remediator remediator = new Remediator(graph, audit, tenant -> true);

        remediator.apply(contoso.id(), adele, "adele.vance@contoso.example", Remedy.CONFIRM_COMPROMISED, "i-1");
        assertEquals("confirmedCompromised", emulator.directory().riskyUser(contoso, adele).orElseThrow()
                .path("riskState").asText());
        remediator.apply(contoso.id(), adele, "adele.vance@contoso.example", Remedy.DISMISS_RISK, "i-1");
        assertEquals("dismissed", emulator.directory().riskyUser(contoso, adele).orElseThrow()
                .path("riskState").asText());

        emulator.requestLog().clear();
        remediator.apply(contoso.id(), adele, "adele.vance@contoso.example", Remedy.REVOKE_SESSIONS, "i-1");
        assertEquals(1, emulator.requestLog().matching(entry -> entry.path().equals("/v1.0/users/" + adele
                + "/revokeSignInSessions") && entry.status() == 200).size());

        remediator.apply(contoso.id(), adele, "adele.vance@contoso.example", Remedy.FORCE_PASSWORD_RESET, "");
        assertTrue(contoso.user(adele).orElseThrow().json().path("passwordProfile")
                .path("forceChangePasswordNextSignIn").asBoolean(), "asked to change the password");

        assertEquals(List.of("remediation.confirm-compromised adele.vance@contoso.example",
                "remediation.dismiss-risk adele.vance@contoso.example",
                "remediation.revoke-sessions adele.vance@contoso.example",
                "remediation.force-password-reset adele.vance@contoso.example"), audited);
    }
}
