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
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Tokens for customer tenants, through MSAL4J as Tenantry's multi-tenant app registration. Silent acquisition only; a
 * refresh token the tenant revoked or let expire turns the connection to "needs re-authentication" once and the
 * operation ends with {@link GraphUnavailableException} — it never retries in a loop. Tokens never leave this class
 * but as a bearer value to the Graph gateway; they are never logged (nothing here that holds one has a
 * {@code toString} that shows it).
 *
 * <p><b>One MSAL client per connection, in memory.</b> Each connection (tenant and kind) has one client, built for the
 * tenant's authority with Tenantry's identity settings and TLS, holding the connection's token cache opened once from
 * its sealed form in the database; a Graph request takes its token from there (the access token of its scopes while it
 * has more than {@value #MARGIN_MINUTES} minutes to live, else MSAL's silent acquisition) without reading, decrypting
 * or writing the database. The connection row is written only when MSAL changed the cache (a refresh, about hourly)
 * or a token carries more than the connection held, and its last use is noted at most once a minute per node. The
 * clients of the {@value #CAPACITY} connections used last are kept (each a few kilobytes of tokens); the least
 * recently used goes first.
 *
 * <p><b>Other nodes and processes.</b> The database stays the truth: its row's version moves with every write. A
 * client whose row was last confirmed over {@link #RECHECK} ago reads the version again (one indexed row, two columns)
 * and, when another node or process wrote since, opens the cache again from the database, keeping the access tokens
 * it served (asking MSAL again would refresh and write, and make every other node open it again in turn). Between two
 * such reads the tokens in memory may be older than the database's, which is correct: an access token another node
 * got does not make ours invalid, and Entra keeps a refresh token valid after issuing a newer one, so the older tokens
 * still work. When this node refreshes from an older copy, its write is refused as concurrent and merged with the
 * newer one ({@link #keep}), and the client's version is read again at its next request. What changes the connection
 * itself — a new sign-in or admin consent, "needs re-authentication", the tenant removed — drops the client on the
 * node where it happened at once; on another node, the gateway's consent check, which reads the connection's state on
 * every call, refuses a parked or removed connection at once, and a new sign-in replaces the previous account's
 * (still valid) tokens within {@link #RECHECK}. A client is also built again after {@link #REBUILD}, so a rotated
 * credential or trust store is taken up without a restart.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    private static final long TIMEOUT_SECONDS = 30;
    private static final String GRAPH_PREFIX = ResourcePermissions.uri(ScopeSet.Resource.MICROSOFT_GRAPH) + "/";

    /** How many connections' clients are kept: thousands of tenants, each with a delegated and an application one. */
    static final int CAPACITY = 10_000;
    /** How long a client's row version is trusted before it is read again. */
    static final Duration RECHECK = Duration.ofSeconds(30);
    /** How long a client is used before it is built again from the database and the identity settings. */
    static final Duration REBUILD = Duration.ofHours(1);
    /** How often a connection's last use is noted, at most. */
    static final Duration TOUCH = Duration.ofMinutes(1);
    /** An access token is served from memory while it has longer than this to live, as MSAL refreshes it before. */
    static final long MARGIN_MINUTES = 5;

    /** The clients, by connection, least recently used first. */
    private final Map<Key, Held> clients = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
            return size() > CAPACITY;
        }
    });

    Clock clock = Clock.systemUTC();

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
        return authorizationUrl(tenantId, scopes, redirectUri, state, codeChallenge, Prompt.SELECT_ACCOUNT, null);
    }

    /**
     * The same, with the prompt to show: {@link Prompt#LOGIN} for a plugin's account, whose password (and second
     * factor) must be entered now whoever is signed in to Microsoft in that browser, so that the account registered is
     * the one meant and not the administrator's own session.
     *
     * @param loginHint the account expected (an account signing in again), or null
     */
    public URI authorizationUrl(String tenantId, Set<String> scopes, String redirectUri, String state,
            String codeChallenge, Prompt prompt, String loginHint) {
        // MSAL4J 1.26 writes response_mode=form_post whatever responseMode says. A cross-site POST would arrive
        // without the staff session (SameSite=Lax), and the answer must reach the session that started it: query.
        return URI.create(client(tenantId, new CacheAspect(null)).getAuthorizationRequestUrl(
                AuthorizationRequestUrlParameters.builder(redirectUri, scopes)
                        .state(state)
                        .codeChallenge(codeChallenge)
                        .codeChallengeMethod("S256")
                        .responseMode(ResponseMode.QUERY)
                        .prompt(prompt)
                        .loginHint(loginHint)
                        .build()).toString().replace("response_mode=form_post", "response_mode=query"));
    }

    /**
     * Redeems the code of a completed sign-in and keeps the delegated connection it makes.
     *
     * @return the account that signed in and what the token was granted
     */
    public Redeemed redeem(String tenantId, String code, String verifier, Set<String> scopes, String redirectUri,
            String by) {
        return redeem(tenantId, Connection.Key.DELEGATED, code, verifier, scopes, redirectUri, by);
    }

    /** The same for a delegated connection of the tenant: its integration account, or a plugin's account. */
    public Redeemed redeem(String tenantId, Connection.Key key, String code, String verifier, Set<String> scopes,
            String redirectUri, String by) {
        CacheAspect cache = new CacheAspect(null);
        IAuthenticationResult result = await(client(tenantId, cache).acquireToken(AuthorizationCodeParameters
                .builder(code, URI.create(redirectUri)).scopes(scopes).codeVerifier(verifier).build()), tenantId);
        String homeAccountId = result.account() == null ? null : result.account().homeAccountId();
        Set<String> granted = grantedIn(result);
        store.connected(tenantId, key, result.account() == null ? null
                : result.account().username(), homeAccountId, granted, seal(tenantId, key, cache.serialized), by);
        forget(tenantId, key);
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
        return delegatedToken(tenantId, Connection.Key.DELEGATED, scopes);
    }

    /**
     * An access token of one of the tenant's delegated connections (its integration account, or a plugin's account)
     * for {@code scopes} (of one resource), silently.
     *
     * @throws GraphUnavailableException when the connection is missing or must sign in again
     */
    public String delegatedToken(String tenantId, Connection.Key key, Set<String> scopes) {
        Held held = held(tenantId, key);
        String scopeKey = String.join(" ", new TreeSet<>(scopes));
        held.lock.lock();
        try {
            Optional<String> kept = held.token(scopeKey, clock.instant());
            if (kept.isPresent()) {
                touched(tenantId, key);
                return kept.get();
            }
            IAccount account = await(held.app.getAccounts(), tenantId).stream().findFirst().orElse(null);
            if (account == null) {
                throw parkConnection(tenantId, key, "The connection's token cache holds no account");
            }
            IAuthenticationResult result = await(held.app.acquireTokenSilently(SilentParameters
                    .builder(scopes, account).authorityUrl(authority(tenantId)).build()), tenantId);
            kept(held, tenantId, key, grantedIn(result));
            held.remember(scopeKey, result);
            return result.accessToken();
        } catch (InteractionRequired e) {
            throw parkConnection(tenantId, key, "The account must sign in again (" + e.code + ")");
        } catch (MsalException e) {
            throw unavailable(tenantId, e);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("tenantry.identity.authority-base is not a URL", e);
        } finally {
            held.lock.unlock();
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
        Held held = held(tenantId, Connection.Key.APPLICATION);
        held.lock.lock();
        try {
            Optional<String> kept = held.token(resource.name(), clock.instant());
            if (kept.isPresent()) {
                touched(tenantId, Connection.Key.APPLICATION);
                return kept.get();
            }
            IAuthenticationResult result = await(held.app.acquireToken(defaultScope(resource)), tenantId);
            kept(held, tenantId, Connection.Key.APPLICATION, recordedRoles(resource, result.accessToken()));
            held.remember(resource.name(), result);
            return result.accessToken();
        } finally {
            held.lock.unlock();
        }
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
        store.connected(tenantId, Connection.Key.APPLICATION, null, null, granted,
                seal(tenantId, Connection.Key.APPLICATION, cache.serialized), by);
        forget(tenantId, Connection.Key.APPLICATION);
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
    private GraphUnavailableException parkConnection(String tenantId, Connection.Key key, String reason) {
        store.needsReauthentication(tenantId, key, reason);
        forget(tenantId, key);
        audit.recordSecurityEvent(AuditEvent.of("system", tenantId, "consent.connection-needs-reauthentication",
                key.column(), Outcome.FAILURE).with("reason", reason));
        return new GraphUnavailableException("The tenant's " + (key.pluginAccount() ? key.accountId() + " account"
                : "delegated connection") + " must sign in again: " + reason, null, null);
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
     * poll; on several nodes), so the write is conditional on the connection being as it was read. When another
     * refresh wrote first, both caches are merged (each holds valid tokens; the newer entry of each key wins) and
     * written again. When the connection was signed in again or parked meanwhile, what this request got belongs to
     * the connection before and is dropped: the new sign-in's account and tokens stay. The token this request got is
     * used either way.
     *
     * @param changedCache the cache MSAL wrote, when it differs from the one read; null when nothing changed
     * @return the row as it is now, when the database holds what this request's client holds (nothing to write, or
     *         written from it as it was); null when the client must be opened again from the database (another writer
     *         came first, or the connection changed)
     */
    ConsentStore.SealedCache keep(String tenantId, Connection.Key kind, ConsentStore.SealedCache read,
            String changedCache, Set<String> tokenGrants) {
        ConsentStore.SealedCache base = read;
        String cacheToWrite = changedCache;
        for (int attempt = 1; attempt <= 5; attempt++) {
            Set<String> granted = tokenGrants == null || tokenGrants.isEmpty() ? base.granted()
                    : ResourcePermissions.merged(base.granted(), tokenGrants);
            boolean grantsChanged = !new TreeSet<>(granted).equals(new TreeSet<>(base.granted()));
            if (cacheToWrite == null && !grantsChanged) {
                touched(tenantId, kind);
                return attempt == 1 ? base : null;
            }
            if (store.replaceTokenCache(tenantId, kind, base.version(), seal(tenantId, kind, cacheToWrite),
                    granted)) {
                return attempt == 1 ? new ConsentStore.SealedCache(null, base.version() + 1, base.connectedAt(),
                        granted) : null;
            }
            Optional<ConsentStore.SealedCache> now = store.tokenCache(tenantId, kind);
            if (now.isEmpty() || !now.get().sameConnectionAs(read)) {
                return null;
            }
            if (cacheToWrite != null) {
                cacheToWrite = TokenCaches.merged(open(tenantId, kind, now.get().sealed()), cacheToWrite);
            }
            base = now.get();
        }
        LOG.warning(() -> "The token cache of tenant " + tenantId + " (" + kind + ") kept changing under five "
                + "writes in a row; this refresh's copy was not kept (its token was used)");
        return null;
    }

    /**
     * Keeps what MSAL changed in a client's cache. A client no longer in step with the database has its version read
     * at its next request, and is opened again from what is there (the same connection keeping its access tokens).
     */
    private void kept(Held held, String tenantId, Connection.Key kind, Set<String> tokenGrants) {
        ConsentStore.SealedCache now = keep(tenantId, kind, held.row, held.cache.takeChanged(), tokenGrants);
        if (now == null) {
            held.checkedAt = Instant.EPOCH;
        } else if (now.version() != held.row.version()) {
            held.row = now;
            held.checkedAt = clock.instant();
            held.touchedAt = held.checkedAt;
        }
    }

    /**
     * The connection's client: the one in memory while its row is known to be as it was read (confirmed less than
     * {@link #RECHECK} ago, or its version read again now), else opened from the database.
     *
     * @throws GraphUnavailableException when the connection is not connected (or holds no tokens)
     */
    private Held held(String tenantId, Connection.Key kind) {
        Key key = new Key(tenantId, kind);
        Instant now = clock.instant();
        Held held = clients.get(key);
        if (held != null && now.isBefore(held.builtAt.plus(REBUILD))) {
            if (now.isBefore(held.checkedAt.plus(RECHECK))) {
                return held;
            }
            Optional<ConsentStore.RowVersion> version = store.tokenCacheVersion(tenantId, kind);
            if (version.isPresent() && version.get().version() == held.row.version()
                    && Objects.equals(version.get().connectedAt(), held.row.connectedAt())) {
                held.checkedAt = now;
                return held;
            }
        }
        ConsentStore.SealedCache read = store.tokenCache(tenantId, kind).orElse(null);
        if (read == null) {
            clients.remove(key);
            throw new GraphUnavailableException("No " + (kind.pluginAccount() ? kind.accountId() + " account"
                    : kind.kind().name().toLowerCase(Locale.ROOT)) + " connection in tenant " + tenantId, null, null);
        }
        CacheAspect cache = new CacheAspect(open(tenantId, kind, read.sealed()));
        Held fresh = new Held(client(tenantId, cache), cache, new ConsentStore.SealedCache(null, read.version(),
                read.connectedAt(), read.granted()), now);
        if (held != null && Objects.equals(held.row.connectedAt(), read.connectedAt())) {
            fresh.adopt(held);
        }
        clients.put(key, fresh);
        return fresh;
    }

    /** Notes the connection's use, unless this node noted it less than {@link #TOUCH} ago. */
    private void touched(String tenantId, Connection.Key kind) {
        Held held = clients.get(new Key(tenantId, kind));
        Instant now = clock.instant();
        if (held != null && held.touchedAt != null && now.isBefore(held.touchedAt.plus(TOUCH))) {
            return;
        }
        store.touched(tenantId, kind);
        if (held != null) {
            held.touchedAt = now;
        }
    }

    /** Drops a connection's client from memory: the next request opens it from the database. */
    private void forget(String tenantId, Connection.Key kind) {
        clients.remove(new Key(tenantId, kind));
    }

    /** A removed tenant's clients go with its connections. */
    void forget(@Observes dev.tenantry.portal.tenant.TenantRemoved removed) {
        synchronized (clients) {
            clients.keySet().removeIf(key -> key.tenantId().equals(removed.tenantId()));
        }
    }

    /** A connection. */
    private record Key(String tenantId, Connection.Key kind) {
    }

    /**
     * A connection's MSAL client with its opened token cache, the row it is in step with, and the access tokens it
     * served by scopes. MSAL4J does not find a Microsoft Graph access token in its cache by the scopes it was asked
     * for ({@code https://graph.microsoft.com/User.Read}) when the identity provider answered them short
     * ({@code User.Read}, as Entra does for Microsoft Graph's, and the emulator): every silent acquisition would
     * refresh and rewrite the cache. So the token MSAL gave is served from here by its scopes while it has more than
     * {@value #MARGIN_MINUTES} minutes to live. Used under its lock; never logged (no {@code toString} shows a token).
     */
    private static final class Held {
        final ConfidentialClientApplication app;
        final CacheAspect cache;
        final Instant builtAt;
        final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Token> tokens = new ConcurrentHashMap<>();
        volatile ConsentStore.SealedCache row;
        volatile Instant checkedAt;
        volatile Instant touchedAt;

        Held(ConfidentialClientApplication app, CacheAspect cache, ConsentStore.SealedCache row, Instant builtAt) {
            this.app = app;
            this.cache = cache;
            this.row = row;
            this.builtAt = builtAt;
            this.checkedAt = builtAt;
        }

        /** The access token served for these scopes, while it has longer than the margin to live. */
        Optional<String> token(String scopes, Instant now) {
            Token token = tokens.get(scopes);
            return token != null && now.plus(Duration.ofMinutes(MARGIN_MINUTES)).isBefore(token.expiresAt)
                    ? Optional.of(token.value) : Optional.empty();
        }

        void remember(String scopes, IAuthenticationResult result) {
            if (result.expiresOnDate() != null) {
                tokens.put(scopes, new Token(result.accessToken(), result.expiresOnDate().toInstant()));
            }
        }

        /** Takes over the tokens {@code before} served, and when the use was last noted, for the same connection. */
        void adopt(Held before) {
            tokens.putAll(before.tokens);
            touchedAt = before.touchedAt;
        }
    }

    /** An access token and when it expires. */
    private static final class Token {
        final String value;
        final Instant expiresAt;

        Token(String value, Instant expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }
    }

    private String seal(String tenantId, Connection.Key kind, String cache) {
        return cache == null ? null : secrets.seal(cache, purpose(tenantId, kind));
    }

    private String open(String tenantId, Connection.Key kind, String sealed) {
        return secrets.open(sealed, purpose(tenantId, kind));
    }

    private static String purpose(String tenantId, Connection.Key kind) {
        return "token-cache:" + tenantId + ":" + kind.column();
    }

    /**
     * A client's token cache: loaded into MSAL from the opened value at its first access (MSAL keeps it in memory
     * after), its new state kept whenever MSAL changed it, until {@link #takeChanged} hands it to be written.
     */
    private static final class CacheAspect implements ITokenCacheAccessAspect {

        private String pending;
        private String written;
        private String serialized;
        private boolean changed;

        CacheAspect(String initial) {
            this.pending = initial;
            this.written = initial;
            this.serialized = initial;
        }

        @Override
        public void beforeCacheAccess(ITokenCacheAccessContext context) {
            if (pending != null) {
                context.tokenCache().deserialize(pending);
                pending = null;
            }
        }

        @Override
        public void afterCacheAccess(ITokenCacheAccessContext context) {
            if (context.hasCacheChanged()) {
                serialized = context.tokenCache().serialize();
                changed = true;
            }
        }

        /** The cache as MSAL changed it since it was opened or last taken, when it differs; else null. */
        String takeChanged() {
            if (!changed) {
                return null;
            }
            changed = false;
            if (serialized.equals(written)) {
                return null;
            }
            written = serialized;
            return serialized;
        }

        @Override
        public String toString() {
            return "token cache";
        }
    }
}
