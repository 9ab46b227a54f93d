package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Microsoft 365 group expiration (policy, renewal, deletion when it passes, a new lifetime on restore), sensitivity
 * labels, and a group's update with its label (Entra ID P1, a label for groups and sites).
 */
class GroupGovernanceTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    String sales;
    String itAdmins;

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
        callers = new GraphCallers(emulator, "0c6e2a91-37b4-4d58-9f1e-a84d3b7c52e6", "governance-tests-secret");
        contoso = emulator.tenant("contoso.example");
        sales = group(contoso, "Sales");
        itAdmins = group(contoso, "IT Admins");
    }

    @Test
    void aManagedGroupExpiresALifetimeAfterItsLastRenewalAndIsThenDeletedSoftly() throws Exception {
        assertTrue(groupJson(sales).path("expirationDateTime").isNull(), "no policy, no expiration");
        emulator.directory().lifecycle().setPolicy(contoso, 180, "All", List.of(), List.of("it@contoso.example"));
        String reader = callers.appOnly(contoso, "Directory.Read.All", "Group.Read.All");
        JsonNode policies = Json.parse(callers.call(reader, "GET", "/groupLifecyclePolicies", null).body());
        assertEquals(180, policies.path("value").get(0).path("groupLifetimeInDays").asInt());
        assertEquals(1, Json.parse(callers.call(reader, "GET", "/groups/" + sales + "/groupLifecyclePolicies", null)
                .body()).path("value").size());
        assertEquals(0, Json.parse(callers.call(reader, "GET", "/groups/" + itAdmins + "/groupLifecyclePolicies",
                null).body()).path("value").size(), "security groups never expire");
        Instant expires = Instant.parse(groupJson(sales).path("expirationDateTime").asText());

        emulator.advanceClock(Duration.ofDays(100));
        String writer = callers.appOnly(contoso, "Group.ReadWrite.All");
        assertEquals(204, callers.call(writer, "POST", "/groups/" + sales + "/renew", null).statusCode());
        Instant renewed = Instant.parse(groupJson(sales).path("expirationDateTime").asText());
        assertTrue(renewed.isAfter(expires.plus(Duration.ofDays(99))), "a lifetime from the renewal");
        assertEquals(400, callers.call(writer, "POST", "/groups/" + itAdmins + "/renew", null).statusCode(),
                "a group no policy manages has no expiration to renew");

        emulator.advanceClock(Duration.ofDays(181));
        // A token of another client: the first one's tokens expired with the days that passed
        GraphCallers later = new GraphCallers(emulator, "7d2f5b08-c1a3-4e96-b7d4-3f8e19a6c250", "later-secret");
        assertEquals(404, later.call(later.appOnly(contoso, "Group.Read.All"), "GET", "/groups/" + sales, null)
                .statusCode(), "expired: deleted");
        assertTrue(contoso.deletedGroups().stream().anyMatch(group -> group.path("id").asText().equals(sales)));
        emulator.directory().restoreGroup(contoso, sales).orElseThrow();
        Instant again = Instant.parse(groupJson(sales).path("expirationDateTime").asText());
        assertTrue(again.isAfter(emulator.directory().now().plus(Duration.ofDays(179))),
                "a restored group starts a new lifetime");
    }

    @Test
    void aDelegatedRenewalTakesTheGroupsOwnershipOrAGroupsAdministrator() throws Exception {
        emulator.directory().lifecycle().setPolicy(contoso, 90, "Selected", List.of(sales), List.of());
        DirectoryUser owner = callers.user(contoso, "sales-owner");
        emulator.directory().addGroupOwner(contoso, sales, owner.id());
        String ordinary = callers.delegated(contoso, callers.user(contoso, "ordinary"), "Group.ReadWrite.All");
        assertEquals(403, callers.call(ordinary, "POST", "/groups/" + sales + "/renew", null).statusCode());
        assertEquals(204, callers.call(callers.delegated(contoso, owner, "Group.ReadWrite.All"), "POST", "/groups/"
                + sales + "/renew", null).statusCode());
        String administrator = callers.delegated(contoso, callers.user(contoso, "groups-admin",
                DirectoryRoles.GROUPS_ADMINISTRATOR), "Group.ReadWrite.All");
        HttpResponse<String> renewed = callers.call(administrator, "POST", "/groupLifecyclePolicies/renewGroup",
                "{\"groupId\": \"" + sales + "\"}");
        assertEquals(200, renewed.statusCode(), renewed.body());
        assertTrue(Json.parse(renewed.body()).path("value").asBoolean());
    }

    /** The address of {@code path} in Microsoft Graph's beta. */
    String beta(String path) {
        return emulator.graphBaseUrl().replace("/v1.0", "/beta") + path;
    }

    @Test
    void aGroupTakesASensitivityLabelForGroupsInATenantWithEntraIdP1() throws Exception {
        String labelsToken = callers.appOnly(contoso, "InformationProtectionPolicy.Read.All");
        assertEquals(400, callers.call(labelsToken, "GET", "/security/informationProtection/sensitivityLabels", null)
                .statusCode(), "Microsoft lists labels in beta only");
        JsonNode labels = Json.parse(callers.call(labelsToken, "GET",
                beta("/security/informationProtection/sensitivityLabels"), null).body());
        assertEquals(List.of("Personal", "Public", "General", "Confidential", "Highly Confidential"), names(labels));
        String confidential = labels.path("value").get(3).path("id").asText();
        String personal = labels.path("value").get(0).path("id").asText();

        String writer = callers.appOnly(contoso, "Group.ReadWrite.All");
        assertEquals(204, callers.call(writer, "PATCH", "/groups/" + sales, label(confidential)).statusCode());
        assertEquals("Confidential", groupJson(sales).path("assignedLabels").get(0).path("displayName").asText());
        assertEquals(400, callers.call(writer, "PATCH", "/groups/" + sales, label(personal)).statusCode(),
                "a label for files and mail only");
        assertEquals(400, callers.call(writer, "PATCH", "/groups/" + itAdmins, label(confidential)).statusCode(),
                "a security group takes no label");
        assertEquals(400, callers.call(writer, "PATCH", "/groups/" + sales, "{\"mailEnabled\": false}").statusCode());
        assertEquals(403, callers.call(labelsToken, "PATCH", "/groups/" + sales, "{\"description\": \"x\"}")
                .statusCode(), "reading labels is not writing groups");

        Tenant fabrikam = emulator.tenant("fabrikam.example");
        String fabrikamWriter = callers.appOnly(fabrikam, "Group.ReadWrite.All",
                "InformationProtectionPolicy.Read.All");
        String allStaff = group(fabrikam, "All Staff");
        String fabrikamLabel = Json.parse(callers.call(fabrikamWriter, "GET",
                beta("/security/informationProtection/sensitivityLabels"), null).body()).path("value").get(3).path("id")
                .asText();
        HttpResponse<String> refused = callers.call(fabrikamWriter, "PATCH", "/groups/" + allStaff,
                label(fabrikamLabel));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("P1"), refused.body());
    }

    private static String label(String id) {
        return "{\"assignedLabels\": [{\"labelId\": \"" + id + "\"}]}";
    }

    private JsonNode groupJson(String id) {
        return contoso.group(id).orElseThrow();
    }

    private static String group(Tenant tenant, String name) {
        return tenant.groups().stream().filter(group -> group.path("displayName").asText().equals(name)).findFirst()
                .orElseThrow().path("id").asText();
    }

    private static List<String> names(JsonNode collection) {
        List<String> names = new ArrayList<>();
        collection.path("value").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
