package dev.tenantry.plugins.usermanagement.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugins.usermanagement.Grants;
import dev.tenantry.plugins.usermanagement.InContoso;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Microsoft 365 group deleted and restored against the emulator, with the group lifecycle scope set; security groups
 * (gone for good once deleted) are neither offered nor deleted; the portal permission is checked first.
 */
class GroupLifecycleTest extends InContoso {

    final MemoryPortalUser person = new MemoryPortalUser("admin@northwind-msp.example", "Admin")
            .holding(UserIds.VIEW).holding(UserIds.DELETE);
    String marketing;
    String security;

    GroupLifecycleTest() {
        super(UserIds.DIRECTORY_SCOPES, UserIds.GROUP_LIFECYCLE_SCOPES);
    }

    @BeforeEach
    void arrange() {
        marketing = emulator.directory().addGroup(contoso, Json.object().put("displayName", "Marketing Team")
                .put("mail", "marketing@contoso.example").put("mailEnabled", true).put("securityEnabled", false)
                .set("groupTypes", Json.array().add("Unified")), List.of()).path("id").asText();
        security = emulator.directory().addGroup(contoso, Json.object().put("displayName", "Marketing Admins")
                .put("mailEnabled", false).put("securityEnabled", true), List.of()).path("id").asText();
    }

    GroupLifecycle lifecycle(MemoryPortalUser who) {
        return new GroupLifecycle(graph, audit, who);
    }

    @Test
    void aMicrosoft365GroupIsDeletedListedAsDeletedAndRestored() {
        GroupLifecycle.Found found = lifecycle(person).search(contoso.id(), "Market");
        assertEquals(List.of(marketing), found.groups().stream().map(GroupLifecycle.M365Group::id).toList(),
                "only the Microsoft 365 group is offered");

        UserActions.Outcome deleted = lifecycle(person).delete(contoso.id(), marketing, "Marketing Team");
        assertTrue(deleted.done(), deleted.message());
        assertTrue(contoso.group(marketing).isEmpty());
        assertEquals(List.of(marketing), lifecycle(person).deleted(contoso.id()).groups().stream()
                .map(GroupLifecycle.M365Group::id).toList());

        UserActions.Outcome restored = lifecycle(person).restore(contoso.id(), marketing, "Marketing Team");
        assertTrue(restored.done(), restored.message());
        assertTrue(contoso.group(marketing).isPresent());
        assertEquals(List.of("delete-group", "restore-group"), audit.entries().stream()
                .map(MemoryAudit.Entry::action).toList());
    }

    @Test
    void anAccountWithoutAGroupsRoleIsRefusedByMicrosoftAndThatIsSaidNotAskedAsConsent() throws Exception {
        // The administrator consents for the organisation; the integration account then is a plain user
        Grants.grant(graph, CONTOSO, "isaiah.langer@" + CONTOSO, UserIds.GROUP_LIFECYCLE_SCOPES);

        UserActions.Outcome refused = lifecycle(person).delete(contoso.id(), marketing, "Marketing Team");

        assertFalse(refused.done());
        assertTrue(refused.message().startsWith("Microsoft refused (HTTP 403)"), refused.message());
        assertEquals("", refused.consentScopeSet(), "no consent card");
        assertTrue(contoso.group(marketing).isPresent());
        assertTrue(audit.entries().isEmpty());
    }

    @Test
    void aSecurityGroupIsNotDeletedHereAndNobodyWithoutThePermissionDeletesAnything() {
        UserActions.Outcome refused = lifecycle(person).delete(contoso.id(), security, "Marketing Admins");
        assertFalse(refused.done());
        assertTrue(contoso.group(security).isPresent());

        emulator.requestLog().clear();
        MemoryPortalUser viewer = new MemoryPortalUser("viewer@northwind-msp.example", "Viewer").holding(UserIds.VIEW);
        assertFalse(lifecycle(viewer).delete(contoso.id(), marketing, "Marketing Team").done());
        assertEquals(0, emulator.requestLog().matching(entry -> entry.kind().startsWith("graph")).size());
        assertTrue(contoso.group(marketing).isPresent());
    }
}
