package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.testkit.PluginContract;
import org.junit.jupiter.api.Test;

/** The manifest declares what the code uses, and the code uses what the manifest declares. */
class ContractTest {

    @Test
    void codeAndManifestAgree() throws Exception {
        PluginContract.of(ThreatIds.PLUGIN)
                .usesScopeSets(ThreatIds.DETECTION_SCOPES, ThreatIds.SIGN_IN_SCOPES, ThreatIds.RISK_RESPONSE_SCOPES, ThreatIds.SESSION_SCOPES,
                        ThreatIds.PASSWORD_SCOPES)
                .usesPermissions(ThreatIds.VIEW, ThreatIds.TRIAGE, ThreatIds.RESPOND, ThreatIds.MANAGE_ROUTING)
                .verify();
    }
}
