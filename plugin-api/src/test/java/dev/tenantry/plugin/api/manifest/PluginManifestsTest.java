package dev.tenantry.plugin.api.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.manifest.ScopeSet.Connection;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginManifestsTest {

    static final String VALID = """
            {
              "manifestVersion": 1,
              "displayName": "Hello",
              "description": "Says hello to each tenant.",
              "publisher": {"name": "Example Partner", "url": "https://partner.example"},
              "permissions": [
                {"id": "hello:read", "description": "See the greeting"}
              ],
              "roles": [
                {"id": "hello.greeter", "name": "Greeter", "description": "Reads greetings",
                 "permissions": ["hello:read", "tenants:read"]}
              ],
              "scopeSets": [
                {"id": "hello.profile", "resource": "microsoft-graph", "connection": "delegated",
                 "purpose": "Read the tenant's name for the greeting",
                 "permissions": [
                   {"name": "Organization.Read.All", "type": "delegated", "adminConsentRequired": true,
                    "justification": "Reads the organisation's display name to greet it by name."}
                 ],
                 "features": ["hello.greeting"], "roles": ["hello.greeter"]}
              ],
              "pages": [
                {"id": "hello.page", "title": "Hello", "view": "/hello/index.xhtml", "permission": "hello:read",
                 "feature": "hello.greeting", "tenantScoped": true,
                 "navigation": {"label": "Hello", "icon": "pi pi-sun", "order": 900}}
              ]
            }
            """;

    @Test
    void aValidManifestReadsIntoItsParts() throws Exception {
        PluginManifest manifest = read(VALID);

        assertEquals("Hello", manifest.displayName());
        ScopeSet profile = manifest.scopeSet("hello.profile").orElseThrow();
        assertEquals(ScopeSet.Resource.MICROSOFT_GRAPH, profile.resource());
        assertEquals(Connection.DELEGATED, profile.connection());
        assertEquals("Organization.Read.All", profile.permissions().get(0).name());
        assertTrue(profile.permissions().get(0).adminConsentRequired());
        assertEquals(List.of("hello:read", "tenants:read"), manifest.roles().get(0).permissions());
        assertEquals(900, manifest.pages().get(0).navigation().orElseThrow().order());
    }

    @Test
    void microsoftPermissionNamesMayHoldHyphensButNotSpaces() throws Exception {
        PluginManifest hyphen = read(VALID.replace("\"Organization.Read.All\"",
                "\"User-PasswordProfile.ReadWrite.All\""));
        assertEquals("User-PasswordProfile.ReadWrite.All",
                hyphen.scopeSet("hello.profile").orElseThrow().permissions().get(0).name());
        assertThrows(ManifestException.class, () -> read(VALID.replace("\"Organization.Read.All\"",
                "\"Organization.Read All\"")));
    }

    @Test
    void brokenJsonIsRefusedWithItsLine() {
        ManifestException e = assertThrows(ManifestException.class, () -> read("{\n  \"manifestVersion\": 1,\n  oops\n}"));

        assertEquals(3, e.problems().get(0).line(), e.getMessage());
        assertTrue(e.getMessage().contains("not well-formed JSON"), e.getMessage());
    }

    @Test
    void aSchemaViolationNamesTheFieldAndLine() {
        String wrongType = VALID.replace("\"type\": \"delegated\", \"adminConsentRequired\": true",
                "\"type\": \"sometimes\", \"adminConsentRequired\": true");

        ManifestException e = assertThrows(ManifestException.class, () -> read(wrongType));

        ManifestException.Problem problem = e.problems().get(0);
        assertEquals("$.scopeSets[0].permissions[0].type", problem.field(), e.getMessage());
        assertEquals(17, problem.line(), e.getMessage());
        assertEquals(50, problem.column(), e.getMessage());
    }

    @Test
    void missingPartsAndUnknownFieldsAreAllReported() {
        String text = VALID.replace("\"displayName\": \"Hello\",", "\"displayName\": \"Hello\", \"colour\": \"red\",")
                .replace("\"description\": \"Says hello to each tenant.\",", "");

        ManifestException e = assertThrows(ManifestException.class, () -> read(text));

        assertTrue(e.getMessage().contains("description"), e.getMessage());
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
    }

    @Test
    void idsOutsideThePluginsOwnNameAreRefused() {
        String text = VALID.replace("\"id\": \"hello.profile\"", "\"id\": \"secure.profile\"")
                .replace("\"view\": \"/hello/index.xhtml\"", "\"view\": \"/settings/index.xhtml\"");

        ManifestException e = assertThrows(ManifestException.class, () -> read(text));

        assertEquals(List.of("$.scopeSets[0].id", "$.pages[0].view"),
                e.problems().stream().map(ManifestException.Problem::field).toList(), e.getMessage());
    }

    @Test
    void anApplicationPermissionInADelegatedScopeSetAndAnUndeclaredPermissionAreRefused() {
        String text = VALID.replace("\"type\": \"delegated\", \"adminConsentRequired\": true",
                "\"type\": \"application\", \"adminConsentRequired\": true")
                .replace("\"permission\": \"hello:read\"", "\"permission\": \"hello:write\"");

        ManifestException e = assertThrows(ManifestException.class, () -> read(text));

        assertTrue(e.getMessage().contains("$.scopeSets[0].permissions[0].type: a delegated scope set holds only"),
                e.getMessage());
        assertTrue(e.getMessage().contains("$.pages[0].permission: 'hello:write' is not among"), e.getMessage());
    }

    @Test
    void aPluginRoleCannotCarryHostPermissions() {
        String text = VALID.replace("\"permissions\": [\"hello:read\", \"tenants:read\"]",
                "\"permissions\": [\"hello:read\", \"tenants:read\", \"rbac:manage\", \"secure:deploy-policy\"]");

        ManifestException e = assertThrows(ManifestException.class, () -> read(text));

        assertEquals(List.of("$.roles[0].permissions[2]", "$.roles[0].permissions[3]"),
                e.problems().stream().map(ManifestException.Problem::field).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("'rbac:manage' is not the plugin's to give"), e.getMessage());
    }

    /** {@link #VALID} with a service account and a second scope set used by it. */
    static final String WITH_ACCOUNT = VALID.replace("\"pages\": [", """
            "accounts": [
                {"id": "hello.service", "name": "Hello service account",
                 "description": "Posts the greeting; licensed for Teams", "permission": "hello:read"}
              ],
              "pages": [""").replace("\"roles\": [\"hello.greeter\"]}", """
            "roles": ["hello.greeter"]},
                {"id": "hello.post", "resource": "microsoft-graph", "connection": "delegated",
                 "account": "hello.service",
                 "purpose": "Post the greeting as the service account",
                 "permissions": [
                   {"name": "ChannelMessage.Send", "type": "delegated", "adminConsentRequired": false,
                    "justification": "Posts the greeting in the team's General channel as the service account."}
                 ],
                 "features": ["hello.greeting"]}""");

    @Test
    void aScopeSetNamesTheAccountItIsUsedBy() throws Exception {
        PluginManifest manifest = read(WITH_ACCOUNT);

        PluginManifest.AccountDeclaration account = manifest.account("hello.service").orElseThrow();
        assertEquals("Hello service account", account.name());
        assertEquals("hello:read", account.permission());
        assertEquals("hello.service", manifest.scopeSet("hello.post").orElseThrow().account());
        assertTrue(manifest.scopeSet("hello.post").orElseThrow().byPluginAccount());
        assertEquals("", manifest.scopeSet("hello.profile").orElseThrow().account());
    }

    @Test
    void anUndeclaredAccountAnApplicationScopeSetOfAnAccountAndAForeignAccountAreRefused() {
        String undeclared = WITH_ACCOUNT.replace("\"account\": \"hello.service\"", "\"account\": \"hello.other\"");
        String application = WITH_ACCOUNT.replace("\"id\": \"hello.post\", \"resource\": \"microsoft-graph\", "
                + "\"connection\": \"delegated\"", "\"id\": \"hello.post\", \"resource\": \"microsoft-graph\", "
                + "\"connection\": \"application\"")
                .replace("\"type\": \"delegated\", \"adminConsentRequired\": false",
                        "\"type\": \"application\", \"adminConsentRequired\": false");
        String foreign = WITH_ACCOUNT.replace("{\"id\": \"hello.service\"", "{\"id\": \"secure.service\"")
                .replace("\"permission\": \"hello:read\"}", "\"permission\": \"hello:write\"}");

        assertTrue(assertThrows(ManifestException.class, () -> read(undeclared)).getMessage()
                .contains("$.scopeSets[1].account: 'hello.other' is not among the accounts"));
        assertTrue(assertThrows(ManifestException.class, () -> read(application)).getMessage()
                .contains("$.scopeSets[1].account: an account signs in: only a delegated scope set"));
        String message = assertThrows(ManifestException.class, () -> read(foreign)).getMessage();
        assertTrue(message.contains("$.accounts[0].id: a plugin's accounts are named hello.<name>"), message);
        assertTrue(message.contains("$.accounts[0].permission: 'hello:write' is not among"), message);
    }

    @Test
    void aPublicPageIsServedAtItsPublicAddressAndNeverInTheNavigationOrForATenant() throws Exception {
        String open = VALID.replace("\"tenantScoped\": true,", "\"public\": true")
                .replaceAll("\\s*\"navigation\": \\{[^}]*\\}", "");
        PluginManifest manifest = read(open);
        assertTrue(manifest.pages().get(0).open(), open);
        assertEquals("/public/hello/index.xhtml", manifest.pages().get(0).publicPath());

        String listed = VALID.replace("\"tenantScoped\": true", "\"public\": true");
        assertTrue(assertThrows(ManifestException.class, () -> read(listed)).getMessage()
                .contains("a public page is neither tenant-scoped nor in the navigation"));
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThrows(ManifestException.class, () -> read(""));
    }

    static PluginManifest read(String json) throws ManifestException {
        return PluginManifests.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "hello",
                "tenantry-plugin.json");
    }
}
