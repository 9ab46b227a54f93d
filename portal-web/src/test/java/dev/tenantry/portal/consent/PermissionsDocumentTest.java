package dev.tenantry.portal.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The permissions document lists what installed plugins ask, per resource, with each plugin's reason. */
class PermissionsDocumentTest {

    private static PluginManifest manifest(String id, String permissions) throws Exception {
        String json = """
                {"manifestVersion": 1, "displayName": "%1$s plugin", "description": "Test.",
                 "publisher": {"name": "Tests"},
                 "scopeSets": [{"id": "%1$s.read", "resource": "microsoft-graph", "connection": "delegated",
                   "purpose": "Read for %1$s", "features": ["%1$s.view"], "permissions": [%2$s]}]}
                """.formatted(id, permissions);
        return PluginManifests.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), id, id);
    }

    private static String permission(String name, boolean admin, String why) {
        return """
                {"name": "%s", "type": "delegated", "adminConsentRequired": %s, "justification": "%s"}"""
                .formatted(name, admin, why);
    }

    @Test
    void everyPermissionOfEveryPluginWithItsUse() throws Exception {
        PermissionsDocument document = PermissionsDocument.of(List.of(
                manifest("secure", permission("Policy.Read.All", true, "Reads Conditional Access policies | CA")
                        + "," + permission("User.Read.All", true, "Counts users covered by MFA policies")),
                manifest("alerts", permission("User.Read.All", true, "Names the users risk detections are about"))));

        assertEquals(List.of("Policy.Read.All", "User.Read.All", "User.Read.All"),
                document.rows().stream().map(PermissionsDocument.Row::permission).toList());
        String markdown = document.markdown();
        assertTrue(markdown.contains("## Microsoft Graph"));
        assertTrue(markdown.contains("| User.Read.All | delegated | yes | alerts plugin | alerts.read | Read for alerts: "
                + "Names the users risk detections are about |"), markdown);
        assertTrue(markdown.contains("policies \\| CA"), "a | in a justification does not break the table");
        String csv = document.csv();
        assertEquals(4, csv.split("\r\n").length, "a header and three rows");
        assertTrue(csv.contains("\"Microsoft Graph\",\"Policy.Read.All\",\"delegated\",\"yes\",\"secure plugin\""));
    }

    @Test
    void aScopeSetIsShownBesideWhatAComparableProductAsksForTheSamePurpose() throws Exception {
        String json = """
                {"manifestVersion": 1, "displayName": "Teams plugin", "description": "Test.",
                 "publisher": {"name": "Tests"},
                 "scopeSets": [{"id": "teams.provision", "resource": "microsoft-graph", "connection": "delegated",
                   "purpose": "Make teams", "features": ["teams.make"], "permissions": [%s]}],
                 "comparisons": [{"scopeSet": "teams.provision", "source": "A governance vendor's page",
                   "permissions": ["Team.Create", "Directory.AccessAsUser.All", "Sites.FullControl.All"]}]}
                """.formatted(permission("Team.Create", false, "Creates the team in one request"));
        PluginManifest teams = PluginManifests.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "teams", "teams");

        PermissionsDocument document = PermissionsDocument.of(List.of(teams));

        assertEquals(List.of("Directory.AccessAsUser.All", "Sites.FullControl.All"), document.comparisons().get(0)
                .notAsked());
        assertTrue(document.markdown().contains("| Teams plugin | teams.provision | Make teams | Team.Create | A "
                + "governance vendor's page | Team.Create, Directory.AccessAsUser.All, Sites.FullControl.All | "
                + "Directory.AccessAsUser.All, Sites.FullControl.All |"), document.markdown());
    }
}
