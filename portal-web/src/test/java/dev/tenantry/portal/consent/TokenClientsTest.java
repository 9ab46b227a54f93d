package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import dev.tenantry.emulator.BrowserlessSignIn;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MovingClock;
import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.identity.IdentitySettings;
import dev.tenantry.portal.identity.IdentityTls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One MSAL client per connection, in memory, against the emulator with the real MSAL4J: a Graph request takes its
 * token without reading, decrypting or writing the connection's row; the row's version is read again only when it is
 * due, and what another node wrote is then opened again; a refresh writes once, conditionally on the version in
 * memory; the connection's last use is noted at most once a minute.
 */
@EmulatorTest
class TokenClientsTest {

    private static final String APP = "7c4e2b19-3d8a-4f61-9b20-5e1d7a3c8f42";
    private static final String SECRET = "token-clients-secret";
    private static final String REDIRECT = "https://localhost:8443/consent/callback";
    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final Set<String> SCOPES = Set.of("https://graph.microsoft.com/User.Read");

    /** The connection rows, with the conditional write the database does, counting what is asked of them. */
    static final class Database extends ConsentStore {
        final Map<Connection.Key, SealedCache> rows = new java.util.HashMap<>();
        int cacheReads;
        int versionReads;
        int writes;
        int touches;

        @Override
        public Optional<SealedCache> tokenCache(String tenantId, Connection.Key kind) {
            cacheReads++;
            return Optional.ofNullable(rows.get(kind));
        }

        @Override
        public Optional<RowVersion> tokenCacheVersion(String tenantId, Connection.Key kind) {
            versionReads++;
            return Optional.ofNullable(rows.get(kind)).map(row -> new RowVersion(row.version(), row.connectedAt()));
        }

        @Override
        public boolean replaceTokenCache(String tenantId, Connection.Key kind, long readVersion, String sealed,
                Set<String> granted) {
            SealedCache row = rows.get(kind);
            if (row == null || row.version() != readVersion) {
                return false;
            }
            writes++;
            rows.put(kind, new SealedCache(sealed == null ? row.sealed() : sealed, row.version() + 1,
                    row.connectedAt(), granted));
            return true;
        }

        @Override
        public void touched(String tenantId, Connection.Key kind) {
            touches++;
        }

        @Override
        public void connected(String tenantId, Connection.Key kind, String account, String homeAccountId,
                Set<String> granted, String tokenCacheSealed, String by) {
            SealedCache before = rows.get(kind);
            rows.put(kind, new SealedCache(tokenCacheSealed, before == null ? 0 : before.version() + 1,
                    Instant.now(), granted));
        }

        /** Another node or process writes the row: the same cache under a new version. */
        void writtenElsewhere(Connection.Key kind) {
            SealedCache row = rows.get(kind);
            rows.put(kind, new SealedCache(row.sealed(), row.version() + 1, row.connectedAt(), row.granted()));
        }
    }

    M365Emulator emulator;
    Tenant contoso;
    final Database database = new Database();
    final MovingClock clock = new MovingClock();
    final TokenService tokens = new TokenService();

    @BeforeEach
    void wire(M365Emulator emulator) {
        this.emulator = emulator;
        contoso = emulator.tenant(CONTOSO);
        emulator.register(new Application(APP, "Tenantry token clients", emulator.tenant("northwind-msp.example").id(),
                List.of(SECRET), List.of(REDIRECT), Map.of()));
        tokens.settings = new IdentitySettings() {
            @Override
            public String authorityBase() {
                return emulator.identityBaseUrl();
            }

            @Override
            public String clientId() {
                return APP;
            }

            @Override
            public IClientCredential clientCredential() {
                return ClientCredentialFactory.createFromSecret(SECRET);
            }
        };
        tokens.tls = new IdentityTls() {
            @Override
            public Optional<SSLContext> context() {
                return Optional.of(emulator.tls().clientContext());
            }
        };
        tokens.store = database;
        tokens.secrets = new SecretBox(Map.of("k1", new byte[32]), "k1");
        tokens.clock = clock;
    }

