package dev.tenantry.plugins.threatalerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.identityprotection.riskyusers.confirmcompromised.ConfirmCompromisedPostRequestBody;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Graph permission firewall for Threat Alerts: with the remedies' scope sets granted, the detections scope set's
 * token carries their permissions too, yet through it the plugin can only read detections and risky users; a remedy
 * made under it (confirm compromised), alone or inside a {@code $batch}, is refused before it leaves.
 */
@EmulatorTest
class ScopeSetFirewallTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";

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
}
