package dev.tenantry.it.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.plugin.fixtures.CountingJob;
import dev.tenantry.it.plugin.fixtures.FailingJob;
import dev.tenantry.it.plugin.fixtures.FailingPlugin;
import dev.tenantry.it.plugin.fixtures.NoteAction;
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
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.internal.ApprovalLedger;
import dev.tenantry.portal.plugin.JobRun;
import dev.tenantry.portal.plugin.PluginActions;
import dev.tenantry.portal.plugin.PluginJobs;
import dev.tenantry.portal.plugin.PluginStatus;
import dev.tenantry.portal.plugin.internal.HostPluginSettings;
import dev.tenantry.portal.plugin.internal.HostPluginTenants;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
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
                GreetingPlugin.class, FailingPlugin.class, SnoopingPlugin.class, CountingJob.class, FailingJob.class,
                NoteAction.class);
    }

    @Inject
    PluginHost host;

    @Inject
    CurrentStaff staff;

    @Inject
    AuditLog audit;

    @Inject
    JpaTenantStore tenants;

    @Inject
    PluginJobs jobs;

    @Inject
    PluginActions actions;

    @Inject
    ApprovalLedger ledger;

    @jakarta.annotation.Resource
    jakarta.transaction.UserTransaction transaction;

    private Path folder;

    private static final String CONTOSO = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    private static final String ADATUM = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";
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
        String id = "it-new" + Long.toString(System.nanoTime(), 36);
        PluginJarWriter.write(folder, "it-greeting-1.0.0.jar", id, "1.0.0", ">=1.0.0 & <2.0.0",
                GREETING, PluginJarWriter.manifest(id, "User.Read"));

        host.rescan();
        InstalledPlugin found = plugin(id);
        assertEquals(PluginStatus.PENDING_REVIEW, found.record().status());
        assertFalse(found.running(), "no code runs before the review");
        assertNull(System.getProperty("tenantry.test.greeting.started"));

        host.approve(id);
        assertTrue(plugin(id).running());
        assertNotNull(System.getProperty("tenantry.test.greeting.started"), "the plugin's start() ran");

        host.disable(id);
        assertFalse(plugin(id).running());
        assertNull(System.getProperty("tenantry.test.greeting.started"), "the plugin's stop() ran");
        host.enable(id);
        assertTrue(plugin(id).running());

        Files.delete(folder.resolve("it-greeting-1.0.0.jar"));
        PluginJarWriter.write(folder, "it-greeting-1.1.0.jar", id, "1.1.0", ">=1.0.0 & <2.0.0",
                GREETING, PluginJarWriter.manifest(id, "User.Read", "Mail.Read"));
        host.rescan();
        InstalledPlugin upgraded = plugin(id);
        assertEquals(PluginStatus.PENDING_REVIEW, upgraded.record().status());
        assertEquals(List.of("Scope set " + id + ".read adds Mail.Read"), upgraded.changesSinceApproval());
        assertFalse(upgraded.running(), "an upgrade asking for more does not run before its review");
        host.approve(id);
        assertEquals("1.1.0", plugin(id).record().approvedVersion());
        assertTrue(plugin(id).running());

        Files.delete(folder.resolve("it-greeting-1.1.0.jar"));
        host.rescan();
        assertEquals(PluginStatus.REMOVED, plugin(id).record().status());
        assertFalse(plugin(id).running());
        assertTrue(trail(id).containsAll(List.of("plugin.discover", "plugin.approve", "plugin.disable",
                "plugin.enable", "plugin.upgrade-pending", "plugin.remove")), trail(id).toString());
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

        PluginJarWriter.write(folder, "it-dependent.jar", "it-dependent", "1.0.0", ">=1.0.0", GREETING,
                PluginJarWriter.manifest("it-dependent", "User.Read"), java.util.Map.of("Plugin-Dependencies",
                        "it-absent@>=1.0.0"), java.util.Map.of());
        host.rescan();

        host.approve("it-dependent");
        assertTrue(plugin("it-dependent").failure().contains("it-absent"), plugin("it-dependent").failure());
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
    void aPluginCanBeSwitchedOffInOneTenant() throws Exception {
        actAsOwner();
        installAndApprove("it-tenanted", GREETING, java.util.Map.of());

        List<String> added = tenantsPresent(CONTOSO, ADATUM);
        try {
            assertTrue(new HostPluginTenants("it-tenanted").find(CONTOSO).isPresent());
            host.switchInTenant("it-tenanted", CONTOSO, false);

            assertFalse(host.enabledFor("it-tenanted", CONTOSO));
            assertTrue(host.enabledFor("it-tenanted", ADATUM));
            List<String> served = new HostPluginTenants("it-tenanted").all().stream().map(t -> t.id()).toList();
            assertTrue(served.contains(ADATUM) && !served.contains(CONTOSO), served.toString());
            assertTrue(new HostPluginTenants("it-tenanted").find(CONTOSO).isEmpty(), "a switched-off tenant is hidden");
        } finally {
            removeTenants(added);
        }
        assertTrue(trail("it-tenanted").contains("plugin.tenant-disable"));
        host.switchInTenant("it-tenanted", CONTOSO, true);
        assertTrue(host.enabledFor("it-tenanted", CONTOSO));
        host.disable("it-tenanted");
        assertFalse(host.enabledFor("it-tenanted", ADATUM), "disabled everywhere means nowhere");
    }

    @Test
    void aPluginsJobsRunPerTenantAndTheirOutcomeIsKept() throws Exception {
        actAsOwner();
        installAndApprove("it-jobs", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.CountingJob", "",
                "extension:dev.tenantry.it.plugin.fixtures.FailingJob", ""));
        List<String> added = tenantsPresent(CONTOSO);
        try {
            assertTrue(jobs.runNow("it-jobs.count", CONTOSO));
            JobRun counted = finished("it-jobs.count", CONTOSO);
            assertEquals("SUCCESS", counted.outcome());
            assertEquals("2/2 counted", counted.message().replaceAll("\\d+$", "").strip());
            assertTrue(jobs.runNow("it-jobs.fail", CONTOSO));
            JobRun failed = finished("it-jobs.fail", CONTOSO);
            assertEquals("FAILED", failed.outcome());
            assertTrue(failed.message().contains("the tenant could not be reached"), failed.message());
            assertThrows(IllegalArgumentException.class, () -> jobs.runNow("it-jobs.nothing", CONTOSO));
        } finally {
            removeTenants(added);
        }
    }

    /** Writes plugin {@code id} 1.0.0 (with {@code files}) into the folder, scans it and approves it. */
    private void installAndApprove(String id, String pluginClass, java.util.Map<String, String> files) {
        PluginJarWriter.write(folder, id + ".jar", id, "1.0.0", ">=1.0.0", pluginClass,
                PluginJarWriter.manifest(id, "User.Read"), java.util.Map.of(), files);
        host.rescan();
        host.approve(id);
    }

    private JobRun finished(String jobId, String tenantId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var run = jobs.runsOf("it-jobs").stream().filter(r -> r.jobId().equals(jobId)
                    && r.tenantId().equals(tenantId) && !"RUNNING".equals(r.outcome())).findFirst();
            if (run.isPresent()) {
                return run.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(jobId + " did not finish in " + tenantId + ": " + jobs.runsOf("it-jobs"));
    }

    @Test
    void aTenantActionRunsAtOnceInOneTenantAndWaitsForASecondPersonAcrossTenants() throws Exception {
        actAsOwner();
        installAndApprove("it-actions", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.NoteAction", ""));
        List<String> added = tenantsPresent(CONTOSO, ADATUM);
        try {
            PluginActions.RunOutcome once = actions.run("it-actions.note", List.of(CONTOSO),
                    java.util.Map.of("note", "hello"), 1, null);
            assertFalse(once.waitsForApproval());
            assertEquals(java.util.Map.of(CONTOSO, "noted hello"), once.results());
            assertTrue(audit.latest(50).stream().anyMatch(r -> r.event().action().equals("it-actions.note")
                    && CONTOSO.equals(r.event().tenantId())), "each run is audited in its tenant");

            PluginActions.RunOutcome both = actions.run("it-actions.note", List.of(CONTOSO, ADATUM),
                    java.util.Map.of("note", "both", "failIn", ADATUM), 2, "Quarterly note");
            assertTrue(both.waitsForApproval(), "two tenants at once need a second person");
            assertEquals(java.util.Map.of(), both.results());
            ApprovalRequest decided = ledger.approve("dana.okafor@northwind-msp.example", List.of(),
                    both.approval().id(), null);
            assertEquals(ApprovalRequest.Status.APPROVED, decided.status());
            assertTrue(decided.outcome().contains(CONTOSO + "=noted both"), decided.outcome());
            assertTrue(decided.outcome().contains(ADATUM + "=failed: cannot note in " + ADATUM), decided.outcome());
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void aPluginReadsOnlyItsOwnSettings() {
        System.setProperty("tenantry.plugin.it-settings.greeting", "Hej");
        System.setProperty("tenantry.plugin.it-other.greeting", "Hallo");
        try {
            assertEquals(java.util.Optional.of("Hej"), new HostPluginSettings("it-settings").get("greeting"));
            assertEquals("fallback", new HostPluginSettings("it-settings").get("missing", "fallback"));
            assertThrows(IllegalArgumentException.class, () -> new HostPluginSettings("it-settings")
                    .get("../it-other.greeting"));
        } finally {
            System.clearProperty("tenantry.plugin.it-settings.greeting");
            System.clearProperty("tenantry.plugin.it-other.greeting");
        }
    }

    /** Adds the demo tenants that are not in Tenantry yet; returns those it added. */
    private List<String> tenantsPresent(String... ids) throws Exception {
        List<String> added = new java.util.ArrayList<>();
        transaction.begin();
        for (String id : ids) {
            if (tenants.find(id).isEmpty()) {
                tenants.add(new CustomerTenant(id, "Plugin test " + id.substring(0, 4), id.substring(0, 4)
                        + ".example", Set.of(), null, CustomerTenant.Status.ACTIVE, "test", null));
                added.add(id);
            }
        }
        transaction.commit();
        return added;
    }

    private void removeTenants(List<String> ids) throws Exception {
        transaction.begin();
        ids.forEach(tenants::remove);
        transaction.commit();
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
                    Set.of(Permissions.PLUGINS_MANAGE, Permissions.TENANTS_READ, "it-actions:read")));
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
