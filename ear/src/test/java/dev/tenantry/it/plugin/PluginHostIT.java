package dev.tenantry.it.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.plugin.fixtures.FailingPlugin;
import dev.tenantry.it.plugin.fixtures.GreetingPlugin;
import dev.tenantry.it.plugin.fixtures.SnoopingPlugin;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.plugin.PluginHost;
import dev.tenantry.portal.plugin.PluginHost.InstalledPlugin;
import dev.tenantry.portal.plugin.PluginStatus;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The plugin host inside the server, with jars written into its plugins folder as an administrator would drop them. */
@ExtendWith(ArquillianExtension.class)
class PluginHostIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTestsAndPluginClasses(new Class<?>[] {PluginHostIT.class, PluginJarWriter.class},
                GreetingPlugin.class, FailingPlugin.class, SnoopingPlugin.class);
    }

    @Inject
    PluginHost host;

    @Inject
    CurrentStaff staff;

    @Inject
    AuditLog audit;

    private Path folder;

    private static final String GREETING = "dev.tenantry.it.plugin.fixtures.GreetingPlugin";
    private static final String FAILING = "dev.tenantry.it.plugin.fixtures.FailingPlugin";
    private static final String SNOOPING = "dev.tenantry.it.plugin.fixtures.SnoopingPlugin";

    @BeforeEach
    void anEmptyFolder() throws IOException {
        folder = Path.of(ConfigProvider.getConfig().getValue("tenantry.plugins.dir", String.class));
        Files.createDirectories(folder);
        deleteTestJars();
    }

    @AfterEach
    void clean() throws IOException {
        deleteTestJars();
        if (staff.apiToken().map(token -> token.permissions().contains(Permissions.PLUGINS_MANAGE)).orElse(false)) {
            host.rescan();
        }
    }

    private void deleteTestJars() throws IOException {
        try (var jars = Files.list(folder)) {
            for (Path jar : jars.filter(file -> file.getFileName().toString().startsWith("it-")).toList()) {
                Files.delete(jar);
            }
        }
    }

    @Test
    void aDroppedJarWaitsForReviewRunsOnceApprovedAndAnUpgradeAskingForMoreWaitsAgain() throws Exception {
        actAsOwner();
        PluginJarWriter.write(folder, "it-greeting-1.0.0.jar", "it-greeting", "1.0.0", ">=1.0.0 & <2.0.0",
                GREETING, PluginJarWriter.manifest("it-greeting", "User.Read"));

        host.rescan();
        InstalledPlugin found = plugin("it-greeting");
        assertEquals(PluginStatus.PENDING_REVIEW, found.record().status());
        assertFalse(found.running(), "no code runs before the review");
        assertNull(System.getProperty("tenantry.test.greeting.started"));

        host.approve("it-greeting");
        assertTrue(plugin("it-greeting").running());
        assertNotNull(System.getProperty("tenantry.test.greeting.started"), "the plugin's start() ran");

        host.disable("it-greeting");
        assertFalse(plugin("it-greeting").running());
        assertNull(System.getProperty("tenantry.test.greeting.started"), "the plugin's stop() ran");
        host.enable("it-greeting");
        assertTrue(plugin("it-greeting").running());

        Files.delete(folder.resolve("it-greeting-1.0.0.jar"));
        PluginJarWriter.write(folder, "it-greeting-1.1.0.jar", "it-greeting", "1.1.0", ">=1.0.0 & <2.0.0",
                GREETING, PluginJarWriter.manifest("it-greeting", "User.Read", "Mail.Read"));
        host.rescan();
        InstalledPlugin upgraded = plugin("it-greeting");
        assertEquals(PluginStatus.PENDING_REVIEW, upgraded.record().status());
        assertEquals(List.of("Scope set it-greeting.read adds Mail.Read"), upgraded.changesSinceApproval());
        assertFalse(upgraded.running(), "an upgrade asking for more does not run before its review");
        host.approve("it-greeting");
        assertEquals("1.1.0", plugin("it-greeting").record().approvedVersion());
        assertTrue(plugin("it-greeting").running());

        Files.delete(folder.resolve("it-greeting-1.1.0.jar"));
        host.rescan();
        assertEquals(PluginStatus.REMOVED, plugin("it-greeting").record().status());
        assertFalse(plugin("it-greeting").running());
        assertTrue(trail("it-greeting").containsAll(List.of("plugin.discover", "plugin.approve", "plugin.disable",
                "plugin.enable", "plugin.upgrade-pending", "plugin.remove")), trail("it-greeting").toString());
    }

    @Test
    void badJarsAreReportedEachWithItsReasonWhileTheOthersRun() throws Exception {
        actAsOwner();
        Files.writeString(folder.resolve("it-broken.jar"), "not a zip at all");
        PluginJarWriter.write(folder, "it-newer.jar", "it-newer", "1.0.0", ">=2.0.0", GREETING,
                PluginJarWriter.manifest("it-newer", "User.Read"));
        PluginJarWriter.write(folder, "it-nomanifest.jar", "it-nomanifest", "1.0.0", ">=1.0.0", GREETING,
                null);
        PluginJarWriter.write(folder, "it-failing.jar", "it-failing", "1.0.0", ">=1.0.0", FAILING,
                PluginJarWriter.manifest("it-failing", "User.Read"));
        PluginJarWriter.write(folder, "it-snooping.jar", "it-snooping", "1.0.0", ">=1.0.0", SNOOPING,
                PluginJarWriter.manifest("it-snooping", "User.Read"));
        PluginJarWriter.write(folder, "it-greeting.jar", "it-greeting", "2.0.0", ">=1.0.0", GREETING,
                PluginJarWriter.manifest("it-greeting", "User.Read"));

        host.rescan();

        var unrecognised = host.unrecognisedJars();
        assertTrue(unrecognised.get("it-broken.jar").contains("cannot be read as a jar"), unrecognised.toString());
        assertTrue(unrecognised.get("it-newer.jar").contains("needs plugin API >=2.0.0"), unrecognised.toString());
        assertTrue(unrecognised.get("it-nomanifest.jar").contains("has no META-INF/tenantry-plugin.json"),
                unrecognised.toString());

        host.approve("it-failing");
        host.approve("it-snooping");
        host.approve("it-greeting");
        assertTrue(plugin("it-failing").failure().contains("the failing plugin failed on purpose"),
                plugin("it-failing").failure());
        assertTrue(plugin("it-snooping").failure().contains("ClassNotFoundException: dev.tenantry.portal.access"
                + ".AccessControl"), "the host's classes are not there for a plugin: " + plugin("it-snooping").failure());
        assertFalse(plugin("it-failing").running());
        assertTrue(plugin("it-greeting").running(), "one plugin's failure stops no other");
        assertTrue(trail("it-failing").contains("plugin.fail"));
    }

    @Test
    void managingPluginsNeedsThePermission() {
        staff.actWithApiToken(new ApiTokenCaller("test", "read only", OWNER, List.of(), Set.of(Permissions.TENANTS_READ)));

        assertThrows(AccessDeniedException.class, () -> host.rescan());
        assertThrows(AccessDeniedException.class, () -> host.approve("it-greeting"));
    }

    private void actAsOwner() {
        if (staff.apiToken().isEmpty()) {
            staff.actWithApiToken(new ApiTokenCaller("test", "plugin test", OWNER, List.of(),
                    Set.of(Permissions.PLUGINS_MANAGE)));
        }
    }

    private InstalledPlugin plugin(String id) {
        return host.installed().stream().filter(plugin -> plugin.record().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin " + id + " in " + host.installed()));
    }

    private List<String> trail(String id) {
        return audit.latest(300).stream().filter(record -> id.equals(record.event().target()))
                .map(AuditRecord::event).map(event -> event.action()).toList();
    }
}
