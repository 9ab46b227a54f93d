package dev.tenantry.portal.apitoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokenTest {

    private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aTokenIsActiveUntilItExpiresAndRevokedBeatsEverything() {
        ApiToken token = new ApiToken("id", "name", "owner", Set.of("tenants:read"), "abcd", CREATED, EXPIRES, null,
                null, null);

        assertEquals(ApiToken.Status.ACTIVE, token.statusAt(EXPIRES.minusSeconds(1)));
        assertEquals(ApiToken.Status.EXPIRED, token.statusAt(EXPIRES));
        ApiToken revoked = new ApiToken("id", "name", "owner", Set.of("tenants:read"), "abcd", CREATED, EXPIRES, null,
                CREATED.plusSeconds(60), "admin");
        assertEquals(ApiToken.Status.REVOKED, revoked.statusAt(CREATED.plusSeconds(120)));
    }

    @Test
    void anIssuedTokenNeverPrintsItsSecret() {
        ApiToken token = new ApiToken("id-1", "name", "owner", Set.of(), "wxyz", CREATED, EXPIRES, null, null, null);

        assertFalse(new IssuedApiToken(token, "tnt_secret-value").toString().contains("secret-value"));
    }
}
