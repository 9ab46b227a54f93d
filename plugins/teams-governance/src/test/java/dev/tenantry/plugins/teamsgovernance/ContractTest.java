package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.testkit.PluginContract;
import org.junit.jupiter.api.Test;

/** The manifest declares what the code uses, and the code uses what the manifest declares. */
class ContractTest {

    @Test
    void codeAndManifestAgree() throws Exception {
        PluginContract.of(TeamsIds.PLUGIN)
                .usesScopeSets(TeamsIds.BASIC_SCOPES, TeamsIds.HOME_SCOPES, TeamsIds.CATALOG_SCOPES,
                        TeamsIds.PROVISIONING_SCOPES, TeamsIds.LABEL_SCOPES, TeamsIds.ARCHIVE_SCOPES,
                        TeamsIds.RESTORE_SCOPES)
                .usesPermissions(TeamsIds.VIEW, TeamsIds.REQUEST, TeamsIds.MANAGE_CATALOG, TeamsIds.APPROVE,
                        TeamsIds.ADMINISTER)
                .verify();
    }
}
