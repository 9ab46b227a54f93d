package dev.tenantry.plugins.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
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
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugins.secure.deploy.PolicyDeployer;
import dev.tenantry.plugins.secure.deploy.PolicyTemplates;
import dev.tenantry.plugins.secure.history.MemoryRecords;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.posture.PostureScan;
import dev.tenantry.plugins.secure.posture.Reading;
import dev.tenantry.plugins.secure.posture.TenantPosture;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, against the emulator, which enforces each endpoint's permissions from Microsoft's permissions
 * reference: the Secure plugin's code, holding exactly one scope set's permissions (through the real authorization
 * code flow and admin consent), does everything that scope set is for; and without any one of its permissions,
 * something it does is refused — so no permission in a scope set is unused.
 */
class LeastPrivilegeTest {

    private static final String CLIENT_ID = "5e8d1c2b-7a94-4f03-b6e1-2c9d8a7f4b31";
    private static final String SECRET = "least-privilege-secret";
    private static final String REDIRECT = "http://localhost:8080/auth/callback";
    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String PASSWORD = "Tenantry-Demo-2026!";
    private static final String EXCHANGE = "https://outlook.office365.com/";
    private static final ObjectMapper JSON = new ObjectMapper();

    static M365Emulator emulator;
    static PluginManifest manifest;

