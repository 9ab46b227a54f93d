package dev.tenantry.emulator;

import static dev.tenantry.emulator.DelegatedReadRolesTest.assertDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.models.AssignedLicense;
import com.microsoft.graph.models.LicenseDetails;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.assignlicense.AssignLicensePostRequestBody;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing users with the properties a user administration reads, sign-in activity, and licence assignment. */
class UserLicencesTest {

    static final String E5 = "c7df2760-2c81-4ef7-b578-5b5392b571df";
    static final String P2 = "84a661c4-e949-4bd2-a560-ed7766fcaf2b";

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
        callers = new GraphCallers(emulator, "0b4d8e62-3f19-4a7c-8d25-e6a1c9f30b84", "licence-tests-secret");
        contoso = emulator.tenant("contoso.example");
    }

    @Test
    void domainsListsTheTenantsVerifiedDomainsWithDomainReadAllAndNothingLess() throws Exception {
        // First without it (an application's roles add up across the test's tokens)
        assertEquals(403, assertThrows(ODataError.class, () -> callers.graph(callers.appOnly(contoso,
                "User.Read.All")).domains().get()).getResponseStatusCode());
        List<com.microsoft.graph.models.Domain> domains = callers.graph(callers.appOnly(contoso, "Domain.Read.All"))
                .domains().get().getValue();

        assertEquals(List.of("contosoltd.onmicrosoft.com", "contoso.example"), domains.stream()
                .map(com.microsoft.graph.models.Domain::getId).toList());
        assertEquals(List.of(true, true), domains.stream().map(com.microsoft.graph.models.Domain::getIsVerified)
                .toList());
        assertEquals(List.of(false, true), domains.stream().map(com.microsoft.graph.models.Domain::getIsDefault)
                .toList(), "the custom domain is the default, the onmicrosoft.com one the initial");
    }

    @Test
    void usersListsUpTo999WithTheSelectedProperties() throws Exception {
        for (int i = 0; i < 120; i++) {
            callers.user(contoso, "bulk" + i);
        }
        GraphServiceClient graph = callers.graph(callers.appOnly(contoso, "User.Read.All"));
        List<User> users = graph.users().get(request -> {
            request.queryParameters.top = 999;
            request.queryParameters.select = new String[] {"id", "displayName", "assignedLicenses", "accountEnabled",
                "userType", "department", "jobTitle", "usageLocation", "createdDateTime", "mail",
                "onPremisesSyncEnabled"};
        }).getValue();

        assertEquals(124, users.size(), "one page");
        User megan = users.stream().filter(user -> "Megan Bowen".equals(user.getDisplayName())).findFirst()
                .orElseThrow();
        assertEquals(List.of(E5, P2), megan.getAssignedLicenses().stream().map(licence -> licence.getSkuId()
                .toString()).toList());
        assertEquals("GB", megan.getUsageLocation());
        assertEquals("Member", megan.getUserType());
        assertEquals(true, megan.getAccountEnabled());
        assertNotNull(megan.getCreatedDateTime());
        assertNull(megan.getOnPremisesSyncEnabled(), "a cloud-only user");
        assertEquals(400, assertThrows(ODataError.class, () -> graph.users().get(request ->
                request.queryParameters.top = 1000)).getResponseStatusCode());
    }

    @Test
    void signInActivityTakesAuditLogReadAllAndAPremiumTenant() throws Exception {
        String select = "/users?$select=displayName,signInActivity";
        HttpResponse<String> denied = callers.call(callers.appOnly(contoso, "User.Read.All"), "GET", select, null);
        assertEquals(403, denied.statusCode());
        assertEquals("Authorization_RequestDenied", code(denied));

        HttpResponse<String> read = callers.call(callers.appOnly(contoso, "User.Read.All", "AuditLog.Read.All"),
                "GET", select, null);
        assertEquals(200, read.statusCode(), read.body());
        JsonNode adele = user(Json.parse(read.body()), "Adele Vance");
        assertEquals("2026-11-21T11:30:09Z", adele.path("signInActivity").path("lastSignInDateTime").asText());
        assertTrue(adele.path("signInActivity").has("lastNonInteractiveSignInDateTime"));

        Tenant fabrikam = emulator.tenant("fabrikam.example");
        HttpResponse<String> basic = callers.call(callers.appOnly(fabrikam, "User.Read.All", "AuditLog.Read.All"),
                "GET", select, null);
        assertEquals(403, basic.statusCode(), "Business Essentials has no Entra ID P1");
        assertEquals("Authentication_RequestFromNonPremiumTenantOrB2CTenant", code(basic));
    }

    @Test
    void assigningALicenceTakesAUnitAndShowsInLicenseDetailsAndDelta() throws Exception {
        DirectoryUser newcomer = newcomer("GB");
        GraphServiceClient graph = callers.graph(callers.appOnly(contoso, "LicenseAssignment.ReadWrite.All",
                "LicenseAssignment.Read.All", "User.Read.All"));
        String link = graph.users().delta().get().getOdataDeltaLink();

        User answer = graph.users().byUserId(newcomer.id()).assignLicense().post(assign(E5));

        assertEquals(newcomer.id(), answer.getId());
        assertEquals(5, consumed(E5));
        List<LicenseDetails> details = graph.users().byUserId(newcomer.id()).licenseDetails().get().getValue();
        assertEquals(List.of("ENTERPRISEPREMIUM"), details.stream().map(LicenseDetails::getSkuPartNumber).toList());
        assertEquals(List.of(newcomer.id()), graph.users().delta().withUrl(link).get().getValue().stream()
                .map(User::getId).toList());

        AssignLicensePostRequestBody remove = new AssignLicensePostRequestBody();
        remove.setAddLicenses(List.of());
        remove.setRemoveLicenses(List.of(UUID.fromString(E5)));
        graph.users().byUserId(newcomer.id()).assignLicense().post(remove);
        assertEquals(4, consumed(E5));
        assertEquals(400, assertThrows(ODataError.class, () -> graph.users().byUserId(newcomer.id()).assignLicense()
                .post(remove)).getResponseStatusCode(), "a licence the user does not have");
    }

    @Test
    void aLicenceNeedsAUsageLocationASubscribedSkuAndAFreeUnit() throws Exception {
        GraphServiceClient graph = callers.graph(callers.appOnly(contoso, "LicenseAssignment.ReadWrite.All"));
        assertBadRequest("License assignment cannot be done for user with invalid usage location.",
                () -> graph.users().byUserId(newcomer(null).id()).assignLicense().post(assign(E5)));
        String unknown = "05e9a617-0261-4cee-bb44-138d3ef5d965";
        assertBadRequest("License " + unknown + " does not correspond to a valid company License.",
                () -> graph.users().byUserId(newcomer("GB").id()).assignLicense().post(assign(unknown)));

        emulator.directory().subscribedSku(contoso, E5).orElseThrow().put("consumedUnits", 25);
        assertBadRequest("Subscription with SKU " + E5 + " does not have any available licenses.",
                () -> graph.users().byUserId(newcomer("GB").id()).assignLicense().post(assign(E5)));
        assertEquals(25, consumed(E5), "nothing taken");
    }

    @Test
    void assigningTakesLicenseAssignmentReadWriteAllAndDelegatedALicensingRole() throws Exception {
        DirectoryUser newcomer = newcomer("GB");
        assertDenied(() -> callers.graph(callers.appOnly(contoso, "User.Read.All", "LicenseAssignment.Read.All"))
                .users().byUserId(newcomer.id()).assignLicense().post(assign(E5)));
        assertDenied(() -> callers.graph(callers.delegated(contoso, callers.user(contoso, "helpdesk",
                DirectoryRoles.HELPDESK_ADMINISTRATOR), "LicenseAssignment.ReadWrite.All")).users()
                .byUserId(newcomer.id()).assignLicense().post(assign(E5)));

        callers.graph(callers.delegated(contoso, callers.user(contoso, "licensing",
                DirectoryRoles.LICENSE_ADMINISTRATOR), "LicenseAssignment.ReadWrite.All")).users()
                .byUserId(newcomer.id()).assignLicense().post(assign(E5));
        assertEquals(E5, newcomer.json().path("assignedLicenses").get(0).path("skuId").asText());
    }

    private DirectoryUser newcomer(String usageLocation) {
        DirectoryUser user = callers.user(contoso, "newcomer" + UUID.randomUUID().toString().substring(0, 8));
        if (usageLocation != null) {
            user.json().put("usageLocation", usageLocation);
        }
        return user;
    }

    private static AssignLicensePostRequestBody assign(String skuId) {
        AssignedLicense licence = new AssignedLicense();
        licence.setSkuId(UUID.fromString(skuId));
        licence.setDisabledPlans(List.of());
        AssignLicensePostRequestBody body = new AssignLicensePostRequestBody();
        body.setAddLicenses(List.of(licence));
        body.setRemoveLicenses(List.of());
        return body;
    }

    private int consumed(String skuId) {
        return emulator.directory().subscribedSku(contoso, skuId).orElseThrow().path("consumedUnits").asInt();
    }

    private static void assertBadRequest(String message, org.junit.jupiter.api.function.Executable call) {
        ODataError error = assertThrows(ODataError.class, call);
        assertEquals(400, error.getResponseStatusCode());
        assertEquals("Request_BadRequest", error.getError().getCode());
        assertEquals(message, error.getError().getMessage());
    }

    static String code(HttpResponse<String> response) throws Exception {
        return Json.parse(response.body()).path("error").path("code").asText();
    }

    private static JsonNode user(JsonNode page, String displayName) {
        for (JsonNode user : page.path("value")) {
            if (user.path("displayName").asText().equals(displayName)) {
                return user;
            }
        }
        throw new AssertionError(displayName + " not listed");
    }
}
