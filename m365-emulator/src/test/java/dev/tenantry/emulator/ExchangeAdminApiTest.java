package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exchange Online's admin API (InvokeCommand) with tokens the real MSAL4J obtained for Exchange Online. */
class ExchangeAdminApiTest {

    static final String CLIENT_ID = "5b8e3d02-9f46-4c71-b203-0d4f6e8c9b25";
    static final String SECRET = "exchange-test-secret";

    static M365Emulator emulator;
    Tenant contoso;
    HttpClient http;

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
        emulator.register(new Application(CLIENT_ID, "Tenantry Exchange tests",
                emulator.tenant("northwind-msp.example").id(), List.of(SECRET),
                List.of("http://localhost:8080/auth/callback"), Map.of()));
        contoso = emulator.tenant("contoso.example");
        http = HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();
    }

    @Test
    void anAppWithExchangeManageAsAppReadsAndChangesTheAuditLogConfig() throws Exception {
        grantExchangeRole(contoso);
        String token = appToken(contoso, "https://outlook.office365.com/.default");

        HttpResponse<String> read = invoke(contoso.id(), token, "Get-AdminAuditLogConfig", "{}");
        assertEquals(200, read.statusCode(), read.body());
        JsonNode answer = Json.parse(read.body());
        assertTrue(answer.path("@odata.context").asText().contains("/adminapi/beta/" + contoso.id()));
        assertTrue(answer.path("value").get(0).path("UnifiedAuditLogIngestionEnabled").asBoolean(),
                "Contoso's seed has it on");

        assertEquals(200, invoke(contoso.id(), token, "Set-AdminAuditLogConfig",
                "{\"UnifiedAuditLogIngestionEnabled\": false}").statusCode());
        assertTrue(!Json.parse(invoke(contoso.id(), token, "Get-AdminAuditLogConfig", "{}").body()).path("value")
                .get(0).path("UnifiedAuditLogIngestionEnabled").asBoolean());
        HttpResponse<String> wrong = invoke(contoso.id(), token, "Set-AdminAuditLogConfig", "{\"Everything\": true}");
        assertEquals(400, wrong.statusCode());
        assertEquals("BadRequest", Json.parse(wrong.body()).path("error").path("code").asText());
        assertEquals(400, invoke(contoso.id(), token, "Remove-Mailbox", "{}").statusCode(), "not a cmdlet we serve");
    }

    @Test
    void tokensForAnotherAudienceTenantOrWithoutTheRoleAreRefused() throws Exception {
        emulator.directory().ensureServicePrincipal(contoso, emulator.directory().application(CLIENT_ID).orElseThrow());
        assertEquals(403, invoke(contoso.id(), appToken(contoso, "https://outlook.office365.com/.default"),
                "Get-AdminAuditLogConfig", "{}").statusCode(), "no Exchange.ManageAsApp");
        grantExchangeRole(contoso);
        String graphToken = appToken(contoso, "https://graph.microsoft.com/.default");
        assertEquals(401, invoke(contoso.id(), graphToken, "Get-AdminAuditLogConfig", "{}").statusCode(),
                "a Graph token is not for Exchange Online");
        String token = appToken(contoso, "https://outlook.office365.com/.default");
        Tenant fabrikam = emulator.tenant("fabrikam.example");
        assertEquals(401, invoke(fabrikam.id(), token, "Get-AdminAuditLogConfig", "{}").statusCode(),
                "Contoso's token in Fabrikam's path");
        assertEquals(401, invoke(contoso.id(), null, "Get-AdminAuditLogConfig", "{}").statusCode());
    }

    @Test
    void throttlingAnswers429WithRetryAfter() throws Exception {
        grantExchangeRole(contoso);
        String token = appToken(contoso, "https://outlook.office365.com/.default");
        emulator.faults().throttle(contoso.id(), "/adminapi/", Duration.ofSeconds(3), 1);
        HttpResponse<String> throttled = invoke(contoso.id(), token, "Get-AdminAuditLogConfig", "{}");
        assertEquals(429, throttled.statusCode());
        assertEquals("3", throttled.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, invoke(contoso.id(), token, "Get-AdminAuditLogConfig", "{}").statusCode());
    }

    private void grantExchangeRole(Tenant tenant) {
        var application = emulator.directory().application(CLIENT_ID).orElseThrow();
        var sp = emulator.directory().ensureServicePrincipal(tenant, application);
        var exchange = emulator.directory().resourceServicePrincipal(tenant, PermissionCatalogue.EXCHANGE_APP_ID);
        emulator.directory().assignAppRole(tenant, sp, exchange, emulator.directory().catalogue()
                .resource(PermissionCatalogue.EXCHANGE_APP_ID).orElseThrow().appRole("Exchange.ManageAsApp")
                .orElseThrow());
    }

    private String appToken(Tenant tenant, String scope) throws Exception {
        return ConfidentialClientApplication.builder(CLIENT_ID, ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/" + tenant.id() + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build()
                .acquireToken(ClientCredentialParameters.builder(Set.of(scope)).build()).get().accessToken();
    }

    private HttpResponse<String> invoke(String tenantId, String token, String cmdlet, String parameters)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl() + "/adminapi/beta/"
                        + tenantId + "/InvokeCommand"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"CmdletInput\": {\"CmdletName\": \"" + cmdlet
                        + "\", \"Parameters\": " + parameters + "}}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
