package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.Tenant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Delegated reads of Identity Protection, Conditional Access and delegated permission grants need, beside the scope,
 * one of the directory roles each API's reference page names; app-only tokens are judged by their app roles alone.
 */
class DelegatedReadRolesTest {

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
        callers = new GraphCallers(emulator, "6b1e4d2a-93c7-4f58-b0a6-2d8e7c1f5a39", "role-tests-secret");
        contoso = emulator.tenant("contoso.example");
    }

    @Test
    void riskDetectionsAndRiskyUsersAreReadOnlyBySecurityReadersOperatorsAdministratorsAndGlobalReaders()
            throws Exception {
        String[] scopes = {"IdentityRiskEvent.Read.All", "IdentityRiskyUser.Read.All"};
        String isaiah = contoso.user("isaiah.langer@contoso.example").orElseThrow().id();
        Consumer<GraphServiceClient> reads = graph -> {
            graph.identityProtection().riskDetections().get();
            graph.identityProtection().riskyUsers().get();
            graph.identityProtection().riskyUsers().byRiskyUserId(isaiah).get();
            graph.identityProtection().riskyUsers().byRiskyUserId(isaiah).history().get();
        };

        GraphServiceClient ordinary = callers.graph(callers.delegated(contoso, callers.user(contoso, "ordinary"),
                scopes));
        assertDenied(() -> ordinary.identityProtection().riskDetections().get());
        assertDenied(() -> ordinary.identityProtection().riskyUsers().get());
        assertDenied(() -> ordinary.identityProtection().riskyUsers().byRiskyUserId(isaiah).get());
        assertDenied(() -> ordinary.identityProtection().riskyUsers().byRiskyUserId(isaiah).history().get());
        assertDenied(() -> callers.graph(callers.delegated(contoso, callers.user(contoso, "ca-admin",
                DirectoryRoles.CONDITIONAL_ACCESS_ADMINISTRATOR), scopes)).identityProtection().riskDetections().get());

        for (String role : List.of(DirectoryRoles.SECURITY_READER, DirectoryRoles.SECURITY_OPERATOR,
                DirectoryRoles.SECURITY_ADMINISTRATOR, DirectoryRoles.GLOBAL_READER,
                DirectoryRoles.GLOBAL_ADMINISTRATOR)) {
            reads.accept(callers.graph(callers.delegated(contoso, callers.user(contoso, alias(role), role), scopes)));
        }
        reads.accept(callers.graph(callers.appOnly(contoso, scopes)));
    }

    @Test
    void conditionalAccessPoliciesAndNamedLocationsAreReadOnlyByTheRolesMicrosoftNames() throws Exception {
        String policy = emulator.tenant("contoso.example").collection("/identity/conditionalAccess/policies")
                .orElseThrow().path("value").get(0).path("id").asText();
        Consumer<GraphServiceClient> reads = graph -> {
            graph.identity().conditionalAccess().policies().get();
            graph.identity().conditionalAccess().policies().byConditionalAccessPolicyId(policy).get();
            graph.identity().conditionalAccess().namedLocations().get();
        };

        GraphServiceClient ordinary = callers.graph(callers.delegated(contoso, callers.user(contoso, "ordinary"),
                "Policy.Read.All"));
        assertDenied(() -> ordinary.identity().conditionalAccess().policies().get());
        assertDenied(() -> ordinary.identity().conditionalAccess().policies().byConditionalAccessPolicyId(policy)
                .get());
        assertDenied(() -> ordinary.identity().conditionalAccess().namedLocations().get());
        assertDenied(() -> callers.graph(callers.delegated(contoso, callers.user(contoso, "operator",
                DirectoryRoles.SECURITY_OPERATOR), "Policy.Read.All")).identity().conditionalAccess().policies().get());

        for (String role : List.of(DirectoryRoles.CONDITIONAL_ACCESS_ADMINISTRATOR, DirectoryRoles.SECURITY_READER,
                DirectoryRoles.SECURITY_ADMINISTRATOR, DirectoryRoles.GLOBAL_READER,
                DirectoryRoles.GLOBAL_SECURE_ACCESS_ADMINISTRATOR, DirectoryRoles.GLOBAL_ADMINISTRATOR)) {
            reads.accept(callers.graph(callers.delegated(contoso, callers.user(contoso, alias(role), role),
                    "Policy.Read.All")));
        }
        reads.accept(callers.graph(callers.appOnly(contoso, "Policy.Read.All")));
    }

    @Test
    void delegatedPermissionGrantsAreReadOnlyByDirectoryAndApplicationRoles() throws Exception {
        GraphServiceClient ordinary = callers.graph(callers.delegated(contoso, callers.user(contoso, "ordinary"),
                "Directory.Read.All"));
        assertDenied(() -> ordinary.oauth2PermissionGrants().get());
        String grant = callers.graph(callers.appOnly(contoso, "Directory.Read.All")).oauth2PermissionGrants().get()
                .getValue().get(0).getId();
        assertDenied(() -> ordinary.oauth2PermissionGrants().byOAuth2PermissionGrantId(grant).get());
        assertDenied(() -> callers.graph(callers.delegated(contoso, callers.user(contoso, "security-reader",
                DirectoryRoles.SECURITY_READER), "Directory.Read.All")).oauth2PermissionGrants().get());

        for (String role : List.of(DirectoryRoles.DIRECTORY_READERS, DirectoryRoles.GLOBAL_READER,
                DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR, DirectoryRoles.USER_ADMINISTRATOR)) {
            GraphServiceClient reader = callers.graph(callers.delegated(contoso, callers.user(contoso, alias(role),
                    role), "Directory.Read.All"));
            assertTrue(!reader.oauth2PermissionGrants().get().getValue().isEmpty(), role);
            assertEquals(grant, reader.oauth2PermissionGrants().byOAuth2PermissionGrantId(grant).get().getId());
        }
    }

    static void assertDenied(Executable call) {
        ODataError error = assertThrows(ODataError.class, call);
        assertEquals(403, error.getResponseStatusCode());
        assertEquals("Authorization_RequestDenied", error.getError().getCode());
    }

    static String alias(String role) {
        return role.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
