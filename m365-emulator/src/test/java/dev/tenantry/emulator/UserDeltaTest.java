package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /users/delta} as Microsoft documents it for directory objects, through raw HTTP. */
class UserDeltaTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    String token;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() throws Exception {
        emulator.reset();
        callers = new GraphCallers(emulator, "6c2e9d41-7b3a-4f85-9e16-a4d8c0b2f375", "delta-tests-secret");
        contoso = emulator.tenant("contoso.example");
        token = callers.appOnly(contoso, "User.Read.All");
    }

    @Test
    void latestAnswersNoUsersAndADeltaLinkThatSeesOnlyLaterChanges() throws Exception {
        JsonNode latest = get("/users/delta?$deltatoken=latest");
        assertEquals(0, latest.path("value").size());
        assertFalse(latest.has("@odata.nextLink"));

        touch("adele.vance@contoso.example");
        JsonNode changes = get(latest.path("@odata.deltaLink").asText());
        assertEquals(List.of("Adele Vance"), names(changes));
    }

    @Test
    void preferMaxPageSizePagesTheDeltaUpTo999() throws Exception {
        for (int i = 0; i < 6; i++) {
            callers.user(contoso, "paged" + i);
        }
        HttpResponse<String> first = callers.call(token, "GET", "/users/delta", null, "Prefer",
                "odata.maxpagesize=3");
        assertEquals("odata.maxpagesize=3", first.headers().firstValue("Preference-Applied").orElseThrow());
        List<String> seen = new ArrayList<>();
        JsonNode page = Json.parse(first.body());
        int pages = 1;
        while (page.has("@odata.nextLink")) {
            assertEquals(3, page.path("value").size());
            seen.addAll(names(page));
            page = Json.parse(callers.call(token, "GET", page.path("@odata.nextLink").asText(), null, "Prefer",
                    "odata.maxpagesize=3").body());
            pages++;
        }
        seen.addAll(names(page));
        assertEquals(4, pages, "10 users in pages of 3");
        assertEquals(10, seen.size());
        assertTrue(page.has("@odata.deltaLink"));
        HttpResponse<String> large = callers.call(token, "GET", "/users/delta", null, "Prefer",
                "odata.maxpagesize=5000");
        assertEquals("odata.maxpagesize=999", large.headers().firstValue("Preference-Applied").orElseThrow());
    }

    @Test
    void aDeletedUserIsRemovedAsChangedThenAsDeletedOnceGoneForGoodAndARestoredOneComesBack() throws Exception {
        String user = callers.appOnly(contoso, "User.DeleteRestore.All");
        String lee = contoso.user("lee.gu@contoso.example").orElseThrow().id();
        String isaiah = contoso.user("isaiah.langer@contoso.example").orElseThrow().id();
        String link = get("/users/delta").path("@odata.deltaLink").asText();

        assertEquals(204, callers.call(user, "DELETE", "/users/" + lee, null).statusCode());
        assertEquals(204, callers.call(user, "DELETE", "/users/" + isaiah, null).statusCode());
        JsonNode soft = get(link);
        assertEquals("changed", removal(soft, lee));
        assertEquals("changed", removal(soft, isaiah));

        String afterSoft = soft.path("@odata.deltaLink").asText();
        assertEquals(204, callers.call(user, "DELETE", "/directory/deletedItems/" + isaiah, null).statusCode());
        assertEquals(200, callers.call(user, "POST", "/directory/deletedItems/" + lee + "/restore", null)
                .statusCode());
        JsonNode later = get(afterSoft);
        assertEquals("deleted", removal(later, isaiah));
        assertEquals(List.of("Lee Gu"), names(later), "restored: a changed user again");
    }

    @Test
    void usersPurgedAfterThirtyDaysAreRemovedAsDeleted() throws Exception {
        String lee = contoso.user("lee.gu@contoso.example").orElseThrow().id();
        emulator.directory().deleteUser(contoso, contoso.user(lee).orElseThrow());
        String link = get("/users/delta").path("@odata.deltaLink").asText();

        advance(Duration.ofDays(6).plusHours(23));
        assertEquals("absent", removal(get(link), lee));
        advance(Duration.ofDays(22));
        assertEquals(410, callers.call(token, "GET", link, null).statusCode(), "a week old: expired");
        link = get("/users/delta").path("@odata.deltaLink").asText();
        advance(Duration.ofDays(2));
        assertEquals("deleted", removal(get(link), lee));
        assertEquals(0, Json.parse(callers.call(token, "GET", "/directory/deletedItems/microsoft.graph.user", null)
                .body()).path("value").size());
    }

    @Test
    void anExpiredOrUnknownDeltaTokenAnswers410SoTheClientSynchronisesAgain() throws Exception {
        String link = get("/users/delta").path("@odata.deltaLink").asText();
        emulator.expireDeltaTokens();

        HttpResponse<String> gone = callers.call(token, "GET", link, null);
        assertEquals(410, gone.statusCode());
        JsonNode error = Json.parse(gone.body()).path("error");
        assertEquals("syncStateNotFound", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("delta token is expired"));
        assertEquals(410, callers.call(token, "GET", "/users/delta?$deltatoken=not-a-token", null).statusCode());

        String fresh = get("/users/delta").path("@odata.deltaLink").asText();
        assertEquals(200, callers.call(token, "GET", fresh, null).statusCode(), "tokens issued after still answer");
        advance(Duration.ofDays(8));
        assertEquals(410, callers.call(token, "GET", fresh, null).statusCode(), "seven days at most");
    }

    @Test
    void deltaTakesUserReadAll() throws Exception {
        String wrong = callers.appOnly(emulator.tenant("fabrikam.example"), "Group.Read.All");
        HttpResponse<String> denied = callers.call(wrong, "GET", "/users/delta", null);
        assertEquals(403, denied.statusCode());
        assertEquals("Authorization_RequestDenied", Json.parse(denied.body()).path("error").path("code").asText());
    }

    /** Lets time pass, and takes a new token (the old one expired on the emulator's clock). */
    private void advance(Duration amount) throws Exception {
        emulator.advanceClock(amount);
        token = callers.appOnly(contoso);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = callers.call(token, "GET", path, null);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    private void touch(String upn) {
        DirectoryUser user = contoso.user(upn).orElseThrow();
        user.json().put("jobTitle", "Changed");
        emulator.directory().touch(contoso, user);
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("value").forEach(user -> {
            if (!user.has("@removed")) {
                names.add(user.path("displayName").asText());
            }
        });
        return names;
    }

    private static String removal(JsonNode page, String id) {
        for (JsonNode user : page.path("value")) {
            if (user.path("id").asText().equals(id)) {
                return user.path("@removed").path("reason").asText();
            }
        }
        return "absent";
    }
}
