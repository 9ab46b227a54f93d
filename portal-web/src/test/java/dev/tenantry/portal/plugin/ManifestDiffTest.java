package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifest.Publisher;
import dev.tenantry.plugin.api.manifest.PluginManifest.RoleDeclaration;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.api.manifest.ScopeSet.Connection;
import dev.tenantry.plugin.api.manifest.ScopeSet.MicrosoftPermission;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestDiffTest {

    @Test
    void theSameRequestsMeanNoChange() {
        assertEquals(List.of(), ManifestDiff.between(manifest(List.of("User.Read.All"), List.of("hello:read")),
                manifest(List.of("User.Read.All"), List.of("hello:read"))));
    }

    @Test
    void addedPermissionsScopeSetsAndRoleChangesAreNamed() {
        List<String> changes = ManifestDiff.between(manifest(List.of("User.Read.All"), List.of("hello:read")),
                manifest(List.of("User.Read.All", "Mail.Send"), List.of("hello:read", "hello:write")));

        assertEquals(List.of("Scope set hello.read adds Mail.Send (admin consent)",
                "Role Greeter now holds hello:read, hello:write (was hello:read)"), changes);
    }

    @Test
    void anExchangeScopeSetThatMayRunAnotherCmdletWaitsForReview() {
        List<String> changes = ManifestDiff.between(exchange(List.of("Get-AdminAuditLogConfig")),
                exchange(List.of("get-adminauditlogconfig", "Set-AdminAuditLogConfig")));

        assertEquals(List.of("Scope set hello.audit may now run Set-AdminAuditLogConfig"), changes);
    }

    @Test
    void aNewAccountAScopeSetMovedToItAndANewPublicPageWaitForReview() {
        ScopeSet set = new ScopeSet("hello.post", ScopeSet.Resource.MICROSOFT_GRAPH, Connection.DELEGATED, "Post",
                List.of(new MicrosoftPermission("Team.Create", Connection.DELEGATED, false, "Creates teams")),
                List.of("hello.view"), List.of(), List.of());
        ScopeSet byAccount = new ScopeSet("hello.post", ScopeSet.Resource.MICROSOFT_GRAPH, Connection.DELEGATED,
                "Post", set.permissions(), set.features(), List.of(), List.of(), "hello.service");
        PluginManifest before = new PluginManifest("hello", "Hello", "Test", new Publisher("Tests", Optional.empty()),
                List.of(), List.of(), List.of(set), List.of());
        PluginManifest after = new PluginManifest("hello", "Hello", "Test", new Publisher("Tests", Optional.empty()),
                List.of(), List.of(), List.of(byAccount), List.of(new PluginManifest.PageDeclaration("hello.open",
                        "Open", "/hello/open.xhtml", "hello:read", Optional.empty(), false, Optional.empty(), true)),
                List.of(), List.of(new PluginManifest.AccountDeclaration("hello.service", "Service", "Posts",
                        "hello:read")));

        assertEquals(List.of("Scope set hello.post is now used by the plugin's account hello.service",
                "New account Service (hello.service), signed in by holders of hello:read",
                "New public page /hello/open.xhtml, served without a Tenantry session"),
                ManifestDiff.between(before, after));
    }

    private static PluginManifest exchange(List<String> cmdlets) {
        ScopeSet set = new ScopeSet("hello.audit", ScopeSet.Resource.EXCHANGE_ONLINE, Connection.DELEGATED, "Audit",
                List.of(new MicrosoftPermission("Exchange.Manage", Connection.DELEGATED, true, "Runs the cmdlets")),
                List.of("hello.view"), List.of(), cmdlets);
        return new PluginManifest("hello", "Hello", "Test", new Publisher("Tests", Optional.empty()), List.of(),
                List.of(), List.of(set), List.of());
    }

    private static PluginManifest manifest(List<String> graph, List<String> rolePermissions) {
        ScopeSet set = new ScopeSet("hello.read", ScopeSet.Resource.MICROSOFT_GRAPH, Connection.DELEGATED, "Read",
                graph.stream().map(name -> new MicrosoftPermission(name, Connection.DELEGATED, true,
                        "Needed for the test page")).toList(), List.of("hello.view"), List.of());
        return new PluginManifest("hello", "Hello", "Test", new Publisher("Tests", Optional.empty()), List.of(),
                List.of(new RoleDeclaration("hello.greeter", "Greeter", "Greets", rolePermissions)), List.of(set),
                List.of());
    }
}
