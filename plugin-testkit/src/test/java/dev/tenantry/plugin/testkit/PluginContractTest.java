package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PluginContractTest {

    @Test
    void codeAndManifestThatAgreePass() throws Exception {
        PluginContract.of("hello").usesScopeSets("hello.profile").usesPermissions("hello:read", "tenants:read")
                .verify();
    }

    @Test
    void everyDisagreementIsReportedAtOnce() throws Exception {
        PluginContract contract = PluginContract.of("hello").usesScopeSets("hello.mail")
                .usesPermissions("hello:write");

        AssertionError failure = assertThrows(AssertionError.class, contract::verify);

        assertTrue(failure.getMessage().contains("scope set 'hello.mail', which the manifest does not declare"));
        assertTrue(failure.getMessage().contains("permission 'hello:write', which the manifest does not declare"));
        assertTrue(failure.getMessage().contains("scope set 'hello.profile', which the code never uses"));
        assertTrue(failure.getMessage().contains("permission 'hello:read', which the code never checks"));
    }
}
