package dev.tenantry.plugins.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyState;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugins.secure.deploy.PolicyTemplates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Graph permission firewall, as the host's gateway and the test kit apply it: Entra (and the emulator) put every
 * permission the tenant granted into each token, so once Secure's deploy scope set is granted, the posture scope set's
 * token could create Conditional Access policies; the firewall lets each scope set make only the requests its own
 * permissions allow in Microsoft's permission map, and the audit scope set run only the cmdlet its manifest names.
 */
@EmulatorTest
class ScopeSetFirewallTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";

    @Test
    void aPluginCannotCallOutsideItsScopeSet(M365Emulator emulator) throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                // Deploy first: the posture token, obtained after, then carries deploy's permissions too
                .grant(SecureIds.DEPLOY_SCOPES, CONTOSO, ADMIN, false, List.of("Policy.ReadWrite.ConditionalAccess",
                        "Policy.Read.All", "Group.ReadWrite.All"))
                .grant(SecureIds.POSTURE_SCOPES, CONTOSO, ADMIN, false, List.of("Policy.Read.All",
                        "AuditLog.Read.All", "LicenseAssignment.Read.All", "User.Read"))
                .grant(SecureIds.AUDIT_SCOPES, CONTOSO, ADMIN, true, List.of("Exchange.Manage"));
        String tenant = emulator.tenant(CONTOSO).id();
        int before = graph.call(tenant, SecureIds.POSTURE_SCOPES,
                g -> g.identity().conditionalAccess().policies().get().getValue().size());
        emulator.requestLog().clear();

        String group = graph.call(tenant, SecureIds.DEPLOY_SCOPES, g -> g.groups().get().getValue().get(0).getId());
        ConditionalAccessPolicy policy = PolicyTemplates.ADMIN_MFA.policy(
                ConditionalAccessPolicyState.EnabledForReportingButNotEnforced, group);
        GraphRequestRefusedException refused = assertThrows(GraphRequestRefusedException.class, () -> graph.call(
                tenant, SecureIds.POSTURE_SCOPES, g -> g.identity().conditionalAccess().policies().post(policy)));
        assertEquals(SecureIds.POSTURE_SCOPES, refused.scopeSetId());
        assertEquals("POST /identity/conditionalAccess/policies", refused.method() + " " + refused.path());
        assertTrue(refused.getMessage().contains("Policy.ReadWrite.ConditionalAccess"), refused.getMessage());
        assertTrue(emulator.requestLog().matching(entry -> entry.path().contains("conditionalAccess")).isEmpty(),
                "the refused request never reached Microsoft");

        GraphRequestRefusedException cmdlet = assertThrows(GraphRequestRefusedException.class, () -> graph.exchange(
                tenant, SecureIds.AUDIT_SCOPES, "Set-AdminAuditLogConfig", Map.of("UnifiedAuditLogIngestionEnabled",
                        false)));
        assertTrue(cmdlet.getMessage().contains("Get-AdminAuditLogConfig"), cmdlet.getMessage());

        int after = graph.call(tenant, SecureIds.POSTURE_SCOPES,
                g -> g.identity().conditionalAccess().policies().get().getValue().size());
        assertEquals(before, after, "no policy was created");
        assertEquals(2, graph.decisions().stream().filter(decision -> !decision.allowed()).count(),
                "two refusals: " + graph.decisions());
    }
}
