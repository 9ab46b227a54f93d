package dev.tenantry.plugin.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.tenantry.emulator.BrowserlessSignIn;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.ExchangeCommandException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.firewall.GraphFirewall;
import dev.tenantry.plugin.api.manifest.ManifestException;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Graph access for a plugin's tests, against the emulator, as the host would give it: a scope set the test granted
 * holds a delegated token obtained through the real authorization code flow (the tenant's administrator signs in and
 * consents for the organisation to exactly the permissions given); any other scope set is not granted
 * ({@link ConsentRequiredException}). Calls go through the Graph SDK with the host's retries (one, and only for a short
 * wait) and through the same {@link GraphFirewall}: a request outside the scope set it is made under (as the plugin's
 * manifest on the test class path declares it, else as the test granted it) throws
 * {@link GraphRequestRefusedException} before it reaches the emulator, and an Exchange cmdlet the manifest's scope set
 * does not name is refused too. {@link #decisions()} lists what the firewall judged; with the system property
 * {@code tenantry.firewall.report} set to a file, each judgement is also appended to it (scope set, method, path,
 * allowed), for counting a plugin's calls. A call with several scope sets at once takes the token of the one granted
 * last (the emulator, like Entra, puts every scope the account consented to in it) and the firewall of all of them.
 *
 * <p>Microsoft's refusals come out as the host's gateway lets them out: a Graph error with HTTP 401 or 403 that leaves
 * the call is {@link ConsentRequiredException} for the call's first scope set ("the grant may have been revoked"), one
 * with 429, 503 or 504 is {@link GraphUnavailableException} with Microsoft's {@code Retry-After}, any other the SDK's
 * error as thrown; an answer inside a {@code $batch} is no exception until the call lets it out. Exchange Online's
 * 401 and 403 are {@link ConsentRequiredException} too, 429, 503 and 504 {@link GraphUnavailableException}, any other
 * error {@link ExchangeCommandException}. So a plugin that catches a 403's {@code ODataError} outside its call meets
 * here what it would meet in production: a 403 that means a missing directory role or a rule of Microsoft's, not
 * consent, is caught inside the call.
 */
public final class EmulatorGraphAccess implements GraphAccess {

    public static final String CLIENT_ID = "5e8d1c2b-7a94-4f03-b6e1-2c9d8a7f4b31";
    private static final String SECRET = "plugin-tests-secret";
    private static final String REDIRECT = "http://localhost:8080/auth/callback";
    private static final String PASSWORD = "Tenantry-Demo-2026!";
    private static final String EXCHANGE = "https://outlook.office365.com/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Optional<PluginManifest>> MANIFESTS = new ConcurrentHashMap<>();

    private final M365Emulator emulator;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Long> grantedAt = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong grants = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, ScopeSet> granted = new ConcurrentHashMap<>();
    private final Map<String, AccountSignIn> accounts = new ConcurrentHashMap<>();
    private final List<GraphFirewall.Decision> decisions = new CopyOnWriteArrayList<>();

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
        if (browser.asksForCode()) {
            // An account whose multi-factor authentication is enforced: the code the emulator "sent" it
            browser.enterCode(domain, browser.sentCode());
        }
        if (browser.needsAdminApproval()) {
            throw new IllegalStateException("No authorization code for " + scopes + ": " + administrator
                    + " may not grant them, only an administrator can");
        }
        if (browser.showsConsent()) {
            browser.accept(domain, true);
        }
        String code = browser.redirectParameters().get("code");
        if (code == null) {
            throw new IllegalStateException("No authorization code for " + scopes + ": " + browser.page());
        }
        granted.put(scopeSetId, new ScopeSet(scopeSetId, exchange ? ScopeSet.Resource.EXCHANGE_ONLINE
                : ScopeSet.Resource.MICROSOFT_GRAPH, ScopeSet.Connection.DELEGATED, "granted by the test",
                permissions.stream().map(name -> new ScopeSet.MicrosoftPermission(name, ScopeSet.Connection.DELEGATED,
                        true, "granted by the test")).toList(), List.of(), List.of()));
        String tenantId = emulator.tenant(domain).id();
        String key = key(tenantId, scopeSetId);
        tokens.put(key, app.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(REDIRECT)).scopes(scopes)
                .build()).get().accessToken());
        grantedAt.put(key, grants.incrementAndGet());
        declared(scopeSetId).filter(ScopeSet::byPluginAccount).ifPresent(set -> accounts.merge(
                key(tenantId, set.account()), new AccountSignIn(tenantId, set.account(), administrator, true, "",
                        "the test", java.time.Instant.now(), null, Set.copyOf(permissions)),
                (before, now) -> before.userPrincipalName().equalsIgnoreCase(now.userPrincipalName())
                        ? new AccountSignIn(tenantId, set.account(), administrator, true, "", "the test",
                                now.signedInAt(), null, union(before.granted(), now.granted())) : now));
        return this;
    }

    /**
     * Grants scope sets of the plugin's manifest on the test class path in the tenant of {@code domain}, each with
     * exactly the permissions the manifest declares for it, as {@code account} signs in and consents (for the
     * organisation, when it may).
     *
     * @throws IllegalArgumentException for a scope set the manifest does not declare
     */
    public EmulatorGraphAccess grantAsDeclared(String domain, String account, String... scopeSetIds) throws Exception {
        for (String id : scopeSetIds) {
            ScopeSet set = declared(id).orElseThrow(() -> new IllegalArgumentException("No scope set " + id
                    + " in the manifest on the class path"));
            grant(id, domain, account, set.resource() == ScopeSet.Resource.EXCHANGE_ONLINE, set.permissions()
                    .stream().map(ScopeSet.MicrosoftPermission::name).toList());
        }
        return this;
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> both = new LinkedHashSet<>(one);
        both.addAll(other);
        return both;
    }

    /**
     * The plugin's account as the test signed it in: a scope set of the manifest on the class path that names an
     * account, granted by signing in as that account ({@link #grant}).
     */
    @Override
    public Optional<AccountSignIn> account(String tenantId, String accountId) {
        return Optional.ofNullable(accounts.get(key(tenantId, accountId)));
    }

    @Override
    public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception {
        return call(tenantId, List.of(scopeSetId), call);
    }

    @Override
    public <T> T call(String tenantId, List<String> scopeSetIds, GraphCall<T> call) throws Exception {
        if (scopeSetIds.isEmpty()) {
            throw new IllegalArgumentException("No scope set to call with");
        }
        scopeSetIds.forEach(scopeSetId -> require(tenantId, scopeSetId));
        String token = tokens.get(scopeSetIds.stream().map(scopeSetId -> key(tenantId, scopeSetId))
                .max(java.util.Comparator.comparing(grantedAt::get)).orElseThrow());
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
        OkHttpClient http = http().addInterceptor(GraphFirewall.of(scopeSetIds.stream().map(this::scopeSet)
                .toList(), emulator.graphBaseUrl(), null, this::judged)).build();
        GraphServiceClient client = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(provider), http);
        client.getRequestAdapter().setBaseUrl(emulator.graphBaseUrl());
        try {
            return call.apply(client);
        } catch (ApiException e) {
            throw GatewayRules.translated(tenantId, scopeSet(scopeSetIds.get(0)), e);
        }
    }

    @Override
    public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
            Map<String, Object> parameters) throws Exception {
        String token = require(tenantId, scopeSetId);
        Optional<GraphRequestRefusedException> refusal = declared(scopeSetId)
                .flatMap(declared -> GraphFirewall.cmdletRefusal(declared, cmdlet));
        if (refusal.isPresent()) {
            judged(new GraphFirewall.Decision(scopeSetId, "POST", cmdlet, false));
            throw refusal.get();
        }
        judged(new GraphFirewall.Decision(scopeSetId, "POST", cmdlet, true));
        String body = JSON.writeValueAsString(Map.of("CmdletInput", Map.of("CmdletName", cmdlet, "Parameters",
                parameters == null ? Map.of() : parameters)));
        Request request = GatewayRules.retriable(new Request.Builder()).url(emulator.identityBaseUrl()
                        + "/adminapi/beta/" + tenantId + "/InvokeCommand").header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .post(RequestBody.create(body, MediaType.get("application/json; charset=utf-8"))).build();
        try (Response response = http().build().newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            Optional<RuntimeException> failure = GatewayRules.exchangeFailure(tenantId, scopeSet(scopeSetId),
                    response.code(), response.header("Retry-After"));
            if (failure.isPresent()) {
                throw failure.get();
            }
            JsonNode answer = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            if (response.code() >= 300) {
                JsonNode error = answer.path("error");
                throw new ExchangeCommandException(response.code(), error.path("code").asText(""),
                        error.path("message").asText(""));
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode row : answer.path("value")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = JSON.convertValue(row, LinkedHashMap.class);
                rows.add(map);
            }
            return rows;
        }
    }

    @Override
    public ConsentStatus consent(String tenantId, String scopeSetId) {
        return tokens.containsKey(key(tenantId, scopeSetId)) ? ConsentStatus.granted(tenantId, scopeSetId)
                : new ConsentStatus(tenantId, scopeSetId, false, List.of(), "not granted in this test");
    }

    /** An HTTP client to the emulator with the Graph SDK's middleware, retrying as the host's gateway does. */
    private OkHttpClient.Builder http() {
        return GraphClientFactory.create(new RequestOption[] {GatewayRules.retries()})
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory(), emulator.tls().trustManager());
    }

    /** What the firewall judged so far, in order (Exchange cmdlets as {@code POST <cmdlet>}). */
    public List<GraphFirewall.Decision> decisions() {
        return List.copyOf(decisions);
    }

    private void judged(GraphFirewall.Decision decision) {
        decisions.add(decision);
        String report = System.getProperty("tenantry.firewall.report");
        if (report != null && !report.isBlank()) {
            try {
                Files.writeString(Path.of(report), decision.scopeSetId() + "\t" + decision.method() + "\t"
                        + decision.path() + "\t" + (decision.allowed() ? "allowed" : "refused") + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The scope set as the plugin's manifest on the test class path declares it, else as the test granted it. */
    private ScopeSet scopeSet(String scopeSetId) {
        return declared(scopeSetId).or(() -> Optional.ofNullable(granted.get(scopeSetId)))
                .orElseThrow(() -> new IllegalArgumentException("No scope set " + scopeSetId));
    }

    private static Optional<ScopeSet> declared(String scopeSetId) {
        String pluginId = scopeSetId.substring(0, Math.max(0, scopeSetId.indexOf('.')));
        return MANIFESTS.computeIfAbsent(pluginId, EmulatorGraphAccess::manifest)
                .flatMap(manifest -> manifest.scopeSet(scopeSetId));
    }

    private static Optional<PluginManifest> manifest(String pluginId) {
        try (InputStream json = EmulatorGraphAccess.class.getClassLoader().getResourceAsStream(
                PluginManifests.LOCATION)) {
            return json == null ? Optional.empty()
                    : Optional.of(PluginManifests.read(json, pluginId, PluginManifests.LOCATION));
        } catch (ManifestException | java.io.IOException e) {
            // The class path's manifest is another plugin's (or none): judge by what the test granted
            return Optional.empty();
        }
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
