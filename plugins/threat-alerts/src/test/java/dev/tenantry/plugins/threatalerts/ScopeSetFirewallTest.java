package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.identityprotection.riskyusers.confirmcompromised.ConfirmCompromisedPostRequestBody;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Graph permission firewall for Threat Alerts: with the remedies' scope sets granted, the detections scope set's
 * token carries their permissions too, yet through it the plugin can only read detections and risky users; a remedy
 * made under it (confirm compromised), alone or inside a {@code $batch}, is refused before it leaves. And consent is
 * not the whole of least privilege: a member without a directory role, holding every scope set the administrator
 * consented to, is refused the detections and the remedies by Microsoft (the emulator), which the plugin meets as the
 * host lets a 403 out of a call: "consent required".
 */
@EmulatorTest
class ScopeSetFirewallTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    /** A seeded member of Contoso without any directory role. */
    private static final String MEMBER = "adele.vance@contoso.example";

    @Test
    void aPluginCannotCallOutsideItsScopeSet(M365Emulator emulator) throws Exception {
        // The remedies first: the detections token, obtained after, carries their permissions too
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant(ThreatIds.RISK_RESPONSE_SCOPES, CONTOSO, ADMIN, false, List.of("IdentityRiskyUser.ReadWrite.All"))
                .grant(ThreatIds.SESSION_SCOPES, CONTOSO, ADMIN, false, List.of("User.RevokeSessions.All"))
                .grant(ThreatIds.DETECTION_SCOPES, CONTOSO, ADMIN, false,
                        List.of("IdentityRiskEvent.Read.All", "IdentityRiskyUser.Read.All"));
        String tenant = emulator.tenant(CONTOSO).id();
        String adele = emulator.tenant(CONTOSO).user("adele.vance@contoso.example").orElseThrow().id();
        emulator.requestLog().clear();

        ConfirmCompromisedPostRequestBody body = new ConfirmCompromisedPostRequestBody();
        body.setUserIds(List.of(adele));
        GraphRequestRefusedException refused = assertThrows(GraphRequestRefusedException.class, () -> graph.call(
                tenant, ThreatIds.DETECTION_SCOPES, g -> {
                    g.identityProtection().riskyUsers().confirmCompromised().post(body);
                    return null;
                }));
        assertEquals("POST /identityProtection/riskyUsers/confirmCompromised", refused.method() + " " + refused.path());
        assertTrue(refused.getMessage().contains("IdentityRiskyUser.ReadWrite.All"), refused.getMessage());

        GraphRequestRefusedException batched = assertThrows(GraphRequestRefusedException.class, () -> graph.call(
                tenant, ThreatIds.DETECTION_SCOPES, g -> dev.tenantry.plugin.api.GraphBatch.send(g, java.util.Map.of(
                        "detections", g.identityProtection().riskDetections().toGetRequestInformation(),
                        "confirm", g.identityProtection().riskyUsers().confirmCompromised()
                                .toPostRequestInformation(body)), 1)));
        assertTrue(batched.getMessage().contains("in a $batch"), batched.getMessage());
        assertEquals("/identityProtection/riskyUsers/confirmCompromised", batched.path());

        assertTrue(emulator.requestLog().matching(entry -> "POST".equals(entry.method())).isEmpty(),
                "nothing reached Microsoft: " + emulator.requestLog().entries());
        // Reading what the scope set is for still works
        assertTrue(graph.call(tenant, ThreatIds.DETECTION_SCOPES,
                g -> g.identityProtection().riskyUsers().get().getValue()) != null);
    }

    @Test
    void aMemberWithoutADirectoryRoleIsRefusedTheDetectionsAndTheRemediesDespiteTheConsent(M365Emulator emulator)
            throws Exception {
        List<String> detections = List.of("IdentityRiskEvent.Read.All", "IdentityRiskyUser.Read.All");
        List<String> response = List.of("IdentityRiskyUser.ReadWrite.All");
        List<String> password = List.of("User-PasswordProfile.ReadWrite.All");
        // The administrator consents for the organisation; then a member signs in with the same permissions
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant(ThreatIds.DETECTION_SCOPES, CONTOSO, ADMIN, false, detections)
                .grant(ThreatIds.RISK_RESPONSE_SCOPES, CONTOSO, ADMIN, false, response)
                .grant(ThreatIds.PASSWORD_SCOPES, CONTOSO, ADMIN, false, password)
                .grant(ThreatIds.DETECTION_SCOPES, CONTOSO, MEMBER, false, detections)
                .grant(ThreatIds.RISK_RESPONSE_SCOPES, CONTOSO, MEMBER, false, response)
                .grant(ThreatIds.PASSWORD_SCOPES, CONTOSO, MEMBER, false, password);
        String tenant = emulator.tenant(CONTOSO).id();
        String isaiah = emulator.tenant(CONTOSO).user("isaiah.langer@contoso.example").orElseThrow().id();
        emulator.requestLog().clear();

        assertRefused(() -> graph.call(tenant, ThreatIds.DETECTION_SCOPES,
                g -> g.identityProtection().riskDetections().get()));
        assertRefused(() -> graph.call(tenant, ThreatIds.DETECTION_SCOPES,
                g -> g.identityProtection().riskyUsers().get()));
        ConfirmCompromisedPostRequestBody body = new ConfirmCompromisedPostRequestBody();
        body.setUserIds(List.of(isaiah));
        assertRefused(() -> graph.call(tenant, ThreatIds.RISK_RESPONSE_SCOPES, g -> {
            g.identityProtection().riskyUsers().confirmCompromised().post(body);
            return null;
        }));
        com.microsoft.graph.models.PasswordProfile profile = new com.microsoft.graph.models.PasswordProfile();
        profile.setForceChangePasswordNextSignIn(true);
        com.microsoft.graph.models.User change = new com.microsoft.graph.models.User();
        change.setPasswordProfile(profile);
        assertRefused(() -> graph.call(tenant, ThreatIds.PASSWORD_SCOPES, g -> {
            g.users().byUserId(isaiah).patch(change);
            return null;
        }));

        assertEquals(List.of(403, 403, 403, 403), emulator.requestLog().matching(entry -> "graph".equals(
                entry.kind())).stream().map(entry -> entry.status()).toList(), "each reached the emulator, refused");
        assertEquals("atRisk", emulator.directory().riskyUser(emulator.tenant(CONTOSO), isaiah).orElseThrow()
                .path("riskState").asText(), "nothing changed");
    }

    /** Refused by Microsoft with 403, which reaches a plugin as "consent required" once it leaves the call. */
    private static void assertRefused(org.junit.jupiter.api.function.Executable call) {
        ConsentRequiredException refused = assertThrows(ConsentRequiredException.class, call);
        assertTrue(refused.status().reason().contains("(HTTP 403)"), refused.getMessage());
    }
}