    @BeforeAll
    static void start() throws Exception {
        emulator = M365Emulator.builder().start();
        try (InputStream json = LeastPrivilegeTest.class.getResourceAsStream("/" + PluginManifests.LOCATION)) {
            manifest = PluginManifests.read(json, SecureIds.PLUGIN, "tenantry-plugin.json");
        }
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    @Test
    void eachScopeSetIsEnoughForWhatItIsFor() throws Exception {
        for (ScopeSet set : manifest.scopeSets()) {
            String failure = run(set, permissions(set));
            assertEquals("", failure, set.id() + " with all its permissions");
        }
    }

    @Test
    void everyPermissionOfAScopeSetIsUsed() throws Exception {
        for (ScopeSet set : manifest.scopeSets()) {
            List<String> all = permissions(set);
            if (all.size() == 1) {
                // Its only permission: without it the scope set holds nothing, and the sufficiency test shows it is
                // what the calls need
                continue;
            }
            for (String left : all) {
                List<String> fewer = new ArrayList<>(all);
                fewer.remove(left);
                String failure = run(set, fewer);
                assertFalse(failure.isEmpty(), set.id() + " works without " + left + ": it is not needed");
                // A 403 inside the posture $batch reads as "permission missing" (the grant changed), as it should
                assertTrue(failure.contains("403") || failure.contains("PermissionMissing"), set.id() + " without "
                        + left + " fails, but not for a permission: " + failure);
            }
        }
    }

    /**
     * Runs what {@code set} is for, with a token holding exactly {@code permissions} of it (the tenant reset first, so
     * no earlier consent adds to it); returns what failed, or "" when everything worked.
     */
    private String run(ScopeSet set, List<String> permissions) throws Exception {
        emulator.reset();
        emulator.register(new Application(CLIENT_ID, "Secure least privilege", emulator.tenant("northwind-msp.example")
                .id(), List.of(SECRET), List.of(REDIRECT), Map.of()));
        String token = token(set, permissions);
        OneScopeSet graph = new OneScopeSet(set.id(), token);
        String tenant = emulator.tenant(CONTOSO).id();
        switch (set.id()) {
            case SecureIds.POSTURE_SCOPES -> {
                TenantPosture posture = new PostureScan(graph).read(tenant, Set.of());
                return failures(Map.of("licences", posture.licences(), "policies", posture.policies(),
                        "named locations", posture.namedLocations(), "authorization policy", posture.authorization(),
                        "registration", posture.registration(), "branding", posture.branding()));
            }
            case SecureIds.SCORE_SCOPES -> {
                return failures(Map.of("secure score", new PostureScan(graph).read(tenant, Set.of()).score()));
            }
            case SecureIds.AUDIT_SCOPES -> {
                return failures(Map.of("audit log", new PostureScan(graph).read(tenant, Set.of()).auditLog()));
            }
            case SecureIds.DEPLOY_SCOPES -> {
                PolicyDeployer deployer = new PolicyDeployer(graph, new PostureStore(new MemoryRecords()),
                        (action, id, target, details) -> { }, Clock.systemUTC());
                try {
                    String deployed = deployer.deployReportOnly(tenant, PolicyTemplates.ADMIN_MFA, ADMIN);
                    assertTrue(deployed.startsWith("Created policy"), deployed);
                    String on = deployer.enforce(tenant, PolicyTemplates.ADMIN_MFA, ADMIN);
                    assertTrue(on.startsWith("Switched policy"), on);
                    return "";
                } catch (com.microsoft.kiota.ApiException e) {
                    return "deploy: " + e.getResponseStatusCode() + " " + e.getMessage();
                }
            }
            default -> throw new AssertionError("No run for scope set " + set.id() + ": add what it is for");
        }
    }

    private static String failures(Map<String, Reading<?>> readings) {
        StringBuilder failed = new StringBuilder();
        readings.forEach((part, reading) -> {
            if (!(reading instanceof Reading.Read<?>)) {
                failed.append(part).append(": ").append(reading).append("; ");
            }
        });
        return failed.toString();
    }

    private static List<String> permissions(ScopeSet set) {
        assertTrue(set.permissions().stream().allMatch(p -> p.type() == ScopeSet.Connection.DELEGATED),
                "the Secure plugin's scope sets are delegated");
        return set.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
    }

    /** A delegated token for the tenant's Global Administrator, after they consented for the organisation. */
    private String token(ScopeSet set, List<String> permissions) throws Exception {
        String prefix = set.resource() == ScopeSet.Resource.EXCHANGE_ONLINE ? EXCHANGE : "";
        Set<String> scopes = new LinkedHashSet<>();
        permissions.forEach(permission -> scopes.add(prefix + permission));
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(CLIENT_ID,
                        ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/" + CONTOSO + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build();
        String url = app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(REDIRECT, scopes)
                .state("least-privilege").build()).toString();
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(url).signIn(CONTOSO, ADMIN, PASSWORD);
        if (browser.showsConsent()) {
            browser.accept(CONTOSO, true);
        }
        String code = browser.redirectParameters().get("code");
        assertInstanceOf(String.class, code, "signed in and consented to " + scopes);
        return app.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(REDIRECT)).scopes(scopes).build())
                .get().accessToken();
    }

    /** Graph access as the host gives it to the plugin, holding one scope set only: every other one is not granted. */
    private final class OneScopeSet implements GraphAccess {

        private final String scopeSet;
        private final String token;

        OneScopeSet(String scopeSet, String token) {
            this.scopeSet = scopeSet;
            this.token = token;
        }

        @Override
        public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception {
            require(tenantId, scopeSetId);
            AccessTokenProvider tokens = new AccessTokenProvider() {
                @Override
                public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                    return token;
                }

                @Override
                public AllowedHostsValidator getAllowedHostsValidator() {
                    return new AllowedHostsValidator("localhost");
                }
            };
            OkHttpClient http = com.microsoft.graph.core.requests.GraphClientFactory.create()
                    .sslSocketFactory(emulator.tls().clientContext().getSocketFactory(), emulator.tls().trustManager())
                    .build();
            GraphServiceClient client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens), http);
            client.getRequestAdapter().setBaseUrl(emulator.graphBaseUrl());
            return call.apply(client);
        }

        @Override
        public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                Map<String, Object> parameters) throws Exception {
            require(tenantId, scopeSetId);
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
                rows.add(JSON.convertValue(row, LinkedHashMap.class));
            }
            return rows;
        }

        @Override
        public ConsentStatus consent(String tenantId, String scopeSetId) {
            return scopeSet.equals(scopeSetId) ? ConsentStatus.granted(tenantId, scopeSetId)
                    : new ConsentStatus(tenantId, scopeSetId, false, List.of(), "not granted in this test");
        }

        private void require(String tenantId, String scopeSetId) {
            if (!scopeSet.equals(scopeSetId)) {
                throw new ConsentRequiredException(consent(tenantId, scopeSetId));
            }
        }
    }
}
