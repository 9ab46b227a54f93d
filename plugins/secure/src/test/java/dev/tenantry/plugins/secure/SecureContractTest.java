package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.testkit.PluginContract;
import org.junit.jupiter.api.Test;

/** The manifest declares what the code uses, and nothing it does not. */
class SecureContractTest {

    @Test
    void codeAndManifestAgree() throws Exception {
        PluginContract.of(SecureIds.PLUGIN)
                .usesScopeSets(SecureIds.POSTURE_SCOPES, SecureIds.SCORE_SCOPES, SecureIds.AUDIT_SCOPES,
                        SecureIds.DEPLOY_SCOPES)
                .usesPermissions(SecureIds.VIEW, SecureIds.MANAGE_EXCEPTIONS, SecureIds.DEPLOY_POLICY)
                .verify();
    }
}
