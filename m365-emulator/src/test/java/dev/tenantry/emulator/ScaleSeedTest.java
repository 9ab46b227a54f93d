package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.SilentParameters;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.ScaleSeed;
import dev.tenantry.emulator.directory.Seed;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScaleSeedTest {

    static final Instant AS_OF = Instant.parse("2026-11-22T09:00:00Z");
    static final String MANIFEST = "src/main/resources/META-INF/tenantry-plugin.json";
    static final String PORTAL_SECRET = "tenantry-demo-client-secret";
    /** A redirect URI the demo seed registers for Tenantry, as the portal's consent flow uses it. */
    static final String CONSENT_CALLBACK = "http://localhost:8080/consent/callback";

    @Test
    void theSameArgumentsGiveTheSameSeedAndOtherRandomSeedsDiffer() {
        String seven = Json.write(ScaleSeed.generate(3, 40, 7, AS_OF));
        assertEquals(seven, Json.write(ScaleSeed.generate(3, 40, 7, AS_OF)));
        assertNotEquals(seven, Json.write(ScaleSeed.generate(3, 40, 8, AS_OF)));
    }

    @Test
    void aCustomerIsTheSameWhateverTheNumberOfTenants() {
        JsonNode few = ScaleSeed.generate(2, 60, 7, AS_OF).path("tenants").get(2);
        JsonNode many = ScaleSeed.generate(6, 60, 7, AS_OF).path("tenants").get(2);

        assertEquals(Json.write(few), Json.write(many));
        assertEquals(ScaleSeed.customer(2).id(), few.path("id").asText());
        assertEquals(ScaleSeed.customer(2).integrationAccount(), few.path("users").get(1).path("userPrincipalName")
                .asText());
    }

    @Test
    void addingTheSeedTenantByTenantGivesWhatTheSeedDocumentDescribes() {
        Directory streamed = new Directory(PermissionCatalogue.load(), Clock.systemUTC());
        ScaleSeed.apply(streamed, 4, 80, 11, AS_OF);
        Directory whole = new Directory(PermissionCatalogue.load(), Clock.systemUTC());
        Seed.apply(ScaleSeed.generate(4, 80, 11, AS_OF), whole);

        assertEquals(5, streamed.tenants().size());
        for (int t = 1; t < 5; t++) {
            Tenant a = streamed.tenants().get(t);
            Tenant b = whole.tenants().get(t);
            assertEquals(a.id(), b.id());
            assertEquals(users(a), users(b));
            assertEquals(a.permissionGrants(), b.permissionGrants());
            for (String path : List.of(Directory.RISKY_USERS, Directory.RISK_DETECTIONS, "/security/secureScores")) {
                assertEquals(a.collection(path).map(Json::write), b.collection(path).map(Json::write), path);
            }
        }
    }

    @Test
    void aCustomerAddedWithALicenceHoldsThatLicenceAndIsOtherwiseAsDrawn() {
        Directory drawn = new Directory(PermissionCatalogue.load(), Clock.systemUTC());
        Directory chosen = new Directory(PermissionCatalogue.load(), Clock.systemUTC());
        ScaleSeed.apply(drawn, 1, 50, 42, AS_OF);
        ScaleSeed.apply(chosen, 1, 50, 42, AS_OF);
        // Customer 2 of random seed 42 draws Business Essentials (no Entra ID P1)
        ScaleSeed.addCustomer(drawn, 2, 50, 42, AS_OF);
        ScaleSeed.addCustomer(chosen, 2, 50, 42, AS_OF, "SPE_E3");
        Tenant a = drawn.tenant(ScaleSeed.customer(2).id()).orElseThrow();
        Tenant b = chosen.tenant(ScaleSeed.customer(2).id()).orElseThrow();

        assertEquals("O365_BUSINESS_ESSENTIALS", sku(a));
        assertEquals("SPE_E3", sku(b));
        assertEquals(a.users().stream().map(DirectoryUser::userPrincipalName).toList(),
                b.users().stream().map(DirectoryUser::userPrincipalName).toList());
        String e3 = b.collection("/subscribedSkus").orElseThrow().path("value").get(0).path("skuId").asText();
        assertTrue(b.users().stream().allMatch(user -> user.json().path("assignedLicenses").get(0).path("skuId")
                .asText().equals(e3)), "every user holds the chosen licence");
        assertThrows(IllegalArgumentException.class, () -> ScaleSeed.addCustomer(chosen, 3, 50, 42, AS_OF,
                "ENTERPRISEPACK"));
    }

    private static String sku(Tenant tenant) {
        return tenant.collection("/subscribedSkus").orElseThrow().path("value").get(0).path("skuPartNumber").asText();
    }

    @Test
    void anEmulatorLoadsEveryTenantAndUserWithAnAdministratorAndAnIntegrationAccountEach() {
        try (M365Emulator emulator = M365Emulator.builder().scale(5, 120, 42).start()) {
            List<Tenant> tenants = emulator.directory().tenants();
            assertEquals(6, tenants.size(), "the MSP tenant and five customers");
            Set<String> upns = new HashSet<>();
            for (int n = 1; n <= 5; n++) {
                ScaleSeed.Customer names = ScaleSeed.customer(n);
                Tenant customer = emulator.tenant(names.domain());
                assertEquals(names.id(), customer.id());
                assertEquals(120, customer.users().size());
                customer.users().forEach(user -> upns.add(user.userPrincipalName()));
                assertEquals(Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR),
                        customer.user(names.administrator()).orElseThrow().directoryRoles());
                DirectoryUser integration = customer.user(names.integrationAccount()).orElseThrow();
                assertEquals(Set.copyOf(ScaleSeed.INTEGRATION_ROLES), integration.directoryRoles());
                assertTrue(integration.accountEnabled() && integration.passwordMatches(ScaleSeed.PASSWORD));
                assertEquals(2, customer.groups().size());
                assertTrue(customer.collection("/subscribedSkus").isPresent());
            }
            assertEquals(600, upns.size(), "user principal names are unique");
            assertTrue(emulator.directory().application(ScaleSeed.TENANTRY_APP_ID).isPresent(),
                    "the demo applications come along");
        }
    }

    @Test
    void everyCustomerGrantedTenantryForAllUsersWhatItsSignInAndTheBuiltInPluginsAsk() throws IOException {
        Map<String, Set<String>> declared = pluginPermissions();
        assertFalse(declared.get("microsoft-graph").isEmpty(), "the built-in plugins' manifests were read");
        assertTrue(ScaleSeed.TENANTRY_GRAPH_SCOPES.containsAll(declared.get("microsoft-graph")),
                "Graph permissions the plugins declare: " + declared.get("microsoft-graph"));
        assertTrue(ScaleSeed.TENANTRY_EXCHANGE_SCOPES.containsAll(declared.get("exchange-online")),
                "Exchange permissions the plugins declare: " + declared.get("exchange-online"));
        assertTrue(declared.get("application").isEmpty(), "the plugins declare application permissions "
                + declared.get("application") + ": seed them as app role assignments too");

        Directory directory = new Directory(PermissionCatalogue.load(), Clock.systemUTC());
        ScaleSeed.apply(directory, 3, 20, 42, AS_OF);
        for (Tenant customer : directory.tenants().subList(1, 4)) {
            String tenantry = customer.servicePrincipalByAppId(ScaleSeed.TENANTRY_APP_ID).orElseThrow().get("id")
                    .asText();
            String anyone = customer.users().get(7).id();
            assertEquals(new LinkedHashSet<>(ScaleSeed.TENANTRY_GRAPH_SCOPES), directory.grantedScopes(customer,
                    tenantry, directory.graphServicePrincipal(customer).get("id").asText(), anyone));
            assertEquals(new LinkedHashSet<>(ScaleSeed.TENANTRY_EXCHANGE_SCOPES), directory.grantedScopes(customer,
                    tenantry, directory.resourceServicePrincipal(customer, PermissionCatalogue.EXCHANGE_APP_ID)
                            .get("id").asText(), anyone));
            assertTrue(customer.permissionGrants().stream().allMatch(grant -> grant.path("consentType").asText()
                    .equals("AllPrincipals")), "admin consent, for all users");
        }
    }

    @Test
    void everyCustomerHasSecureScoreControlProfilesAndAFewRiskyUsersWithRecentDetections() {
        Directory directory = new Directory(PermissionCatalogue.load(), Clock.systemUTC());
        ScaleSeed.apply(directory, 20, 300, 42, AS_OF);
        int riskyUsers = 0;
        int detections = 0;
        for (Tenant customer : directory.tenants().subList(1, 21)) {
            JsonNode score = items(customer, "/security/secureScores").get(0);
            List<JsonNode> profiles = items(customer, "/security/secureScoreControlProfiles");
            assertEquals(6, profiles.size());
            assertEquals(profiles.size(), score.path("controlScores").size());
            assertTrue(score.path("currentScore").asDouble() <= score.path("maxScore").asDouble());
            assertEquals(customer.id(), score.path("azureTenantId").asText());
            Set<String> userIds = new HashSet<>();
            customer.users().forEach(user -> userIds.add(user.id()));
            List<JsonNode> risky = items(customer, Directory.RISKY_USERS);
            List<JsonNode> detected = items(customer, Directory.RISK_DETECTIONS);
            for (JsonNode user : risky) {
                assertTrue(userIds.contains(user.path("id").asText()), "a risky user is a user of the tenant");
                long own = detected.stream().filter(d -> d.path("userId").equals(user.path("id"))).count();
                assertTrue(own >= 1 && own <= 3, own + " detections");
            }
            for (JsonNode detection : detected) {
                Instant at = Instant.parse(detection.path("detectedDateTime").asText());
                assertTrue(at.isBefore(AS_OF) && at.isAfter(AS_OF.minus(Duration.ofDays(15))), at.toString());
            }
            assertEquals(2, items(customer, "/reports/authenticationMethods/userRegistrationDetails").size());
            riskyUsers += risky.size();
            detections += detected.size();
        }
        assertTrue(riskyUsers >= 20 && riskyUsers <= 120, "about one user in a hundred of 6,000: " + riskyUsers);
        assertTrue(detections > riskyUsers, detections + " detections");
    }

    @Test
    void aBenchmarkConnectsACustomerWithItsIntegrationAccountAndReadsPostureAndRiskWithoutABrowser()
            throws Exception {
        try (M365Emulator emulator = M365Emulator.builder().scale(2, 300, 42).start()) {
            ScaleSeed.Customer customer = ScaleSeed.customer(2);
            String authority = emulator.identityBaseUrl() + "/" + customer.id() + "/";
            ConfidentialClientApplication portal = ConfidentialClientApplication.builder(ScaleSeed.TENANTRY_APP_ID,
                    ClientCredentialFactory.createFromSecret(PORTAL_SECRET)).authority(authority)
                    .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build();
            Set<String> scopes = Set.of("openid", "profile", "offline_access", "Policy.Read.All",
                    "SecurityEvents.Read.All", "IdentityRiskEvent.Read.All", "IdentityRiskyUser.Read.All");
            MsalFlowsTest.Pkce pkce = new MsalFlowsTest.Pkce();
            String url = portal.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(CONSENT_CALLBACK,
                    scopes).codeChallenge(pkce.challenge).codeChallengeMethod("S256").state(pkce.state).build())
                    .toString();

            Map<String, String> answer = new BrowserlessSignIn(emulator.identityBaseUrl(),
                    emulator.tls().clientContext()).authorize(url, customer.integrationAccount(), ScaleSeed.PASSWORD);

            assertEquals(pkce.state, answer.get("state"));
            assertTrue(answer.containsKey("code"), "no consent page, straight back with a code: " + answer);
            IAuthenticationResult graph = portal.acquireToken(AuthorizationCodeParameters.builder(answer.get("code"),
                    URI.create(CONSENT_CALLBACK)).scopes(scopes).codeVerifier(pkce.verifier).build()).get();
            IAuthenticationResult exchange = portal.acquireTokenSilently(SilentParameters.builder(
                    Set.of("https://outlook.office365.com/Exchange.Manage"), graph.account()).authorityUrl(authority)
                    .build()).get();
            HttpClient http = HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();
            for (String path : List.of("/security/secureScores", "/security/secureScoreControlProfiles",
                    "/identity/conditionalAccess/policies", "/identityProtection/riskDetections")) {
                HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(emulator.graphBaseUrl() + path))
                        .header("Authorization", "Bearer " + graph.accessToken()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, read.statusCode(), path + ": " + read.body());
            }
            HttpResponse<String> audit = http.send(HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl()
                            + "/adminapi/beta/" + customer.id() + "/InvokeCommand"))
                    .header("Authorization", "Bearer " + exchange.accessToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"CmdletInput\":{\"CmdletName\":"
                            + "\"Get-AdminAuditLogConfig\",\"Parameters\":{}}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, audit.statusCode(), audit.body());
        }
    }

    @Test
    void refusesAScaleWithoutTenantsOrWithoutRoomForTheTwoServiceAccounts() {
        assertThrows(IllegalArgumentException.class, () -> ScaleSeed.generate(0, 10, 1, AS_OF));
        assertThrows(IllegalArgumentException.class, () -> ScaleSeed.generate(3, 1, 1, AS_OF));
        assertEquals(new ScaleSeed.Size(500, 2000), ScaleSeed.Size.parse("500x2000"));
        assertThrows(IllegalArgumentException.class, () -> ScaleSeed.Size.parse("500"));
    }

    private static List<String> users(Tenant tenant) {
        return tenant.users().stream().map(user -> Json.write(user.json()) + user.directoryRoles()).toList();
    }

    private static List<JsonNode> items(Tenant tenant, String path) {
        List<JsonNode> items = new ArrayList<>();
        tenant.collection(path).orElseThrow(() -> new AssertionError("no " + path)).path("value").forEach(items::add);
        return items;
    }

    /**
     * The permissions the built-in plugins' manifests declare, by resource ({@code microsoft-graph},
     * {@code exchange-online}) for delegated ones and under {@code application} for application ones.
     */
    private static Map<String, Set<String>> pluginPermissions() throws IOException {
        Map<String, Set<String>> declared = new HashMap<>();
        List.of("microsoft-graph", "exchange-online", "application").forEach(key -> declared.put(key, new HashSet<>()));
        try (Stream<Path> plugins = Files.list(Path.of("..", "plugins"))) {
            for (Path manifest : plugins.map(plugin -> plugin.resolve(MANIFEST)).filter(Files::exists).toList()) {
                try (InputStream in = Files.newInputStream(manifest)) {
                    for (JsonNode set : Json.read(in).path("scopeSets")) {
                        for (JsonNode permission : set.path("permissions")) {
                            String key = permission.path("type").asText().equals("application") ? "application"
                                    : set.path("resource").asText();
                            declared.computeIfAbsent(key, any -> new HashSet<>()).add(permission.path("name").asText());
                        }
                    }
                }
            }
        }
        return declared;
    }
}
