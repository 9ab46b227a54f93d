package dev.tenantry.emulator;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who calls Graph in a test: a client application registered in the emulator, its app-only tokens (client
 * credentials, with the app roles given), its delegated tokens (the real authorization code flow, after a tenant-wide
 * consent to the scopes given), users with the directory roles a test needs, and Graph SDK clients for a token.
 */
final class GraphCallers {

    private static final String REDIRECT = "http://localhost:8080/auth/callback";

    private final M365Emulator emulator;
    private final String clientId;
    private final String secret;

    GraphCallers(M365Emulator emulator, String clientId, String secret) {
        this.emulator = emulator;
        this.clientId = clientId;
        this.secret = secret;
        emulator.register(new Application(clientId, "Tenantry role tests", emulator.tenant("northwind-msp.example")
                .id(), List.of(secret), List.of(REDIRECT), Map.of()));
    }

    /** A member of {@code tenant} holding {@code roles} (none: an ordinary user), with the demo password. */
    DirectoryUser user(Tenant tenant, String alias, String... roles) {
        return emulator.directory().addUser(tenant, Json.object().put("userPrincipalName", alias + "@"
                + tenant.domains().get(0)).put("displayName", alias), MsalFlowsTest.PASSWORD, List.of(roles));
    }

    /** An app-only token of {@code tenant} holding {@code roles} (and any assigned before). */
    String appOnly(Tenant tenant, String... roles) throws Exception {
        var sp = servicePrincipal(tenant);
        for (String role : roles) {
            emulator.directory().assignAppRole(tenant, sp, emulator.directory().graphServicePrincipal(tenant),
                    emulator.directory().catalogue().graph().appRole(role).orElseThrow());
        }
        return app(tenant).acquireToken(ClientCredentialParameters.builder(Set.of(
                "https://graph.microsoft.com/.default")).build()).get().accessToken();
    }

    /** A delegated token of {@code user}, after the tenant consented to {@code scopes} for all its users. */
    String delegated(Tenant tenant, DirectoryUser user, String... scopes) throws Exception {
        List<String> consented = new java.util.ArrayList<>(List.of(scopes));
        consented.addAll(List.of("openid", "profile", "offline_access"));
        emulator.directory().grantDelegated(tenant, servicePrincipal(tenant).get("id").asText(),
                emulator.directory().graphServicePrincipal(tenant).get("id").asText(), null, consented);
        return signIn(tenant, user, scopes);
    }

    /**
     * A delegated token of {@code user} for Office 365 Exchange Online, after the tenant consented to {@code scopes}
     * (e.g. {@code Exchange.Manage}) of it for all its users.
     */
    String delegatedExchange(Tenant tenant, DirectoryUser user, String... scopes) throws Exception {
        emulator.directory().grantDelegated(tenant, servicePrincipal(tenant).get("id").asText(),
                emulator.directory().graphServicePrincipal(tenant).get("id").asText(), null,
                List.of("openid", "profile", "offline_access"));
        emulator.directory().grantDelegated(tenant, servicePrincipal(tenant).get("id").asText(),
                emulator.directory().resourceServicePrincipal(tenant, PermissionCatalogue.EXCHANGE_APP_ID).get("id")
                        .asText(), null, List.of(scopes));
        return signIn(tenant, user, java.util.Arrays.stream(scopes).map(scope -> "https://outlook.office365.com/"
                + scope).toArray(String[]::new));
    }

    /** An app-only token of {@code tenant} for Exchange Online, holding Exchange.ManageAsApp. */
    String appOnlyExchange(Tenant tenant) throws Exception {
        emulator.directory().assignAppRole(tenant, servicePrincipal(tenant), emulator.directory()
                .resourceServicePrincipal(tenant, PermissionCatalogue.EXCHANGE_APP_ID), emulator.directory()
                .catalogue().resource(PermissionCatalogue.EXCHANGE_APP_ID).orElseThrow().appRole(
                        "Exchange.ManageAsApp").orElseThrow());
        return app(tenant).acquireToken(ClientCredentialParameters.builder(Set.of(
                "https://outlook.office365.com/.default")).build()).get().accessToken();
    }

    /** Graph's answer to a raw request ({@code path} under {@code /v1.0}; {@code body} JSON or null). */
    HttpResponse<String> call(String token, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("https://") ? path
                : emulator.graphBaseUrl() + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP client that trusts the emulator. */
    HttpClient http() {
        return HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();
    }

    private String signIn(Tenant tenant, DirectoryUser user, String... scopes) throws Exception {
        ConfidentialClientApplication app = app(tenant);
        MsalFlowsTest.Pkce pkce = new MsalFlowsTest.Pkce();
        String url = app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(REDIRECT,
                Set.of(scopes)).codeChallenge(pkce.challenge).codeChallengeMethod("S256").state(pkce.state).build())
                .toString();
        String code = new BrowserlessSignIn(emulator).open(url).signIn(tenant.id(), user.userPrincipalName(),
                MsalFlowsTest.PASSWORD).redirectParameters().get("code");
        return app.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(REDIRECT)).scopes(Set.of(scopes))
                .codeVerifier(pkce.verifier).build()).get().accessToken();
    }

    GraphServiceClient graph(String token) {
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
        GraphServiceClient graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens),
                GraphClientFactory.create().sslSocketFactory(emulator.tls().clientContext().getSocketFactory(),
                        emulator.tls().trustManager()).build());
        graph.getRequestAdapter().setBaseUrl(emulator.graphBaseUrl());
        return graph;
    }

    private com.fasterxml.jackson.databind.node.ObjectNode servicePrincipal(Tenant tenant) {
        return emulator.directory().ensureServicePrincipal(tenant, emulator.directory().application(clientId)
                .orElseThrow());
    }

    private ConfidentialClientApplication app(Tenant tenant) throws Exception {
        return ConfidentialClientApplication.builder(clientId, ClientCredentialFactory.createFromSecret(secret))
                .authority(emulator.identityBaseUrl() + "/" + tenant.id() + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build();
    }
}