    /** The tenant's administrator signs in and consents; the delegated connection is kept. */
    private void connectDelegated() {
        String verifier = "v".repeat(43);
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        String url = tokens.authorizationUrl(contoso.id(), SCOPES, REDIRECT, "state-1", challenge).toString();
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(url).signIn(CONTOSO, ADMIN,
                "Tenantry-Demo-2026!");
        if (browser.showsConsent()) {
            browser.accept(CONTOSO, true);
        }
        tokens.redeem(contoso.id(), browser.redirectParameters().get("code"), verifier, SCOPES, REDIRECT, ADMIN);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int tokenRequests() {
        return emulator.requestLog().matching(entry -> entry.path().endsWith("/oauth2/v2.0/token")).size();
    }

    /**
     * The first token after the sign-in: MSAL does not find Graph's access token by its full scope names in the cache
     * the sign-in left and refreshes it (one token request, one write), as it would have at every request before.
     */
    private String firstToken() {
        emulator.requestLog().clear();
        String token = tokens.delegatedToken(contoso.id(), SCOPES);
        assertTrue(database.writes <= 1 && tokenRequests() <= 1, database.writes + " writes");
        database.cacheReads = 0;
        database.versionReads = 0;
        database.writes = 0;
        database.touches = 0;
        emulator.requestLog().clear();
        return token;
    }

    @Test
    void aTokenIsServedFromMemoryWithoutTheDatabaseOrTheIdentityProvider() {
        connectDelegated();
        String first = firstToken();

        for (int request = 0; request < 50; request++) {
            clock.advance(java.time.Duration.ofMillis(100));
            assertEquals(first, tokens.delegatedToken(contoso.id(), SCOPES));
        }

        assertEquals(0, database.cacheReads, "the sealed cache was read and opened once, for the first");
        assertEquals(0, database.versionReads, "nothing was due to be checked within " + TokenService.RECHECK);
        assertEquals(0, database.writes, "nothing changed");
        assertEquals(0, database.touches, "the use was noted with the first, less than a minute ago");
        assertEquals(0, tokenRequests(), "from memory");

        clock.advance(TokenService.TOUCH);
        assertEquals(first, tokens.delegatedToken(contoso.id(), SCOPES));
        assertEquals(1, database.versionReads, "a minute on: the version, and nothing else, is read");
        assertEquals(0, database.cacheReads);
        assertEquals(1, database.touches, "and the use noted again");
        assertEquals(0, database.writes);
    }

    @Test
    void anotherNodesWriteIsSeenWhenTheVersionIsDueAndTheCacheIsOpenedAgainOnlyThen() {
        connectDelegated();
        String first = firstToken();

        database.writtenElsewhere(Connection.Key.DELEGATED);
        tokens.delegatedToken(contoso.id(), SCOPES);
        assertEquals(0, database.versionReads + database.cacheReads, "not due yet: the tokens in memory still work");

        clock.advance(TokenService.RECHECK.plusSeconds(1));
        assertEquals(first, tokens.delegatedToken(contoso.id(), SCOPES), "the access token it had still works");
        assertEquals(1, database.versionReads);
        assertEquals(1, database.cacheReads, "the version moved: opened again from the database");

        clock.advance(TokenService.RECHECK.plusSeconds(1));
        tokens.delegatedToken(contoso.id(), SCOPES);
        assertEquals(2, database.versionReads);
        assertEquals(1, database.cacheReads, "the same version: the client in memory goes on");
        assertEquals(0, database.writes, "opened again, it neither refreshed nor wrote (no node makes another "
                + "open it again in turn)");
        assertEquals(0, tokenRequests());
    }

    @Test
    void aRefreshWritesTheCacheOnceConditionallyOnTheVersionInMemory() {
        // Access tokens that live four minutes are always within MSAL's five-minute margin: every request refreshes
        emulator.accessTokenLifetime(Duration.ofMinutes(4));
        connectDelegated();
        long connectedVersion = database.rows.get(Connection.Key.DELEGATED).version();
        database.cacheReads = 0;
        emulator.requestLog().clear();

        String first = tokens.delegatedToken(contoso.id(), SCOPES);
        String second = tokens.delegatedToken(contoso.id(), SCOPES);
        String third = tokens.delegatedToken(contoso.id(), SCOPES);

        assertNotEquals(first, second);
        assertNotEquals(second, third);
        assertEquals(3, tokenRequests(), "three refreshes");
        assertEquals(3, database.writes, "each refresh kept once");
        assertEquals(connectedVersion + 3, database.rows.get(Connection.Key.DELEGATED).version());
        assertEquals(1, database.cacheReads, "each write went from the version in memory: no read before it");
    }

    @Test
    void anApplicationTokenIsAskedForOnceAndThenServedFromMemory() {
        // The administrator consented: Tenantry's service principal is in the tenant
        emulator.directory().ensureServicePrincipal(contoso, emulator.directory().application(APP).orElseThrow());
        tokens.connectApplication(contoso.id(), ADMIN);
        emulator.requestLog().clear();

        String token = tokens.applicationToken(contoso.id(), ScopeSet.Resource.MICROSOFT_GRAPH);
        for (int request = 0; request < 20; request++) {
            assertEquals(token, tokens.applicationToken(contoso.id(), ScopeSet.Resource.MICROSOFT_GRAPH));
        }
        // MSAL serves client-credential tokens from its cache only on the authority's default port; the emulator
        // listens on another, so without the token kept in memory every request would go to the token endpoint
        assertTrue(tokenRequests() <= 1, "at most the first from the identity provider: " + tokenRequests());
        assertEquals(1, database.writes + database.touches, "one statement for the 21 requests: the first token "
                + "kept, or the use noted");
    }

    @Test
    void aNewSignInOnThisNodeIsOpenedFromTheDatabaseAtTheNextRequest() {
        connectDelegated();
        tokens.delegatedToken(contoso.id(), SCOPES);
        database.cacheReads = 0;

        connectDelegated();
        tokens.delegatedToken(contoso.id(), SCOPES);

        assertEquals(1, database.cacheReads, "the client of the connection before was dropped at once");
        assertEquals(0, database.versionReads);
    }
}
