package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The EAR deploys on the provisioned server and answers over HTTP: health, REST, OpenAPI, sign-in required. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalDeploymentIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void readinessIncludesTheDatabaseCheck() throws Exception {
        HttpResponse<String> response = get(Deployments.management().resolve("health/ready"));

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response.body());
        assertEquals("UP", health.getString("status"));
        JsonObject database = health.getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(check -> check.getString("name").equals("tenantry-database"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tenantry-database check in " + response.body()));
        assertEquals("UP", database.getString("status"));
        assertTrue(database.getJsonObject("data").getString("product").startsWith("H2 "), database.toString());
    }

    @Test
    void livenessIsUp() throws Exception {
        HttpResponse<String> response = get(Deployments.management().resolve("health/live"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", json(response.body()).getString("status"));
    }

    @Test
    void systemResourceReportsTheVersionThatWasBuilt() throws Exception {
        HttpResponse<String> response = get(Deployments.http().resolve("api/system"));

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject system = json(response.body());
        assertEquals("Tenantry", system.getString("product"));
        assertEquals(System.getProperty("tenantry.version"), system.getString("version"));
    }

    @Test
    void openApiDescribesTheRestApi() throws Exception {
        HttpResponse<String> response = get(Deployments.http().resolve("openapi?format=JSON"));

        assertEquals(200, response.statusCode(), response.body());
        JsonObject openApi = json(response.body());
        assertEquals("Tenantry API", openApi.getJsonObject("info").getString("title"));
        assertTrue(openApi.getJsonObject("paths").containsKey("/api/system"), openApi.getJsonObject("paths").toString());
    }

    @Test
    void everyPageAsksASignedOutVisitorToSignInAtTheMspTenant() throws Exception {
        for (String page : new String[] {"", "settings/index.xhtml", "settings/audit.csv", "tenants/index.xhtml",
                "no/such/page.xhtml"}) {
            HttpResponse<String> response = get(Deployments.http().resolve(page));

            assertEquals(302, response.statusCode(), page);
            String location = response.headers().firstValue("Location").orElse("");
            assertTrue(location.contains("/northwind-msp.example/oauth2/v2.0/authorize?"), location);
            assertTrue(location.contains("code_challenge_method=S256"), location);
            assertFalse(response.body().contains("Dashboard"), "nothing of the portal before signing in");
        }
    }

    @Test
    void publicPagesCarrySecurityHeaders() throws Exception {
        HttpResponse<String> response = get(Deployments.http().resolve("auth/signed-out.xhtml"));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<title>You signed out · Tenantry</title>"), response.body());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("SAMEORIGIN", response.headers().firstValue("X-Frame-Options").orElse(null));
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("'nonce-"), "PrimeFaces CSP should restrict scripts to nonces, got: " + csp);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
