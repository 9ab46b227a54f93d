package dev.tenantry.plugin.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.tenantry.emulator.BrowserlessSignIn;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * Graph access for a plugin's tests, against the emulator, as the host would give it: a scope set the test granted
 * holds a delegated token obtained through the real authorization code flow (the tenant's administrator signs in and
 * consents for the organisation to exactly the permissions given); any other scope set is not granted
 * ({@link ConsentRequiredException}). Calls go through the Graph SDK with its retry handler, like the host's gateway.
 */
public final class EmulatorGraphAccess implements GraphAccess {

    public static final String CLIENT_ID = "5e8d1c2b-7a94-4f03-b6e1-2c9d8a7f4b31";
    private static final String SECRET = "plugin-tests-secret";
    private static final String REDIRECT = "http://localhost:8080/auth/callback";
    private static final String PASSWORD = "Tenantry-Demo-2026!";
    private static final String EXCHANGE = "https://outlook.office365.com/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final M365Emulator emulator;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private EmulatorGraphAccess(M365Emulator emulator) {
        this.emulator = emulator;
    }

    /** Registers the plugin tests' application in the emulator (again after a reset) and returns access without grants. */
    public static EmulatorGraphAccess register(M365Emulator emulator) {
        emulator.register(new Application(CLIENT_ID, "Tenantry plugin tests", emulator.tenant("northwind-msp.example")
                .id(), List.of(SECRET), List.of(REDIRECT), Map.of()));
        return new EmulatorGraphAccess(emulator);
    }

    /**
     * Grants {@code scopeSetId} in the tenant of {@code domain}: {@code administrator} signs in and consents to
     * {@code permissions} (of Exchange Online when {@code exchange}, else Microsoft Graph).
     */
    public EmulatorGraphAccess grant(String scopeSetId, String domain, String administrator, boolean exchange,
            List<String> permissions) throws Exception {
        Set<String> scopes = new LinkedHashSet<>();
        permissions.forEach(permission -> scopes.add((exchange ? EXCHANGE : "") + permission));
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(CLIENT_ID,
                        ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/" + domain + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build();
        String url = app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(REDIRECT, scopes)
                .state("plugin-tests").build()).toString();
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(url).signIn(domain, administrator, PASSWORD);
        if (browser.showsConsent()) {
            browser.accept(domain, true);
        }
        String code = browser.redirectParameters().get("code");
        if (code == null) {
            throw new IllegalStateException("No authorization code for " + scopes + ": " + browser.page());
        }
        tokens.put(key(emulator.tenant(domain).id(), scopeSetId), app.acquireToken(AuthorizationCodeParameters
                .builder(code, URI.create(REDIRECT)).scopes(scopes).build()).get().accessToken());
        return this;
    }

    @Override
    public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception {
        String token = require(tenantId, scopeSetId);
        AccessTokenProvider provider = new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                return token;
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return new AllowedHostsValidator("localhost");
            }
        };
        OkHttpClient http = GraphClientFactory.create()
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory(), emulator.tls().trustManager())
                .build();
        GraphServiceClient client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(provider), http);
        client.getRequestAdapter().setBaseUrl(emulator.graphBaseUrl());
        return call.apply(client);
    }

    @Override
    public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
            Map<String, Object> parameters) throws Exception {
        String token = require(tenantId, scopeSetId);
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();
        String body = JSON.writeValueAsString(Map.of("CmdletInput", Map.of("CmdletName", cmdlet, "Parameters",
                parameters)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl()
                        + "/adminapi/beta/" + tenantId + "/InvokeCommand"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Exchange answered " + response.statusCode() + ": " + response.body());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : JSON.readTree(response.body()).path("value")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.convertValue(row, LinkedHashMap.class);
            rows.add(map);
        }
        return rows;
    }

    @Override
    public ConsentStatus consent(String tenantId, String scopeSetId) {
        return tokens.containsKey(key(tenantId, scopeSetId)) ? ConsentStatus.granted(tenantId, scopeSetId)
                : new ConsentStatus(tenantId, scopeSetId, false, List.of(), "not granted in this test");
    }

    private String require(String tenantId, String scopeSetId) {
        String token = tokens.get(key(tenantId, scopeSetId));
        if (token == null) {
            throw new ConsentRequiredException(consent(tenantId, scopeSetId));
        }
        return token;
    }

    private static String key(String tenantId, String scopeSetId) {
        return tenantId + "|" + scopeSetId;
    }
}
