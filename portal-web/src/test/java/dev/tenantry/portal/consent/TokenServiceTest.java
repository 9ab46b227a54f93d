package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    @Test
    void theRolesOfAnAppOnlyTokenAreWhatItGrants() {
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"aud\":\"https://graph.microsoft.com\",\"roles\":[\"AuditLog.Read.All\",\"Policy.Read.All\"]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Set.of("AuditLog.Read.All", "Policy.Read.All"),
                Set.copyOf(TokenService.rolesIn("eyJhbGciOiJSUzI1NiJ9." + payload + ".c2ln")));
        assertTrue(TokenService.rolesIn("opaque-token").isEmpty());
        assertTrue(TokenService.rolesIn("a.!!!.c").isEmpty(), "an unreadable token yields nothing, not an error");
    }
}
