package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TokenCachesTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void twoRefreshesOfOneConnectionKeepEveryTokenEachGotAndTheNewerOfTheSameKey() {
        String theirs = "{\"AccessToken\":{\"u-login-accesstoken-app-t-graph\":{\"secret\":\"graph-1\"}},"
                + "\"RefreshToken\":{\"u-login-refreshtoken-app--\":{\"secret\":\"rt-1\"}},"
                + "\"Account\":{\"u-login-t\":{\"username\":\"admin@contoso.example\"}}}";
        String ours = "{\"AccessToken\":{\"u-login-accesstoken-app-t-exchange\":{\"secret\":\"exo-1\"}},"
                + "\"RefreshToken\":{\"u-login-refreshtoken-app--\":{\"secret\":\"rt-2\"}},"
                + "\"AppMetadata\":{\"appmetadata-login-app\":{\"client_id\":\"app\"}}}";

        JsonObject merged = json(TokenCaches.merged(theirs, ours));

        JsonObject accessTokens = merged.getJsonObject("AccessToken");
        assertEquals("graph-1", accessTokens.getJsonObject("u-login-accesstoken-app-t-graph").getString("secret"));
        assertEquals("exo-1", accessTokens.getJsonObject("u-login-accesstoken-app-t-exchange").getString("secret"));
        assertEquals("rt-2", merged.getJsonObject("RefreshToken").getJsonObject("u-login-refreshtoken-app--")
                .getString("secret"), "the same key: the newer entry");
        assertEquals("admin@contoso.example", merged.getJsonObject("Account").getJsonObject("u-login-t")
                .getString("username"));
        assertEquals("app", merged.getJsonObject("AppMetadata").getJsonObject("appmetadata-login-app")
                .getString("client_id"));
    }

    @Test
    void somethingThatIsNotATokenCacheIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TokenCaches.merged("[]", "{}"));
        assertThrows(IllegalArgumentException.class, () -> TokenCaches.merged("{}", "not json"));
    }
}
