package dev.tenantry.plugins.secure.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.models.ConditionalAccessPolicyState;
import com.microsoft.graph.models.UserRegistrationDetails;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import dev.tenantry.plugins.secure.posture.Reading;
import dev.tenantry.plugins.secure.posture.Status;
import dev.tenantry.plugins.secure.posture.TenantPosture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The policies Tenantry deploys: exactly what the checks ask for, excluding only the break-glass group. */
class PolicyTemplatesTest {

    private static final String GROUP = "5b0c4d1e-2f3a-4b5c-8d6e-7f8091a2b3c4";

    @Test
    void theAdministratorsPolicyCoversEveryPrivilegedRoleExcludesOnlyTheGroupAndStartsReportOnly() {
        JsonObject json = Json.createReader(new StringReader(PolicyTemplates.json(PolicyTemplates.ADMIN_MFA.policy(
                ConditionalAccessPolicyState.EnabledForReportingButNotEnforced, GROUP)))).readObject();
        assertEquals("Tenantry: require MFA for administrators", json.getString("displayName"));
        assertEquals("enabledForReportingButNotEnforced", json.getString("state"));
        JsonObject users = json.getJsonObject("conditions").getJsonObject("users");
        assertEquals(PostureChecks.privilegedRoles().keySet(), users.getJsonArray("includeRoles")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString)
                .collect(Collectors.toSet()));
        assertEquals(List.of(GROUP), strings(users, "excludeGroups"));
        assertFalse(users.containsKey("excludeUsers") && !users.getJsonArray("excludeUsers").isEmpty());
        assertFalse(users.containsKey("excludeRoles") && !users.getJsonArray("excludeRoles").isEmpty());
        assertEquals(List.of("All"), strings(json.getJsonObject("conditions").getJsonObject("applications"),
                "includeApplications"));
        assertEquals(List.of("all"), strings(json.getJsonObject("conditions"), "clientAppTypes"));
        assertEquals(List.of("mfa"), strings(json.getJsonObject("grantControls"), "builtInControls"));
        assertEquals("OR", json.getJsonObject("grantControls").getString("operator"));
        assertFalse(json.containsKey("id"), "Graph assigns the id");
    }

    @Test
    void onceOnEachPolicyPassesItsCheckWithTheDocumentedGroupAndReportOnlyOnlyWarns() {
        for (PolicyTemplates template : PolicyTemplates.values()) {
            var on = template.policy(ConditionalAccessPolicyState.Enabled, GROUP);
            var reportOnly = template.policy(ConditionalAccessPolicyState.EnabledForReportingButNotEnforced, GROUP);
            assertEquals(Status.PASS, check(template.checkId(), List.of(on), Set.of(GROUP)), template.id());
            assertEquals(Status.WARNING, check(template.checkId(), List.of(reportOnly), Set.of(GROUP)),
                    template.id());
            assertEquals(Status.WARNING, check(template.checkId(), List.of(on), Set.of()),
                    "an undocumented excluded group is broad: " + template.id());
        }
        var users = PolicyTemplates.USER_MFA.policy(ConditionalAccessPolicyState.Enabled, GROUP);
        assertEquals(List.of("All"), users.getConditions().getUsers().getIncludeUsers());
        assertTrue(users.getConditions().getUsers().getIncludeRoles() == null
                || users.getConditions().getUsers().getIncludeRoles().isEmpty());
    }

    @Test
    void thePreviewListsWhoThePolicyReachesWithTheirMfaRegistrationAndTheExcludedLast() {
        List<UserRegistrationDetails> report = List.of(
                registration("1", "megan@contoso.example", true, true),
                registration("2", "adele@contoso.example", false, false),
                registration("3", "breakglass@contoso.example", true, false),
                registration("4", "lee@contoso.example", true, false));
        List<PolicyPreview.Affected> admins = PolicyPreview.affected(PolicyTemplates.ADMIN_MFA, report, Set.of("3"));
        assertEquals(List.of("lee@contoso.example", "megan@contoso.example", "breakglass@contoso.example"),
                admins.stream().map(PolicyPreview.Affected::userPrincipalName).toList(),
                "not registered first, excluded last; Adele is no administrator");
        assertTrue(admins.get(2).excluded());
        assertFalse(admins.get(0).mfaRegistered());
        assertEquals(4, PolicyPreview.affected(PolicyTemplates.USER_MFA, report, Set.of()).size());
    }

    private static Status check(String id, List<com.microsoft.graph.models.ConditionalAccessPolicy> policies,
            Set<String> breakGlass) {
        TenantPosture posture = new TenantPosture(Reading.of(dev.tenantry.plugins.secure.posture.Licences.of(
                List.of("AAD_PREMIUM_P2"))), Reading.of(policies), Reading.of(List.of()), Reading.of(
                new com.microsoft.graph.models.AuthorizationPolicy()), Reading.of(List.of()), Reading.of(true),
                new Reading.PermissionMissing<>("secure.score"), Reading.of(true), breakGlass);
        return PostureChecks.find(id).orElseThrow().evaluate(posture).status();
    }

    private static UserRegistrationDetails registration(String id, String upn, boolean admin, boolean mfa) {
        UserRegistrationDetails details = new UserRegistrationDetails();
        details.setId(id);
        details.setUserPrincipalName(upn);
        details.setUserDisplayName(upn);
        details.setIsAdmin(admin);
        details.setIsMfaRegistered(mfa);
        return details;
    }

    private static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }
}
