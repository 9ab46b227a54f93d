package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.AuthenticationMethods;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users' authentication methods, Temporary Access Passes, and the registration report that follows them. */
class AuthenticationMethodsTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    DirectoryUser adele;
    DirectoryUser megan;

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
        callers = new GraphCallers(emulator, "3d7a1c58-2e94-4f06-b8a3-5c1e9f7d2b40", "methods-tests-secret");
        contoso = emulator.tenant("contoso.example");
        adele = contoso.user("adele.vance@contoso.example").orElseThrow();
        megan = contoso.user("megan.bowen@contoso.example").orElseThrow();
    }

    @Test
    void methodsListTheSeededRegistrationWithTheirTypes() throws Exception {
        JsonNode methods = list(callers.appOnly(contoso, "UserAuthenticationMethod.Read.All"), megan);
        assertEquals(List.of("#microsoft.graph.passwordAuthenticationMethod",
                "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
                "#microsoft.graph.phoneAuthenticationMethod", "#microsoft.graph.softwareOathAuthenticationMethod"),
                types(methods));
        assertEquals(AuthenticationMethods.PASSWORD_METHOD_ID, methods.path("value").get(0).path("id").asText());
        assertEquals(403, callers.call(callers.appOnly(emulator.tenant("fabrikam.example"), "User.Read.All"), "GET",
                "/users/patti.fernandez@fabrikam.example/authentication/methods", null).statusCode());
    }

    @Test
    void deletingMethodsShowsInTheRegistrationReportAndTheDefaultGoesLast() throws Exception {
        String token = callers.appOnly(contoso, "UserAuthenticationMethod.ReadWrite.All", "AuditLog.Read.All");
        JsonNode methods = list(token, adele);
        String authenticator = id(methods, "microsoftAuthenticator");
        String oath = id(methods, "softwareOath");

        HttpResponse<String> defaultFirst = delete(token, adele, "microsoftAuthenticatorMethods", authenticator);
        assertEquals(400, defaultFirst.statusCode(), "the default method while another remains");
        assertEquals(204, delete(token, adele, "softwareOathMethods", oath).statusCode());
        assertEquals(404, delete(token, adele, "softwareOathMethods", oath).statusCode());
        assertEquals(204, delete(token, adele, "microsoftAuthenticatorMethods", authenticator).statusCode());
        assertEquals(List.of("#microsoft.graph.passwordAuthenticationMethod"), types(list(token, adele)));
        assertEquals(400, callers.call(token, "DELETE", "/users/" + adele.id() + "/authentication/passwordMethods/"
                + AuthenticationMethods.PASSWORD_METHOD_ID, null).statusCode(), "the password is not deletable");

        JsonNode report = registration(token, adele);
        assertEquals(0, report.path("methodsRegistered").size());
        assertFalse(report.path("isMfaRegistered").asBoolean());
    }

    @Test
    void aTemporaryAccessPassIsShownOnceAndReplacesTheOneBefore() throws Exception {
        String token = callers.appOnly(contoso, "UserAuthenticationMethod.ReadWrite.All", "AuditLog.Read.All");
        String path = "/users/" + adele.id() + "/authentication/temporaryAccessPassMethods";

        HttpResponse<String> created = callers.call(token, "POST", path, "{\"lifetimeInMinutes\": 120, "
                + "\"isUsableOnce\": true}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode pass = Json.parse(created.body());
        assertEquals(8, pass.path("temporaryAccessPass").asText().length());
        assertEquals(120, pass.path("lifetimeInMinutes").asInt());
        assertTrue(pass.path("isUsable").asBoolean());
        JsonNode listed = list(token, adele).path("value");
        JsonNode stored = listed.get(listed.size() - 1);
        assertEquals("#microsoft.graph.temporaryAccessPassAuthenticationMethod", stored.path("@odata.type").asText());
        assertFalse(stored.has("temporaryAccessPass"), "the code is shown only when created");
        assertTrue(registration(token, adele).path("methodsRegistered").toString().contains("temporaryAccessPass"));

        String second = Json.parse(callers.call(token, "POST", path, "{}").body()).path("id").asText();
        assertEquals(1, types(list(token, adele)).stream().filter(type -> type.contains("temporaryAccessPass"))
                .count());
        assertEquals(second, id(list(token, adele), "temporaryAccessPass"));
        assertEquals(400, callers.call(token, "POST", path, "{\"lifetimeInMinutes\": 5}").statusCode());
        assertEquals(400, callers.call(token, "POST", path, "{\"lifetimeInMinutes\": 43201}").statusCode());
    }

    @Test
    void theRegistrationReportNeedsEntraIdP1AndAReportsRole() throws Exception {
        String path = "/reports/authenticationMethods/userRegistrationDetails";
        String scope = "AuditLog.Read.All";
        String reader = callers.delegated(contoso, callers.user(contoso, "reports-reader",
                DirectoryRoles.REPORTS_READER), scope);
        String ordinary = callers.delegated(contoso, callers.user(contoso, "no-role"), scope);
        assertEquals(200, callers.call(reader, "GET", path, null).statusCode());
        HttpResponse<String> noRole = callers.call(ordinary, "GET", path, null);
        assertEquals(403, noRole.statusCode(), "a member without a role that reads the report");
        assertEquals("Authorization_RequestDenied", Json.parse(noRole.body()).path("error").path("code").asText());

        Tenant fabrikam = emulator.tenant("fabrikam.example");
        HttpResponse<String> basic = callers.call(callers.appOnly(fabrikam, scope), "GET", path, null);
        assertEquals(403, basic.statusCode(), "Business Essentials has no Entra ID P1");
        assertEquals("Authentication_RequestFromNonPremiumTenantOrB2CTenant", Json.parse(basic.body()).path("error")
                .path("code").asText());
    }

    @Test
    void anAuthenticationAdministratorManagesUsersButNotAdministrators() throws Exception {
        String scope = "UserAuthenticationMethod.ReadWrite.All";
        String authentication = callers.delegated(contoso, callers.user(contoso, "auth-admin",
                DirectoryRoles.AUTHENTICATION_ADMINISTRATOR), scope);
        String privileged = callers.delegated(contoso, callers.user(contoso, "pa-admin",
                DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR), scope);
        String ordinary = callers.delegated(contoso, callers.user(contoso, "ordinary"), scope);

        assertEquals(204, delete(authentication, adele, "softwareOathMethods", id(list(authentication, adele),
                "softwareOath")).statusCode());
        String meganOath = id(list(privileged, megan), "softwareOath");
        assertEquals(403, delete(authentication, megan, "softwareOathMethods", meganOath).statusCode());
        assertEquals(403, callers.call(authentication, "POST", "/users/" + megan.id()
                + "/authentication/temporaryAccessPassMethods", "{}").statusCode());
        assertEquals(403, delete(ordinary, adele, "phoneMethods", AuthenticationMethods.MOBILE_PHONE_METHOD_ID)
                .statusCode());
        assertEquals(204, delete(privileged, megan, "softwareOathMethods", meganOath).statusCode());
        assertEquals(201, callers.call(privileged, "POST", "/users/" + megan.id()
                + "/authentication/temporaryAccessPassMethods", "{}").statusCode());
    }

    @Test
    void usersManageTheirOwnMethodsWithTheSelfPermissions() throws Exception {
        String self = callers.delegated(contoso, adele, "UserAuthenticationMethod.ReadWrite",
                "UserAuthenticationMethod.Read");
        assertEquals(200, callers.call(self, "GET", "/users/" + adele.id() + "/authentication/methods", null)
                .statusCode());
        assertEquals(403, callers.call(self, "GET", "/users/" + megan.id() + "/authentication/methods", null)
                .statusCode());
        assertEquals(204, delete(self, adele, "softwareOathMethods", id(list(self, adele), "softwareOath"))
                .statusCode());
    }

    private JsonNode list(String token, DirectoryUser user) throws Exception {
        HttpResponse<String> response = callers.call(token, "GET", "/users/" + user.id() + "/authentication/methods",
                null);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    private HttpResponse<String> delete(String token, DirectoryUser user, String navigation, String id)
            throws Exception {
        return callers.call(token, "DELETE", "/users/" + user.id() + "/authentication/" + navigation + "/" + id, null);
    }

    private JsonNode registration(String token, DirectoryUser user) throws Exception {
        for (JsonNode entry : Json.parse(callers.call(token, "GET",
                "/reports/authenticationMethods/userRegistrationDetails", null).body()).path("value")) {
            if (entry.path("id").asText().equals(user.id())) {
                return entry;
            }
        }
        throw new AssertionError("no registration for " + user.userPrincipalName());
    }

    private static List<String> types(JsonNode methods) {
        List<String> types = new ArrayList<>();
        methods.path("value").forEach(method -> types.add(method.path("@odata.type").asText()));
        return types;
    }

    private static String id(JsonNode methods, String kind) {
        for (JsonNode method : methods.path("value")) {
            if (method.path("@odata.type").asText().equals("#microsoft.graph." + kind + "AuthenticationMethod")) {
                return method.path("id").asText();
            }
        }
        throw new AssertionError("no " + kind + " method");
    }
}
