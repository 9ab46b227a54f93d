package dev.tenantry.emulator;

import static dev.tenantry.emulator.UserLicencesTest.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Group membership by reference, a user's memberOf, and deleted users and Microsoft 365 groups. */
class GroupsAndDeletedItemsTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    String sales;
    String itAdmins;
    DirectoryUser adele;
    DirectoryUser lee;

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
        callers = new GraphCallers(emulator, "9e1f4a27-6d3c-4b85-a0e9-2c7b5d8f1a36", "group-tests-secret");
        contoso = emulator.tenant("contoso.example");
        sales = group("Sales");
        itAdmins = group("IT Admins");
        adele = contoso.user("adele.vance@contoso.example").orElseThrow();
        lee = contoso.user("lee.gu@contoso.example").orElseThrow();
    }

    @Test
    void membersAreAddedAndRemovedByReference() throws Exception {
        String token = callers.appOnly(contoso, "GroupMember.ReadWrite.All");
        long version = lee.version();

        assertEquals(204, add(token, sales, lee.id()).statusCode());
        assertTrue(contoso.groupMembers(sales).contains(lee.id()));
        HttpResponse<String> again = add(token, sales, lee.id());
        assertEquals(400, again.statusCode());
        assertEquals("One or more added object references already exist for the following modified properties: "
                + "'members'.", Json.parse(again.body()).path("error").path("message").asText());
        assertEquals(204, remove(token, sales, lee.id()).statusCode());
        assertEquals(404, remove(token, sales, lee.id()).statusCode(), "no longer a member");
        assertEquals(404, add(token, sales, "00000000-0000-0000-0000-000000000000").statusCode());
        assertEquals(version, lee.version(), "membership is not a change of the user for delta");
    }

    @Test
    void changingMembersTakesGroupMemberReadWriteAllAndDelegatedAGroupsRoleOrOwnership() throws Exception {
        assertEquals(403, add(callers.appOnly(contoso, "GroupMember.Read.All"), sales, lee.id()).statusCode());
        DirectoryUser ordinary = callers.user(contoso, "ordinary");
        String ordinaryToken = callers.delegated(contoso, ordinary, "GroupMember.ReadWrite.All");
        assertEquals(403, add(ordinaryToken, sales, lee.id()).statusCode());
        emulator.directory().addGroupOwner(contoso, sales, ordinary.id());
        assertEquals(204, add(ordinaryToken, sales, lee.id()).statusCode(), "an owner");
        assertEquals(403, add(ordinaryToken, itAdmins, adele.id()).statusCode(), "owns Sales only");

        String groupsAdministrator = callers.delegated(contoso, callers.user(contoso, "groups-admin",
                DirectoryRoles.GROUPS_ADMINISTRATOR), "GroupMember.ReadWrite.All");
        assertEquals(204, add(groupsAdministrator, itAdmins, adele.id()).statusCode());

        contoso.group(itAdmins).orElseThrow().put("isAssignableToRole", true);
        assertEquals(403, remove(groupsAdministrator, itAdmins, adele.id()).statusCode(), "role-assignable");
        String privileged = callers.delegated(contoso, callers.user(contoso, "pra", DirectoryRoles
                .PRIVILEGED_ROLE_ADMINISTRATOR), "GroupMember.ReadWrite.All", "RoleManagement.ReadWrite.Directory");
        assertEquals(204, remove(privileged, itAdmins, adele.id()).statusCode());
    }

    @Test
    void memberOfListsGroupsAndDirectoryRolesWithTheirTypes() throws Exception {
        JsonNode memberOf = Json.parse(callers.call(callers.appOnly(contoso, "Directory.Read.All"), "GET",
                "/users/" + lee.id() + "/memberOf", null).body());
        List<String> types = new ArrayList<>();
        memberOf.path("value").forEach(item -> types.add(item.path("@odata.type").asText() + " "
                + item.path("displayName").asText()));
        assertEquals(List.of("#microsoft.graph.group IT Admins", "#microsoft.graph.directoryRole User Administrator"),
                types);

        String own = callers.delegated(contoso, adele, "User.Read");
        assertEquals(200, callers.call(own, "GET", "/users/" + adele.id() + "/memberOf", null).statusCode());
        assertEquals(403, callers.call(own, "GET", "/users/" + lee.id() + "/memberOf", null).statusCode(),
                "User.Read reaches only the signed-in user");
    }

    @Test
    void aSignedInUserReadsTheirOwnRolesAndLicencesThroughMe() throws Exception {
        // Before User.Read is granted (grants are the tenant's, and a token holds every one)
        assertEquals(403, callers.call(callers.delegated(contoso, lee, "Mail.Send"), "GET", "/me/memberOf", null)
                .statusCode(), "User.Read (or more) is needed");
        String leeToken = callers.delegated(contoso, lee, "User.Read");
        JsonNode roles = Json.parse(callers.call(leeToken, "GET", "/me/memberOf", null).body());
        List<String> names = new ArrayList<>();
        roles.path("value").forEach(item -> names.add(item.path("displayName").asText()));
        assertEquals(List.of("IT Admins", "User Administrator"), names);
        JsonNode licences = Json.parse(callers.call(leeToken, "GET", "/me/licenseDetails", null).body());
        assertEquals(lee.json().path("assignedLicenses").size(), licences.path("value").size());
        assertTrue(licences.path("value").get(0).path("servicePlans").isArray());

        assertEquals(400, callers.call(callers.appOnly(contoso, "Directory.Read.All"), "GET", "/me/memberOf", null)
                .statusCode(), "/me is only for a signed-in user");
    }

    @Test
    void aDeletedMicrosoft365GroupIsListedRestoredWithItsMembersOrDeletedForGood() throws Exception {
        String token = callers.appOnly(contoso, "Group.ReadWrite.All");
        assertEquals(204, callers.call(token, "DELETE", "/groups/" + sales, null).statusCode());
        JsonNode deleted = Json.parse(callers.call(token, "GET", "/directory/deletedItems/microsoft.graph.group", null)
                .body());
        assertEquals("Sales", deleted.path("value").get(0).path("displayName").asText());
        assertTrue(deleted.path("value").get(0).has("deletedDateTime"));

        HttpResponse<String> restored = callers.call(token, "POST", "/directory/deletedItems/" + sales + "/restore",
                null);
        assertEquals(200, restored.statusCode(), restored.body());
        assertEquals("#microsoft.graph.group", Json.parse(restored.body()).path("@odata.type").asText());
        assertEquals(2, contoso.groupMembers(sales).size());

        callers.call(token, "DELETE", "/groups/" + sales, null);
        assertEquals(204, callers.call(token, "DELETE", "/directory/deletedItems/" + sales, null).statusCode());
        assertEquals(List.of(), contoso.deletedGroups());
        assertEquals(204, callers.call(token, "DELETE", "/groups/" + itAdmins, null).statusCode());
        assertEquals(0, Json.parse(callers.call(token, "GET", "/directory/deletedItems/microsoft.graph.group", null)
                .body()).path("value").size(), "a security group is deleted for good at once");
    }

    @Test
    void restoringAndPurgingTakeTheObjectTypesPermission() throws Exception {
        String users = callers.appOnly(contoso, "User.DeleteRestore.All");
        assertEquals(204, callers.call(users, "DELETE", "/users/" + adele.id(), null).statusCode(),
                "User.DeleteRestore.All deletes users");
        emulator.directory().deleteGroup(contoso, sales);

        Tenant fabrikam = emulator.tenant("fabrikam.example");
        assertEquals(403, callers.call(callers.appOnly(fabrikam, "User.Read.All"), "GET",
                "/directory/deletedItems/microsoft.graph.group", null).statusCode());
        assertEquals(403, callers.call(users, "POST", "/directory/deletedItems/" + sales + "/restore", null)
                .statusCode(), "a group takes Group.ReadWrite.All");
        String groups = new GraphCallers(emulator, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "other-secret")
                .appOnly(contoso, "Group.ReadWrite.All");
        assertEquals(403, callers.call(groups, "POST", "/directory/deletedItems/" + adele.id() + "/restore", null)
                .statusCode(), "a user takes User.DeleteRestore.All");
        assertEquals(200, callers.call(users, "POST", "/directory/deletedItems/" + adele.id() + "/restore", null)
                .statusCode());
        assertEquals(200, callers.call(groups, "POST", "/directory/deletedItems/" + sales + "/restore", null)
                .statusCode());

        String userAdministrator = callers.delegated(contoso, callers.user(contoso, "user-admin",
                DirectoryRoles.USER_ADMINISTRATOR), "Group.ReadWrite.All");
        emulator.directory().deleteGroup(contoso, sales);
        assertEquals(403, callers.call(userAdministrator, "DELETE", "/directory/deletedItems/" + sales, null)
                .statusCode(), "purging a group takes Groups Administrator");
    }

    @Test
    void aUserWhoseNameWasTakenSinceCannotBeRestoredAndDeletedItemsGoAfterThirtyDays() throws Exception {
        String token = callers.appOnly(contoso, "User.DeleteRestore.All", "User.ReadWrite.All");
        callers.call(token, "DELETE", "/users/" + adele.id(), null);
        callers.call(token, "POST", "/users", "{\"accountEnabled\": true, \"displayName\": \"New Adele\", "
                + "\"mailNickname\": \"adele.vance\", \"userPrincipalName\": \"adele.vance@contoso.example\", "
                + "\"passwordProfile\": {\"password\": \"Another-Pass-2026!\"}}");

        HttpResponse<String> conflict = callers.call(token, "POST", "/directory/deletedItems/" + adele.id()
                + "/restore", null);
        assertEquals(400, conflict.statusCode());
        assertEquals("Request_BadRequest", code(conflict));

        emulator.directory().deleteGroup(contoso, sales);
        emulator.advanceClock(Duration.ofDays(31));
        token = callers.appOnly(contoso);
        assertEquals(404, callers.call(token, "POST", "/directory/deletedItems/" + adele.id() + "/restore", null)
                .statusCode(), "purged after 30 days");
        assertTrue(contoso.deletedGroups().isEmpty());
    }

    private HttpResponse<String> add(String token, String group, String member) throws Exception {
        return callers.call(token, "POST", "/groups/" + group + "/members/$ref", "{\"@odata.id\": \""
                + emulator.graphBaseUrl() + "/directoryObjects/" + member + "\"}");
    }

    private HttpResponse<String> remove(String token, String group, String member) throws Exception {
        return callers.call(token, "DELETE", "/groups/" + group + "/members/" + member + "/$ref", null);
    }

    private String group(String name) {
        return contoso.groups().stream().filter(group -> group.path("displayName").asText().equals(name)).findFirst()
                .orElseThrow().path("id").asText();
    }
}
