package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.crypto.SecretBox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several token requests of one tenant refresh at once: what each keeps of the token cache must never overwrite what
 * another kept, nor bring back the tokens of a connection that was signed in again meanwhile.
 */
class TokenCacheWritesTest {

    private static final String TENANT = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    private static final Instant CONNECTED = Instant.parse("2026-12-01T10:00:00Z");

    /** One connection row, with the conditional write the database does; {@code meanwhile} runs before the first. */
    static final class Row extends ConsentStore {
        String sealed;
        long version;
        Instant connectedAt = CONNECTED;
        Set<String> granted = Set.of("User.Read");
        Runnable meanwhile = () -> { };
        int writes;
        int touches;

        @Override
        public Optional<SealedCache> tokenCache(String tenantId, Connection.Key kind) {
            return Optional.ofNullable(sealed).map(s -> new SealedCache(s, version, connectedAt, granted));
        }

        @Override
        public boolean replaceTokenCache(String tenantId, Connection.Key kind, long readVersion, String newSealed,
                Set<String> newGranted) {
            Runnable now = meanwhile;
            meanwhile = () -> { };
            now.run();
            if (readVersion != version) {
                return false;
            }
            writes++;
            version++;
            if (newSealed != null) {
                sealed = newSealed;
            }
            granted = newGranted;
            return true;
        }

        @Override
        public void touched(String tenantId, Connection.Key kind) {
            touches++;
        }
    }

    private final SecretBox secrets = new SecretBox(Map.of("k1", new byte[32]), "k1");
    private final TokenService tokens = new TokenService();
    private final Row row = new Row();

    @BeforeEach
    void wire() {
        tokens.store = row;
        tokens.secrets = secrets;
        row.sealed = seal(cache("graph-1", "rt-1"));
    }

    private static String cache(String graphToken, String refreshToken) {
        return "{\"AccessToken\":{\"at-graph\":{\"secret\":\"" + graphToken + "\"}},"
                + "\"RefreshToken\":{\"rt\":{\"secret\":\"" + refreshToken + "\"}}}";
    }

    private String seal(String cache) {
        return secrets.seal(cache, "token-cache:" + TENANT + ":DELEGATED");
    }

    private JsonObject stored() {
        return Json.createReader(new StringReader(secrets.open(row.sealed, "token-cache:" + TENANT + ":DELEGATED")))
                .readObject();
    }

    @Test
    void aRefreshThatRacedAnotherKeepsBothTokensInsteadOfOverwritingTheOther() {
        ConsentStore.SealedCache read = row.tokenCache(TENANT, Connection.Key.DELEGATED).orElseThrow();
        // Another request refreshed the Exchange token and wrote first
        row.meanwhile = () -> {
            row.sealed = seal("{\"AccessToken\":{\"at-graph\":{\"secret\":\"graph-1\"},\"at-exchange\":{\"secret\":"
                    + "\"exo-2\"}},\"RefreshToken\":{\"rt\":{\"secret\":\"rt-2\"}}}");
            row.version++;
        };

        tokens.keep(TENANT, Connection.Key.DELEGATED, read, cache("graph-3", "rt-3"), Set.of("User.Read"));

        JsonObject stored = stored();
        assertEquals("exo-2", stored.getJsonObject("AccessToken").getJsonObject("at-exchange").getString("secret"),
                "the other refresh's token stays");
        assertEquals("graph-3", stored.getJsonObject("AccessToken").getJsonObject("at-graph").getString("secret"));
        assertEquals("rt-3", stored.getJsonObject("RefreshToken").getJsonObject("rt").getString("secret"));
        assertEquals(1, row.writes);
    }

    @Test
    void aRefreshThatReadTheCacheBeforeANewSignInDoesNotWriteTheOldAccountsTokensBack() {
        ConsentStore.SealedCache read = row.tokenCache(TENANT, Connection.Key.DELEGATED).orElseThrow();
        String newSignIn = seal(cache("graph-of-the-new-account", "rt-of-the-new-account"));
        row.meanwhile = () -> {
            row.sealed = newSignIn;
            row.connectedAt = CONNECTED.plusSeconds(90);
            row.version++;
        };

        tokens.keep(TENANT, Connection.Key.DELEGATED, read, cache("graph-old", "rt-old"), Set.of("User.Read"));

        assertEquals(newSignIn, row.sealed);
        assertEquals(0, row.writes);
    }

    @Test
    void aRefreshOfAParkedConnectionWritesNothing() {
        ConsentStore.SealedCache read = row.tokenCache(TENANT, Connection.Key.DELEGATED).orElseThrow();
        row.meanwhile = () -> {
            row.sealed = null;
            row.version++;
        };

        tokens.keep(TENANT, Connection.Key.DELEGATED, read, cache("graph-old", "rt-old"), Set.of("User.Read"));

        assertEquals(null, row.sealed, "parked: its tokens were dropped and stay dropped");
        assertEquals(0, row.writes);
    }

    @Test
    void aTokenServedFromTheCacheOnlyNotesTheUse() {
        ConsentStore.SealedCache read = row.tokenCache(TENANT, Connection.Key.DELEGATED).orElseThrow();

        tokens.keep(TENANT, Connection.Key.DELEGATED, read, null, Set.of("User.Read"));

        assertEquals(0, row.writes);
        assertEquals(1, row.touches);
    }

    @Test
    void aTokenThatCarriesMoreThanTheConnectionHeldRecordsIt() {
        ConsentStore.SealedCache read = row.tokenCache(TENANT, Connection.Key.DELEGATED).orElseThrow();
        String before = row.sealed;

        tokens.keep(TENANT, Connection.Key.DELEGATED, read, null, Set.of("User.Read", "Mail.Send"));

        assertTrue(row.granted.contains("Mail.Send"));
        assertEquals(before, row.sealed, "the cache MSAL did not change stays as it was");
        assertFalse(row.touches > 0);
    }
}
