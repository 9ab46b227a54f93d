package dev.tenantry.portal.consent;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.ITokenCacheAccessAspect;
import com.microsoft.aad.msal4j.ITokenCacheAccessContext;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.Prompt;
import com.microsoft.aad.msal4j.ResponseMode;
import com.microsoft.aad.msal4j.SilentParameters;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.identity.IdentitySettings;
import dev.tenantry.portal.identity.IdentityTls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Tokens for customer tenants, through MSAL4J as Tenantry's multi-tenant app registration. Each operation builds a
 * client for the tenant's authority with the connection's token cache, opened from its sealed form in the database
 * and sealed again when MSAL changed it: nothing about a tenant's tokens lives in memory between operations, and any
 * node of a cluster can serve any tenant. Silent acquisition only; a refresh token the tenant revoked or let expire
 * turns the connection to "needs re-authentication" once and the operation ends with
 * {@link GraphUnavailableException} — it never retries in a loop. Tokens never leave this class but as a bearer value
 * to the Graph gateway; they are never logged.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    private static final long TIMEOUT_SECONDS = 30;
    private static final String GRAPH_PREFIX = ResourcePermissions.uri(ScopeSet.Resource.MICROSOFT_GRAPH) + "/";

    @Inject
    IdentitySettings settings;

    @Inject
    IdentityTls tls;

    @Inject
    ConsentStore store;

    @Inject
    SecretBox secrets;

    @Inject
    AuditLog audit;

    /** The authority of a customer tenant: {@code <base>/<tenant id>/}. */
    public String authority(String tenantId) {
        return settings.authorityBase() + "/" + tenantId + "/";
    }

    /** Where a customer tenant's account signs in and consents to {@code scopes}, bound by state and PKCE. */
    public URI authorizationUrl(String tenantId, Set<String> scopes, String redirectUri, String state,
            String codeChallenge) {
        // MSAL4J 1.26 writes response_mode=form_post whatever responseMode says. A cross-site POST would arrive
        // without the staff session (SameSite=Lax), and the answer must reach the session that started it: query.
        return URI.create(client(tenantId, new CacheAspect(null)).getAuthorizationRequestUrl(
                AuthorizationRequestUrlParameters.builder(redirectUri, scopes)
                        .state(state)
                        .codeChallenge(codeChallenge)
                        .codeChallengeMethod("S256")
                        .responseMode(ResponseMode.QUERY)
                        .prompt(Prompt.SELECT_ACCOUNT)
                        .build()).toString().replace("response_mode=form_post", "response_mode=query"));
    }

    /**
     * Redeems the code of a completed sign-in and keeps the delegated connection it makes.
     *
     * @return the account that signed in and what the token was granted
     */
    public Redeemed redeem(String tenantId, String code, String verifier, Set<String> scopes, String redirectUri,
            String by) {
        CacheAspect cache = new CacheAspect(null);
        IAuthenticationResult result = await(client(tenantId, cache).acquireToken(AuthorizationCodeParameters
                .builder(code, URI.create(redirectUri)).scopes(scopes).codeVerifier(verifier).build()), tenantId);
        String homeAccountId = result.account() == null ? null : result.account().homeAccountId();
        Set<String> granted = grantedIn(result);
        store.connected(tenantId, Connection.Kind.DELEGATED, result.account() == null ? null
                : result.account().username(), homeAccountId, granted, seal(tenantId, Connection.Kind.DELEGATED,
                cache.serialized), by);
        return new Redeemed(result.account() == null ? "" : result.account().username(), granted);
    }

    /** The outcome of a redeemed sign-in. */
    public record Redeemed(String account, Set<String> granted) {
    }

    /**
     * An access token of the tenant's delegated connection for {@code scopes} (of one resource), silently.
     *
     * @throws GraphUnavailableException when the connection is missing or must sign in again
     */
    public String delegatedToken(String tenantId, Set<String> scopes) {
        ConsentStore.SealedCache read = store.tokenCache(tenantId, Connection.Kind.DELEGATED).orElseThrow(() ->
                new GraphUnavailableException("No delegated connection in tenant " + tenantId, null, null));
        CacheAspect cache = new CacheAspect(open(tenantId, Connection.Kind.DELEGATED, read.sealed()));
        ConfidentialClientApplication client = client(tenantId, cache);
        IAccount account = await(client.getAccounts(), tenantId).stream().findFirst().orElse(null);
        if (account == null) {
            throw parkConnection(tenantId, "The connection's token cache holds no account");
        }
        try {
            IAuthenticationResult result = await(client.acquireTokenSilently(SilentParameters.builder(scopes, account)
                    .authorityUrl(authority(tenantId)).build()), tenantId);
            keep(tenantId, Connection.Kind.DELEGATED, read, cache.changed ? cache.serialized : null,
                    grantedIn(result));
            return result.accessToken();
        } catch (InteractionRequired e) {
            throw parkConnection(tenantId, "The account must sign in again (" + e.code + ")");
        } catch (MsalException e) {
            throw unavailable(tenantId, e);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("tenantry.identity.authority-base is not a URL", e);
        }
    }

    /** MSAL says the account must sign in again: its refresh token was revoked, expired or needs more consent. */
    private static final class InteractionRequired extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        InteractionRequired(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }

    /**
     * An application token of Tenantry in the tenant for {@code resource}'s {@code .default} scope, from the
     * application connection's token cache when it holds a valid one; what the token grants (its {@code roles}) is kept
     * as what the connection holds.
     *
     * @throws GraphUnavailableException when there is no application connection or Microsoft refuses a token
     */
    public String applicationToken(String tenantId, ScopeSet.Resource resource) {
        ConsentStore.SealedCache read = store.tokenCache(tenantId, Connection.Kind.APPLICATION).orElseThrow(() ->
                new GraphUnavailableException("No application connection in tenant " + tenantId, null, null));
        CacheAspect cache = new CacheAspect(open(tenantId, Connection.Kind.APPLICATION, read.sealed()));
        IAuthenticationResult result = await(client(tenantId, cache).acquireToken(defaultScope(resource)), tenantId);
        keep(tenantId, Connection.Kind.APPLICATION, read, cache.changed ? cache.serialized : null,
                recordedRoles(resource, result.accessToken()));
        return result.accessToken();
    }

    /**
     * Makes (or renews) the application connection after the tenant's administrator consented: a client-credentials
     * token for Microsoft Graph, its cache sealed, and what the tenant granted (the token's {@code roles}).
     *
     * @return the application permissions granted
     */
    public Set<String> connectApplication(String tenantId, String by) {
        CacheAspect cache = new CacheAspect(null);
        IAuthenticationResult result = await(client(tenantId, cache).acquireToken(
                defaultScope(ScopeSet.Resource.MICROSOFT_GRAPH)), tenantId);
        Set<String> granted = recordedRoles(ScopeSet.Resource.MICROSOFT_GRAPH, result.accessToken());
        store.connected(tenantId, Connection.Kind.APPLICATION, null, null, granted,
                seal(tenantId, Connection.Kind.APPLICATION, cache.serialized), by);
        return granted;
    }

    private static ClientCredentialParameters defaultScope(ScopeSet.Resource resource) {
        return ClientCredentialParameters.builder(Set.of(ResourcePermissions.uri(resource) + "/.default")).build();
    }

    /** A token's roles as connections record permissions ({@link ResourcePermissions}). */
    private static Set<String> recordedRoles(ScopeSet.Resource resource, String accessToken) {
        Set<String> roles = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        rolesIn(accessToken).forEach(role -> roles.add(ResourcePermissions.recorded(resource, role)));
        return roles;
    }

    /**
     * The application permissions an app-only token carries: its {@code roles} claim. Read, not verified: the token
     * came straight from the identity provider over TLS, and it is the identity provider's statement of what the
     * tenant granted; an opaque token yields nothing (the live check still reads the tenant's assignments).
     */
    static Set<String> rolesIn(String accessToken) {
        Set<String> roles = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        String[] parts = accessToken == null ? new String[0] : accessToken.split("\\.");
        if (parts.length != 3) {
            return roles;
        }
        try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.ByteArrayInputStream(
                java.util.Base64.getUrlDecoder().decode(parts[1])))) {
            jakarta.json.JsonObject claims = reader.readObject();
            jakarta.json.JsonArray values = claims.getJsonArray("roles");
            if (values != null) {
                values.getValuesAs(jakarta.json.JsonString.class).forEach(value -> roles.add(value.getString()));
            }
        } catch (RuntimeException e) {
            // Not a JWT we can read: nothing known from the token itself
        }
        return roles;
    }

    /** Marks the delegated connection as needing its account to sign in again; returns what to throw. */
    private GraphUnavailableException parkConnection(String tenantId, String reason) {
        store.needsReauthentication(tenantId, Connection.Kind.DELEGATED, reason);
        audit.recordSecurityEvent(AuditEvent.of("system", tenantId, "consent.connection-needs-reauthentication",
                Connection.Kind.DELEGATED.name(), Outcome.FAILURE).with("reason", reason));
        return new GraphUnavailableException("The tenant's delegated connection must sign in again: " + reason, null,
                null);
    }

    /**
     * The permissions a token carries, as connections record them ({@link ResourcePermissions}): Graph's by their
     * short names, another resource's qualified by its application ID URI.
     */
    static Set<String> grantedIn(IAuthenticationResult result) {
        String scopes = result.scopes();
        Set<String> granted = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (scopes != null) {
            for (String scope : scopes.trim().split("\\s+")) {
                if (!scope.isBlank()) {
                    granted.add(scope.startsWith(GRAPH_PREFIX) ? scope.substring(GRAPH_PREFIX.length()) : scope);
                }
            }
        }
        return granted;
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future, String tenantId) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MsalInteractionRequiredException interaction) {
                throw new InteractionRequired(interaction.errorCode());
            }
            throw unavailable(tenantId, e.getCause());
        } catch (TimeoutException e) {
            throw new GraphUnavailableException("The identity provider did not answer in time", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphUnavailableException("Interrupted", null, e);
        }
    }

    /** An MSAL failure in words, without tokens: MSAL's error code, never its full message. */
    private static GraphUnavailableException unavailable(String tenantId, Throwable cause) {
        String code = cause instanceof MsalException msal ? msal.errorCode() : cause.getClass().getSimpleName();
        return new GraphUnavailableException("The identity provider refused a token for tenant " + tenantId + " ("
                + code + ")", null, null);
    }

    private ConfidentialClientApplication client(String tenantId, CacheAspect cache) {
        try {
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                    .builder(settings.clientId(), settings.clientCredential())
                    .authority(authority(tenantId))
                    .setTokenCacheAccessAspect(cache);
            tls.context().ifPresent(context -> builder.sslSocketFactory(context.getSocketFactory()));
            return builder.build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("tenantry.identity.authority-base is not a URL", e);
        }
    }

    /**
     * Keeps what a token request changed: the token cache MSAL rewrote (a refreshed or new token) and what the token
     * says the connection holds. Several requests of one tenant refresh at the same time (a fleet scan, a page, a
     * poll), so the write is conditional on the connection being as it was read. When another refresh wrote first,
     * both caches are merged (each holds valid tokens; the newer entry of each key wins) and written again. When the
     * connection was signed in again or parked meanwhile, what this request got belongs to the connection before and
     * is dropped: the new sign-in's account and tokens stay. The token this request got is used either way.
     *
     * @param changedCache the cache MSAL wrote, when it differs from the one read; null when nothing changed
     */
    void keep(String tenantId, Connection.Kind kind, ConsentStore.SealedCache read, String changedCache,
            Set<String> tokenGrants) {
        ConsentStore.SealedCache base = read;
        String cacheToWrite = changedCache;
        for (int attempt = 1; attempt <= 5; attempt++) {
            Set<String> granted = tokenGrants == null || tokenGrants.isEmpty() ? base.granted()
                    : ResourcePermissions.merged(base.granted(), tokenGrants);
            boolean grantsChanged = !new java.util.TreeSet<>(granted).equals(new java.util.TreeSet<>(base.granted()));
            if (cacheToWrite == null && !grantsChanged) {
                store.touched(tenantId, kind);
                return;
            }
            if (store.replaceTokenCache(tenantId, kind, base.version(), seal(tenantId, kind, cacheToWrite),
                    granted)) {
                return;
            }
            Optional<ConsentStore.SealedCache> now = store.tokenCache(tenantId, kind);
            if (now.isEmpty() || !now.get().sameConnectionAs(read)) {
                return;
            }
            if (cacheToWrite != null) {
                cacheToWrite = TokenCaches.merged(open(tenantId, kind, now.get().sealed()), cacheToWrite);
            }
            base = now.get();
        }
        LOG.warning(() -> "The token cache of tenant " + tenantId + " (" + kind + ") kept changing under five "
                + "writes in a row; this refresh's copy was not kept (its token was used)");
    }

    private String seal(String tenantId, Connection.Kind kind, String cache) {
        return cache == null ? null : secrets.seal(cache, purpose(tenantId, kind));
    }

    private String open(String tenantId, Connection.Kind kind, String sealed) {
        return secrets.open(sealed, purpose(tenantId, kind));
    }

    private static String purpose(String tenantId, Connection.Kind kind) {
        return "token-cache:" + tenantId + ":" + kind.name();
    }

    /** MSAL's token cache for one operation: loaded from the opened value, its new state kept when it changed. */
    private static final class CacheAspect implements ITokenCacheAccessAspect {

        private final String initial;
        private String serialized;
        private boolean changed;

        CacheAspect(String initial) {
            this.initial = initial;
            this.serialized = initial;
        }

        @Override
        public void beforeCacheAccess(ITokenCacheAccessContext context) {
            if (serialized != null) {
                context.tokenCache().deserialize(serialized);
            }
        }

        @Override
        public void afterCacheAccess(ITokenCacheAccessContext context) {
            if (context.hasCacheChanged()) {
                serialized = context.tokenCache().serialize();
                changed = !serialized.equals(initial);
            }
        }
    }
}
