package dev.tenantry.plugin.api.firewall;

import static dev.tenantry.plugin.api.manifest.ScopeSet.Connection.APPLICATION;
import static dev.tenantry.plugin.api.manifest.ScopeSet.Connection.DELEGATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphPermissionMapTest {

    private final GraphPermissionMap map = GraphPermissionMap.shipped();

    @Test
    void theShippedMapNamesItsSourceAndListsMicrosoftsPaths() {
        assertTrue(map.sourceCommit().matches("[0-9a-f]{40}"), map.sourceCommit());
        assertTrue(map.size() > 10_000, "pairs: " + map.size());
    }

    @Test
    void aReadPermissionAllowsReadsButNotWrites() {
        assertTrue(map.allows("GET", "/users", DELEGATED, List.of("User.ReadBasic.All")));
        assertTrue(map.allows("GET", "/users/1f9c0c1e-0000-4000-8000-000000000001", DELEGATED, List.of("User.Read.All")));
        assertFalse(map.allows("PATCH", "/users/1f9c0c1e-0000-4000-8000-000000000001", DELEGATED,
                List.of("User.Read.All")));
        assertTrue(map.allows("PATCH", "/users/abc", DELEGATED, List.of("User.ReadWrite.All")));
        assertFalse(map.allows("POST", "/identity/conditionalAccess/policies", DELEGATED, List.of("Policy.Read.All")));
        assertTrue(map.allows("GET", "/identity/conditionalAccess/policies", DELEGATED, List.of("Policy.Read.All")));
    }

    @Test
    void aReadPermissionTheMapListsBesideAWriteDoesNotUnlockTheWrite() {
        // Microsoft's map lists Policy.Read.All and Application.Read.All for creating a policy: required alongside
        assertTrue(map.permissionsFor("POST", "/identity/conditionalAccess/policies", DELEGATED)
                .contains("Policy.ReadWrite.ConditionalAccess"));
        assertFalse(map.allows("POST", "/identity/conditionalAccess/policies", DELEGATED,
                List.of("Policy.Read.All", "Application.Read.All")));
        assertFalse(map.allows("PATCH", "/identity/conditionalAccess/policies/p1", DELEGATED,
                List.of("Policy.Read.All")));
        // A POST that only reads keeps its read permissions
        assertTrue(map.allows("POST", "/users/u1/getMemberGroups", DELEGATED, List.of("User.Read.All")));
    }

    @Test
    void aLiteralSegmentIsJudgedAsItselfNotAsAPlaceholder() {
        assertEquals(List.of("/users/delta"), map.templatesFor("GET", "/users/delta"));
        assertEquals(List.of("/users/{id}"), map.templatesFor("GET", "/users/adele@contoso.example"));
    }

    @Test
    void keysInParenthesesQuotesAndEncodingAreMatched() {
        assertTrue(map.allows("GET", "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')", DELEGATED,
                List.of("Application.Read.All")));
        assertTrue(map.allows("GET", "/users/adele%40contoso.example", DELEGATED, List.of("User.Read.All")));
        assertTrue(map.allows("GET", "/users?$select=id&$top=5", DELEGATED, List.of("User.Read.All")));
        // Teams' Location header writes keys in parentheses; the supplement gives the operation's permissions
        assertEquals(List.of("/teams/{id}/operations/{id}"), map.templatesFor("GET", "/teams('t1')/operations('o1')"));
        assertTrue(map.allows("GET", "/teams('t1')/operations('o1')", DELEGATED, List.of("Team.Create")));
        assertFalse(map.allows("GET", "/teams('t1')/operations('o1')", DELEGATED, List.of("Channel.ReadBasic.All")));
        assertEquals(List.of("/users/{id}"), map.templatesFor("GET", "/users('adele@contoso.example')"));
    }

    @Test
    void countAndValueAreJudgedAsWhatTheyCount() {
        assertTrue(map.allows("GET", "/users/$count", DELEGATED, List.of("User.Read.All")));
        assertFalse(map.allows("GET", "/users/$count", DELEGATED, List.of("Group.Read.All")));
        // A reference is judged as the relationship: removing a member needs a membership write permission
        assertTrue(map.allows("DELETE", "/groups/g1/members/u1/$ref", DELEGATED, List.of("GroupMember.ReadWrite.All")));
        assertFalse(map.allows("DELETE", "/groups/g1/members/u1/$ref", DELEGATED, List.of("GroupMember.Read.All")));
    }

    @Test
    void theKindOfConnectionCounts() {
        assertTrue(map.allows("GET", "/me", DELEGATED, List.of("User.Read")));
        assertFalse(map.allows("GET", "/me", APPLICATION, List.of("User.Read.All")), "/me has no application caller");
        assertFalse(map.allows("GET", "/no/such/graph/path", DELEGATED, List.of("Directory.ReadWrite.All")));
        assertFalse(map.lists("GET", "/no/such/graph/path"));
    }

    @Test
    void endpointsMicrosoftsMapLacksComeFromTheSupplementWithTheirReferencePagesPermissions() {
        assertTrue(map.allows("POST", "/groups/g1/members/$ref", DELEGATED, List.of("GroupMember.ReadWrite.All")));
        assertFalse(map.allows("POST", "/groups/g1/members/$ref", DELEGATED, List.of("GroupMember.Read.All")),
                "a read permission never adds a member");
        assertTrue(map.allows("GET", "/directory/deletedItems/microsoft.graph.user", DELEGATED,
                List.of("User.Read.All")));
        assertFalse(map.allows("GET", "/directory/deletedItems/microsoft.graph.user", DELEGATED,
                List.of("Group.Read.All")));
        assertTrue(map.allows("GET", "/directory/deletedItems/graph.user", DELEGATED, List.of("User.Read.All")),
                "the SDK writes the cast without microsoft.");
        // Restoring a group: the map names the user permissions only; the reference page adds the group's
        assertTrue(map.allows("POST", "/directory/deletedItems/g1/restore", DELEGATED, List.of("Group.ReadWrite.All")));
        assertTrue(map.allows("POST", "/directory/deletedItems/u1/restore", DELEGATED,
                List.of("User.DeleteRestore.All")));
    }
}
