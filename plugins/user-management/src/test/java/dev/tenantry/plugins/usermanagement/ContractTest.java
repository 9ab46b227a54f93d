package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.testkit.PluginContract;
import org.junit.jupiter.api.Test;

/** The manifest declares what the code uses, and the code uses what the manifest declares. */
class ContractTest {

    @Test
    void codeAndManifestAgree() throws Exception {
        PluginContract.of(UserIds.PLUGIN)
                .usesScopeSets(UserIds.DIRECTORY_SCOPES, UserIds.ACTIVITY_SCOPES, UserIds.PASSWORD_SCOPES,
                        UserIds.SIGN_IN_BLOCK_SCOPES, UserIds.SESSION_SCOPES, UserIds.MAIL_SCOPES,
                        UserIds.LICENCE_SCOPES, UserIds.GROUP_SCOPES, UserIds.METHOD_SCOPES, UserIds.TAP_SCOPES,
                        UserIds.DELETE_SCOPES, UserIds.CREATE_SCOPES, UserIds.MAILBOX_SCOPES, UserIds.GROUP_LIFECYCLE_SCOPES)
                .usesPermissions(UserIds.VIEW, UserIds.RESET_PASSWORD, UserIds.SIGN_IN, UserIds.MANAGE_ADMINS,
                        UserIds.LICENCES, UserIds.GROUPS, UserIds.MFA, UserIds.DELETE, UserIds.CREATE,
                        UserIds.MANAGE_TEMPLATES, UserIds.OFFBOARD, UserIds.MAILBOXES)
                .verify();
    }
}
