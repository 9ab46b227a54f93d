package dev.tenantry.emulator;

import static dev.tenantry.emulator.DelegatedReadRolesTest.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing consent with delegated access takes the roles Microsoft names: delegated permission grants are updated and
 * deleted by Application, Cloud Application, User or Privileged Role Administrators, Application Developers and
 * Directory Writers; an app role assignment of Microsoft Graph's is deleted by a Privileged Role Administrator only.
 */
class ConsentWriteRolesTest {

    private static final String OTHER_APP = "9d3e7b15-2c84-4f6a-a0d9-5b1e8c4f7a26";

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        callers = new GraphCallers(emulator, "c7a2e4f9-1b36-4d85-9e0c-6f3a8d2b5e17", "consent-tests-secret");
        contoso = emulator.tenant("contoso.example");
        emulator.register(new Application(OTHER_APP, "Another app", contoso.id(), List.of("s"),
                List.of("http://localhost:8080/"), Map.of()));
    }

    @Test
    void aDelegatedPermissionGrantIsUpdatedAndDeletedOnlyByTheRolesMicrosoftNames() throws Exception {
        ObjectNode otherSp = emulator.directory().ensureServicePrincipal(contoso,
                emulator.directory().application(OTHER_APP).orElseThrow());
        String grant = emulator.directory().grantDelegated(contoso, otherSp.get("id").asText(),
                emulator.directory().graphServicePrincipal(contoso).get("id").asText(), null,
                List.of("User.Read", "Mail.Read")).get("id").asText();
        String scope = "DelegatedPermissionGrant.ReadWrite.All";

        for (String role : List.of("", DirectoryRoles.SECURITY_ADMINISTRATOR, DirectoryRoles.GLOBAL_READER)) {
            GraphServiceClient refused = callers.graph(callers.delegated(contoso, role.isEmpty() ? callers.user(
                    contoso, "ordinary") : callers.user(contoso, DelegatedReadRolesTest.alias(role), role), scope));
            assertDenied(() -> refused.oauth2PermissionGrants().byOAuth2PermissionGrantId(grant).patch(
                    scope("User.Read")));
            assertDenied(() -> refused.oauth2PermissionGrants().byOAuth2PermissionGrantId(grant).delete());
        }
        for (String role : List.of(DirectoryRoles.DIRECTORY_WRITERS, DirectoryRoles.USER_ADMINISTRATOR,
                DirectoryRoles.APPLICATION_DEVELOPER)) {
            callers.graph(callers.delegated(contoso, callers.user(contoso, DelegatedReadRolesTest.alias(role), role),
                    scope)).oauth2PermissionGrants().byOAuth2PermissionGrantId(grant).patch(scope(role));
            assertEquals(role, emulator.directory().permissionGrant(contoso, grant).orElseThrow().get("scope")
                    .asText());
        }
        callers.graph(callers.delegated(contoso, callers.user(contoso, "cloud-app-admin",
                DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR), scope)).oauth2PermissionGrants()
                .byOAuth2PermissionGrantId(grant).delete();
        assertTrue(emulator.directory().permissionGrant(contoso, grant).isEmpty());
    }

    @Test
    void anAppRoleAssignmentOfMicrosoftGraphIsDeletedByAPrivilegedRoleAdministratorNotAnApplicationAdministrator()
            throws Exception {
        ObjectNode otherSp = emulator.directory().ensureServicePrincipal(contoso,
                emulator.directory().application(OTHER_APP).orElseThrow());
        emulator.directory().assignAppRole(contoso, otherSp, emulator.directory().graphServicePrincipal(contoso),
                emulator.directory().catalogue().graph().appRole("User.Read.All").orElseThrow());
        String spId = otherSp.get("id").asText();
        String assignment = contoso.appRoleAssignments().stream().filter(a -> a.path("principalId").asText()
                .equals(spId)).findFirst().orElseThrow().get("id").asText();
        String scope = "AppRoleAssignment.ReadWrite.All";

        for (String role : List.of("", DirectoryRoles.APPLICATION_ADMINISTRATOR,
                DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR, DirectoryRoles.USER_ADMINISTRATOR)) {
            GraphServiceClient refused = callers.graph(callers.delegated(contoso, role.isEmpty() ? callers.user(
                    contoso, "ordinary") : callers.user(contoso, DelegatedReadRolesTest.alias(role), role), scope));
            assertDenied(() -> refused.servicePrincipals().byServicePrincipalId(spId).appRoleAssignments()
                    .byAppRoleAssignmentId(assignment).delete());
        }
        callers.graph(callers.delegated(contoso, callers.user(contoso, "pra",
                DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR), scope)).servicePrincipals()
                .byServicePrincipalId(spId).appRoleAssignments().byAppRoleAssignmentId(assignment).delete();
        assertTrue(contoso.appRoleAssignments().stream().noneMatch(a -> a.path("id").asText().equals(assignment)));
    }

    private static OAuth2PermissionGrant scope(String value) {
        OAuth2PermissionGrant change = new OAuth2PermissionGrant();
        change.setScope(value);
        return change;
    }
}
