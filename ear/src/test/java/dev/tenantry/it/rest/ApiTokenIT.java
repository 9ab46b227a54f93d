package dev.tenantry.it.rest;

import static dev.tenantry.it.rest.ApiClient.describe;
import static dev.tenantry.it.rest.ApiClient.object;
import static dev.tenantry.it.rest.ApiStaff.CONTOSO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.apitoken.ApiToken;
import dev.tenantry.portal.apitoken.internal.ApiTokenIssuer;
import dev.tenantry.portal.apitoken.internal.JpaApiTokenStore;
import dev.tenantry.portal.audit.AuditQuery;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.audit.internal.JpaAuditRecords;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.UserTransaction;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Personal API tokens and the API's answers to bad input, from the outside, with records checked inside. */
@ExtendWith(ArquillianExtension.class)
class ApiTokenIT {

    private static final String OWNER = "api.token-owner@northwind-msp.example";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(ApiTokenIT.class, ApiClient.class, ApiStaff.class);
    }

    @Inject
    ApiStaff staff;

    @Inject
    ApiTokenIssuer issuer;

    @Inject
    JpaApiTokenStore store;

    @Inject
    JpaAuditRecords audit;

    @Resource
    UserTransaction transaction;

    private String ownerToken;

    @BeforeEach
    void anOwnerWithAToken() {
        staff.tenants();
        ownerToken = staff.tokenFor(OWNER, Role.OWNER, AssignmentScope.allTenants());
    }

    @AfterEach
    void clear() {
        staff.clear();
    }

    @Test
    void aValidTokenActsForItsOwnerAndTheAuditNamesTheToken() {
        HttpResponse<String> response = ApiClient.withToken(ownerToken).send("PATCH", "tenants/" + CONTOSO,
                "{\"notes\": \"changed through the API " + UUID.randomUUID() + "\"}");

        assertEquals(200, response.statusCode(), describe(response));
        AuditRecord record = latest("tenant.update", OWNER);
        assertEquals(CONTOSO, record.event().tenantId());
        assertTrue(record.details().get("via").startsWith("API token 'api test'"), record.details().toString());
        ApiToken used = store.list(OWNER, 1).get(0);
        assertNotNull(used.lastUsedAt(), "the token's last use is recorded");
    }

    @Test
    void aForgedOrMalformedTokenIs401AndAudited() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String forged = "tnt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);

        for (String token : List.of(forged, "tnt_short", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", ownerToken + "x")) {
            HttpResponse<String> response = ApiClient.withToken(token).get("tenants");
            assertEquals(401, response.statusCode(), describe(response));
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
            assertFalse(response.body().contains(token), "the answer never echoes the token");
        }
        AuditRecord rejected = latest("api.token-rejected", "unknown");
        assertTrue(Set.of("unknown", "malformed").contains(rejected.details().get("reason")), rejected.toString());
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        assertEquals(200, ApiClient.withToken(ownerToken).get("tenants").statusCode());
        ApiToken token = store.list(OWNER, 1).get(0);

        issuer.revoke(OWNER, List.of(), token.id());

        HttpResponse<String> response = ApiClient.withToken(ownerToken).get("tenants");
        assertEquals(401, response.statusCode(), describe(response));
        assertTrue(object(response).getString("detail").contains("revoked"), response.body());
        assertEquals("revoked", latest("api.token-rejected", OWNER).details().get("reason"));
        assertEquals("api-token.revoke", latest("api-token.revoke", OWNER).event().action());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String secret = "tnt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                UUID.randomUUID().toString().repeat(2).substring(0, 32).getBytes(StandardCharsets.US_ASCII));
        Instant past = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        transaction.begin();
        store.add(UUID.randomUUID().toString(), "expired", OWNER, List.of(), Set.of(Permissions.TENANTS_READ),
                ApiTokenIssuer.hash(secret), secret.substring(secret.length() - 4), past.minus(1, ChronoUnit.DAYS), past);
        transaction.commit();

        HttpResponse<String> response = ApiClient.withToken(secret).get("tenants");

        assertEquals(401, response.statusCode(), describe(response));
        assertTrue(object(response).getString("detail").contains("expired"), response.body());
        assertEquals("expired", latest("api.token-rejected", OWNER).details().get("reason"));
    }

    @Test
    void aTokenDoesNoMoreThanItsPermissionsAllowWhateverItsOwnerMay() {
        ApiClient narrow = ApiClient.withToken(staff.narrowTokenFor(OWNER, Set.of(Permissions.TENANTS_READ)));

        assertEquals(200, narrow.get("tenants").statusCode());
        assertEquals(403, narrow.get("audit").statusCode());
        assertEquals(403, narrow.get("assignments").statusCode());
        HttpResponse<String> add = narrow.send("POST", "tenants", "{\"domain\": \"fabrikam.example\"}");
        assertEquals(403, add.statusCode(), describe(add));
    }

    @Test
    void aTokenCarriesOnlyPermissionsItsOwnerHoldsAndLosesThemWithTheRole() {
        String technician = "api.token-technician@northwind-msp.example";
        ApiClient client = ApiClient.withToken(staff.tokenFor(technician, Role.TECHNICIAN,
                AssignmentScope.tenants(CONTOSO)));

        assertThrows(AccessDeniedException.class, () -> issuer.issue(technician, List.of(), "more than I hold",
                Set.of(Permissions.TENANTS_MANAGE), 30));
        assertThrows(IllegalArgumentException.class, () -> issuer.issue(technician, List.of(), "too long",
                Set.of(Permissions.TENANTS_READ), 366));
        assertEquals(200, client.get("tenants/" + CONTOSO).statusCode());

        staff.removeAssignments();

        assertEquals(403, client.get("tenants/" + CONTOSO).statusCode(), "access follows the owner's roles now");
    }

    @Test
    void oversizedBodiesAre413WhetherDeclaredOrStreamed() {
        String huge = "{\"domain\": \"contoso.example\", \"notes\": \"" + "x".repeat(70_000) + "\"}";

        HttpResponse<String> declared = ApiClient.withToken(ownerToken).send("POST", "tenants", huge);
        assertEquals(413, declared.statusCode(), describe(declared));
        assertEquals("urn:tenantry:problem:payload-too-large", object(declared).getString("type"));

        HttpResponse<String> streamed = ApiClient.send(HttpRequest.newBuilder(ApiClient.api("tenants"))
                .header("Authorization", "Bearer " + ownerToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        huge.getBytes(StandardCharsets.UTF_8)))).build());
        assertEquals(413, streamed.statusCode(), describe(streamed));
    }

    @Test
    void malformedRequestsGetProblemDetailsNotStackTraces() {
        ApiClient client = ApiClient.withToken(ownerToken);

        HttpResponse<String> badJson = client.send("POST", "tenants", "{\"domain\": ");
        assertEquals(400, badJson.statusCode(), describe(badJson));
        JsonObject problem = object(badJson);
        assertEquals("urn:tenantry:problem:bad-request", problem.getString("type"));
        assertEquals("/api/tenants", problem.getString("instance"));
        assertFalse(badJson.body().contains("Exception"), badJson.body());
        assertEquals(badJson.headers().firstValue("X-Correlation-Id").orElse(null), problem.getString("correlationId"));

        assertEquals(400, client.get("tenants?max=100000").statusCode());
        assertEquals(400, client.get("audit?from=yesterday").statusCode());
        assertEquals(404, client.get("no-such-resource").statusCode());
        assertEquals("urn:tenantry:problem:not-found", object(client.get("no-such-resource")).getString("type"));
        assertEquals(405, client.send("PUT", "tenants", "{}").statusCode());
    }

    @Test
    void injectedTextIsStoredAsTextAndFiltersAreNeverSql() {
        ApiClient client = ApiClient.withToken(ownerToken);
        String name = "<script>alert('x')</script>' OR 1=1; DROP TABLE portal_role; -- " + System.nanoTime();

        HttpResponse<String> created = client.send("POST", "roles", "{\"name\": \"" + name.replace("'", "\\u0027")
                + "\", \"permissions\": [\"tenants:read\"]}");
        assertEquals(201, created.statusCode(), describe(created));
        String roleId = object(created).getString("id");
        assertTrue(roleId.matches("custom-[a-z0-9-]+"), roleId);
        assertTrue(client.get("roles").body().contains(object(created).getString("name")));
        assertEquals(name, object(created).getString("name"));

        assertEquals(0, object(client.get("tenants?filter=%27%20or%20%271%27%3D%271")).getInt("total"));
        assertEquals(0, object(client.get("audit?actor=%25%27%20or%20%271%27%3D%271")).getInt("total"));
        assertEquals(204, client.send("DELETE", "roles/" + roleId, null).statusCode());
        assertEquals(404, client.send("DELETE", "roles/" + roleId, null).statusCode());
    }

    @Test
    void aCustomRoleCannotHoldMoreThanItsMakerNorGrantOwner() {
        ApiClient client = ApiClient.withToken(ownerToken);

        HttpResponse<String> owner = client.send("POST", "roles",
                "{\"name\": \"Shadow owner\", \"permissions\": [\"rbac:grant-owner\"]}");
        assertEquals(400, owner.statusCode(), describe(owner));
        HttpResponse<String> unknown = client.send("POST", "roles",
                "{\"name\": \"Made up\", \"permissions\": [\"tenants:fly\"]}");
        assertEquals(400, unknown.statusCode(), describe(unknown));

        String admin = "api.token-admin@northwind-msp.example";
        ApiClient administrator = ApiClient.withToken(staff.tokenFor(admin, Role.TECHNICIAN,
                AssignmentScope.allTenants()));
        assertEquals(403, administrator.send("POST", "roles",
                "{\"name\": \"Escalation\", \"permissions\": [\"tenants:read\"]}").statusCode(), "needs rbac:manage");
    }

    private AuditRecord latest(String action, String actor) {
        return audit.page(new AuditQuery(0, 20, actor, action, null, null, null, null), null).records().stream()
                .filter(record -> record.event().action().equals(action) && record.event().actor().equals(actor))
                .findFirst().orElseThrow(() -> new AssertionError("no " + action + " by " + actor));
    }
}
