package com.example.hello;

import dev.tenantry.plugin.testkit.PluginContract;
import org.junit.jupiter.api.Test;

/** The manifest declares what the code uses, and nothing it does not. */
class HelloContractTest {

    @Test
    void codeAndManifestAgree() throws Exception {
        PluginContract.of(HelloIds.PLUGIN)
                .usesScopeSets(HelloIds.PROFILE_SCOPES, HelloIds.AUDIT_SCOPES)
                .usesPermissions(HelloIds.VIEW)
                .verify();
    }
}
