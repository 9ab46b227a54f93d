package dev.tenantry.it.plugin;

import static dev.tenantry.it.Polling.await;
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
import dev.tenantry.it.plugin.fixtures.GreetingPlugin;
import dev.tenantry.it.plugin.fixtures.InviteAction;
import dev.tenantry.it.plugin.fixtures.MessengerAction;
import dev.tenantry.it.plugin.fixtures.NoteAction;
import dev.tenantry.it.plugin.fixtures.SnoopingPlugin;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.internal.ApprovalLedger;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.plugin.JobRun;
import dev.tenantry.portal.plugin.PluginActions;
import dev.tenantry.portal.plugin.PluginJobs;
import dev.tenantry.portal.plugin.PluginLifecycle;
import dev.tenantry.portal.plugin.PluginRecord;
import dev.tenantry.portal.plugin.PluginRegistry;
import dev.tenantry.portal.plugin.PluginRegistry.InstalledPlugin;
import dev.tenantry.portal.plugin.PluginStatus;
import dev.tenantry.portal.plugin.PublisherSignature;
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
    private static final String SECOND_OWNER = "dana.okafor@northwind-msp.example";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTestsAndPluginClasses(new Class<?>[] {PluginHostIT.class, PluginJarWriter.class},
                GreetingPlugin.class, FailingPlugin.class, SnoopingPlugin.class, CountingJob.class, FailingJob.class,
                NoteAction.class, MessengerAction.class, InviteAction.class);
    }

    @Inject
    PluginRegistry host;

    @Inject
    PluginLifecycle lifecycle;

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

    @Inject
    dev.tenantry.portal.access.internal.JpaAccessStore accessStore;

    @Inject
    dev.tenantry.portal.notify.Notifications notifications;

    @Inject
    dev.tenantry.portal.plugin.PluginWorks works;

    @jakarta.persistence.PersistenceContext(unitName = "tenantry")
    jakarta.persistence.EntityManager entityManager;

    @jakarta.annotation.Resource
    jakarta.transaction.UserTransaction transaction;

    @jakarta.annotation.Resource(lookup = "java:comp/DefaultManagedExecutorService")
    jakarta.enterprise.concurrent.ManagedExecutorService executor;

    @Inject
    jakarta.enterprise.context.control.RequestContextController requestContext;

    @Inject
    dev.tenantry.portal.plugin.internal.JpaPluginStore pluginStore;

    @jakarta.annotation.Resource(lookup = "java:/TransactionManager")
    jakarta.transaction.TransactionManager transactions;

    private Path folder;

    private static final String CONTOSO = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    private static final String ADATUM = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";
    private static final String FABRIKAM = "a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d";
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
            lifecycle.rescan();
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

        lifecycle.rescan();
        InstalledPlugin found = plugin(id);
        assertEquals(PluginStatus.PENDING_REVIEW, found.record().status());
        assertFalse(found.running(), "no code runs before the review");
        assertNull(System.getProperty("tenantry.test.greeting.started"));

        approve(id);
        assertTrue(plugin(id).running());
        assertNotNull(System.getProperty("tenantry.test.greeting.started"), "the plugin's start() ran");
        assertEquals("true", System.getProperty("tenantry.test.greeting.own-context-loader"),
                "plugin code is called with the plugin's class loader as the context class loader");

        lifecycle.disable(id);
        assertFalse(plugin(id).running());
        assertNull(System.getProperty("tenantry.test.greeting.started"), "the plugin's stop() ran");
        lifecycle.enable(id);
        assertTrue(plugin(id).running());

        Files.delete(folder.resolve("it-greeting-1.0.0.jar"));
        PluginJarWriter.write(folder, "it-greeting-1.1.0.jar", id, "1.1.0", ">=1.0.0 & <2.0.0",
                GREETING, PluginJarWriter.manifest(id, "User.Read", "Mail.Read"));
        lifecycle.rescan();
        InstalledPlugin upgraded = plugin(id);
        assertEquals(PluginStatus.PENDING_REVIEW, upgraded.record().status());
        assertEquals(2, upgraded.changesSinceApproval().size(), upgraded.changesSinceApproval().toString());
        assertTrue(upgraded.changesSinceApproval().get(0).startsWith("The jar is not the one approved: SHA-256 "
                + upgraded.record().jarSha256()), upgraded.changesSinceApproval().get(0));
        assertEquals("Scope set " + id + ".read adds Mail.Read", upgraded.changesSinceApproval().get(1));
        assertFalse(upgraded.running(), "an upgrade asking for more does not run before its review");
        approve(id);
        assertEquals("1.1.0", plugin(id).record().approvedVersion());
        assertTrue(plugin(id).running());

        Files.delete(folder.resolve("it-greeting-1.1.0.jar"));
        lifecycle.rescan();
        assertEquals(PluginStatus.REMOVED, plugin(id).record().status());
        assertFalse(plugin(id).running());
        assertTrue(trail(id).containsAll(List.of("plugin.discover", "plugin.approve", "plugin.disable",
                "plugin.enable", "plugin.upgrade-pending", "plugin.remove")), trail(id).toString());
    }

    @Test
    void aJarReplacedInPlaceWaitsForReview() throws Exception {
        actAsOwner();
        String id = "it-pin" + Long.toString(System.nanoTime(), 36);
        String jar = "it-pin-1.0.0.jar";
        PluginJarWriter.write(folder, jar, id, "1.0.0", ">=1.0.0", GREETING, PluginJarWriter.manifest(id, "User.Read"));
        lifecycle.rescan();
        approve(id);
        PluginRecord approved = plugin(id).record();
        assertTrue(plugin(id).running());
        assertEquals(approved.jarSha256(), approved.approvedSha256(), "the approval pins the jar's bytes");

        PluginJarWriter.write(folder, jar, id, "1.0.0", ">=1.0.0", GREETING, PluginJarWriter.withScopeSet(
                PluginJarWriter.manifest(id, "User.Read"), id + ".roles", "RoleManagement.ReadWrite.Directory"));
        lifecycle.rescan();

        InstalledPlugin replaced = plugin(id);
        assertEquals(PluginStatus.PENDING_REVIEW, replaced.record().status());
        assertFalse(replaced.running(), "the replaced jar does not run before its review");
        assertEquals(approved.approvedSha256(), replaced.record().approvedSha256(), "the approval still pins the old jar");
        List<String> changes = replaced.changesSinceApproval();
        assertEquals(2, changes.size(), changes.toString());
        assertEquals("The jar is not the one approved: SHA-256 " + replaced.record().jarSha256() + " (approved: "
                + approved.approvedSha256() + ", the same version 1.0.0)", changes.get(0));
        assertTrue(changes.get(1).startsWith("New scope set " + id + ".roles (microsoft-graph, delegated): "
                + "RoleManagement.ReadWrite.Directory"), changes.get(1));
        assertTrue(host.runningManifest(id).isEmpty(), "nothing of the new manifest is offered for consent");
        assertThrows(IllegalArgumentException.class, () -> host.workingScopeSet(CONTOSO, id + ".roles"));
        assertThrows(IllegalArgumentException.class, () -> lifecycle.enable(id), "enabling is no way around the review");
        assertTrue(trail(id).contains("plugin.upgrade-pending"), trail(id).toString());

        approve(id);
        InstalledPlugin reviewed = plugin(id);
        assertTrue(reviewed.running());
        assertEquals(reviewed.record().jarSha256(), reviewed.record().approvedSha256());
        assertTrue(host.runningManifest(id).orElseThrow().scopeSet(id + ".roles").isPresent());

        PluginJarWriter.write(folder, jar, id, "1.0.0", ">=1.0.0", GREETING, PluginJarWriter.withScopeSet(
                PluginJarWriter.manifest(id, "User.Read"), id + ".roles", "RoleManagement.ReadWrite.Directory"),
                java.util.Map.of("Built-By", "someone else"), java.util.Map.of());
        lifecycle.rescan();
        InstalledPlugin sameManifest = plugin(id);
        assertEquals(PluginStatus.PENDING_REVIEW, sameManifest.record().status(),
                "other code asking for the same is still other code");
        assertEquals(1, sameManifest.changesSinceApproval().size(), sameManifest.changesSinceApproval().toString());
    }

    @Test
    void installingAndApprovingAPluginIsForOwnersAndANewOneNeedsASecondOwner() throws Exception {
        String id = "it-owners" + Long.toString(System.nanoTime(), 36);
        String jar = "it-owners-1.0.0.jar";
        PluginJarWriter.write(folder, jar, id, "1.0.0", ">=1.0.0", GREETING, PluginJarWriter.manifest(id, "User.Read"));
        actAsOwner();
        lifecycle.rescan();

        PluginLifecycle.Review review = lifecycle.approve(id);
        assertTrue(review.waitsForSecondOwner(), "a plugin never approved needs a second Owner");
        assertFalse(plugin(id).running());
        assertEquals(PluginStatus.PENDING_REVIEW, plugin(id).record().status());
        assertEquals(plugin(id).record().jarSha256(), review.request().parameters().get("sha256"));
        assertThrows(IllegalArgumentException.class, () -> lifecycle.approve(id), "asked once is enough");
        assertThrows(dev.tenantry.portal.approval.ApprovalException.class,
                () -> ledger.approve(OWNER, List.of(), review.request().id(), null), "nobody confirms their own review");

        ApprovalRequest confirmed = ledger.approve(SECOND_OWNER, List.of(), review.request().id(), null);
        assertEquals(ApprovalRequest.Status.APPROVED, confirmed.status(), confirmed.outcome());
        assertTrue(plugin(id).running());
        assertEquals(SECOND_OWNER, plugin(id).record().approvedBy());
        AuditRecord approval = audit.latest(50).stream().filter(r -> r.event().action().equals("plugin.approve")
                && id.equals(r.event().target())).findFirst().orElseThrow();
        assertEquals(OWNER, approval.details().get("requestedBy"));

        // asking for more needs a second Owner again, and the jar they approve is the one reviewed
        PluginJarWriter.write(folder, jar, id, "1.0.0", ">=1.0.0", GREETING, PluginJarWriter.manifest(id, "User.Read",
                "Mail.Read"));
        lifecycle.rescan();
        PluginLifecycle.Review more = lifecycle.approve(id);
        assertTrue(more.waitsForSecondOwner());
        PluginJarWriter.write(folder, jar, id, "1.0.0", ">=1.0.0", GREETING, PluginJarWriter.manifest(id, "User.Read",
                "Mail.ReadWrite"));
        lifecycle.rescan();
        ApprovalRequest stale = ledger.approve(SECOND_OWNER, List.of(), more.request().id(), null);
        assertEquals(ApprovalRequest.Status.FAILED, stale.status());
        assertTrue(stale.outcome().contains("is not the one the request names"), stale.outcome());
        assertFalse(plugin(id).running(), "a jar swapped after the review is not approved with it");

        // other code asking for no more than approved is one Owner's call
        PluginJarWriter.write(folder, jar, id, "1.0.1", ">=1.0.0", GREETING, PluginJarWriter.manifest(id, "User.Read"));
        lifecycle.rescan();
        assertFalse(lifecycle.approve(id).waitsForSecondOwner());
        assertTrue(plugin(id).running());
        assertEquals(OWNER, plugin(id).record().approvedBy());
    }

    @Test
    void anInstallationThatRequiresSignaturesNeitherApprovesNorStartsAnUnsignedJar() throws Exception {
        actAsOwner();
        String id = "it-unsigned" + Long.toString(System.nanoTime(), 36);
        PluginJarWriter.write(folder, "it-unsigned-1.0.0.jar", id, "1.0.0", ">=1.0.0", GREETING,
                PluginJarWriter.manifest(id, "User.Read"));
        lifecycle.rescan();
        assertEquals(PublisherSignature.State.UNSIGNED, plugin(id).signature().state(), "marked on review");
        approve(id);
        assertTrue(plugin(id).running(), "signatures are not required by default");

        System.setProperty("tenantry.plugins.require-signature", "true");
        try {
            lifecycle.disable(id);
            lifecycle.enable(id);
            assertFalse(plugin(id).running(), "an approved unsigned jar does not start again once signatures are required");
            assertTrue(plugin(id).failure().contains("signed by a trusted publisher"), plugin(id).failure());

            Files.delete(folder.resolve("it-unsigned-1.0.0.jar"));
            PluginJarWriter.write(folder, "it-unsigned-1.0.1.jar", id, "1.0.1", ">=1.0.0", GREETING,
                    PluginJarWriter.manifest(id, "User.Read", "Mail.Read"));
            lifecycle.rescan();
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> lifecycle.approve(id));
            assertTrue(refused.getMessage().contains("tenantry.plugins.require-signature")
                    && refused.getMessage().contains("Unsigned"), refused.getMessage());
            assertEquals(PluginStatus.PENDING_REVIEW, plugin(id).record().status());
        } finally {
            System.clearProperty("tenantry.plugins.require-signature");
        }
    }

    @Test
    void aPluginsRolesAreRegisteredOnlyOnceItStarted() throws Exception {
        actAsOwner();
        String id = "it-roles" + Long.toString(System.nanoTime(), 36);
        PluginJarWriter.write(folder, "it-roles-1.0.0.jar", id, "1.0.0", ">=1.0.0", FAILING,
                PluginJarWriter.manifest(id, "User.Read"));
        lifecycle.rescan();
        approve(id);
        assertNotNull(plugin(id).failure(), "its start() throws");
        assertTrue(accessStore.role(id + ".reader").isEmpty(), "a plugin that did not start adds no role");

        Files.delete(folder.resolve("it-roles-1.0.0.jar"));
        PluginJarWriter.write(folder, "it-roles-1.0.1.jar", id, "1.0.1", ">=1.0.0", GREETING,
                PluginJarWriter.manifest(id, "User.Read"));
        lifecycle.rescan();
        approve(id);
        assertTrue(plugin(id).running());
        assertEquals(Set.of(id + ":read"), accessStore.role(id + ".reader").orElseThrow().permissions());
    }

    /**
     * A plugin's record is changed by a scan, an approval and enable/disable: two changes made at once from the same
     * copy cannot both be written, the second is refused as a concurrent change and the first stays.
     */
    @Test
    void twoChangesOfOnePluginFromTheSameCopyCannotBothBeWritten() throws Exception {
        actAsOwner();
        String id = "it-versioned" + Long.toString(System.nanoTime(), 36);
        PluginJarWriter.write(folder, id + "-1.0.0.jar", id, "1.0.0", ">=1.0.0", GREETING,
                PluginJarWriter.manifest(id, "User.Read"));
        lifecycle.rescan();
        approve(id);

        transactions.begin();
        assertEquals(PluginStatus.ENABLED, pluginStore.find(id).orElseThrow().status(), "the first change's copy");
        jakarta.transaction.Transaction first = transactions.suspend();
        transactions.begin();
        pluginStore.status(id, PluginStatus.DISABLED, java.time.Instant.now());
        transactions.commit();
        transactions.resume(first);
        pluginStore.status(id, PluginStatus.REMOVED, java.time.Instant.now());
        Exception refused = assertThrows(Exception.class, transactions::commit);

        assertTrue(dev.tenantry.portal.web.ConcurrentChange.causedBy(refused), refused.toString());
        assertEquals(PluginStatus.DISABLED, pluginStore.find(id).orElseThrow().status(), "the change made first stays");
        lifecycle.enable(id);
        assertTrue(plugin(id).running());
    }

    @Test
    void anAdministratorCannotInstallOrApprovePlugins() throws Exception {
        String administrator = "it-admin-" + Long.toString(System.nanoTime(), 36) + "@northwind-msp.example";
        transaction.begin();
        accessStore.assign(dev.tenantry.portal.access.RoleAssignment.PrincipalType.USER, administrator,
                dev.tenantry.portal.access.Role.ADMINISTRATOR, dev.tenantry.portal.access.AssignmentScope.allTenants(),
                "test");
        transaction.commit();
        PluginJarWriter.write(folder, "it-admin-1.0.0.jar", "it-admin", "1.0.0", ">=1.0.0", GREETING,
                PluginJarWriter.manifest("it-admin", "User.Read"));
        byte[] bytes = Files.readAllBytes(folder.resolve("it-admin-1.0.0.jar"));
        staff.actWithApiToken(new ApiTokenCaller("test", "administrator", administrator, List.of(),
                Set.of(Permissions.PLUGINS_MANAGE, Permissions.PLUGINS_INSTALL, Permissions.TENANTS_READ)));

        lifecycle.rescan();
        assertEquals(PluginStatus.PENDING_REVIEW, plugin("it-admin").record().status(), "they may scan and review");
        assertThrows(AccessDeniedException.class, () -> lifecycle.approve("it-admin"));
        assertThrows(AccessDeniedException.class, () -> lifecycle.install("it-admin-1.0.0.jar",
                new java.io.ByteArrayInputStream(bytes)));
        assertFalse(plugin("it-admin").running());
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

        lifecycle.rescan();

        var unrecognised = host.unrecognisedJars();
        assertTrue(unrecognised.get("it-broken.jar").contains("cannot be read as a jar"), unrecognised.toString());
        assertTrue(unrecognised.get("it-newer.jar").contains("needs plugin API >=2.0.0"), unrecognised.toString());
        assertTrue(unrecognised.get("it-nomanifest.jar").contains("has no META-INF/tenantry-plugin.json"),
                unrecognised.toString());

        PluginJarWriter.write(folder, "it-dependent.jar", "it-dependent", "1.0.0", ">=1.0.0", GREETING,
                PluginJarWriter.manifest("it-dependent", "User.Read"), java.util.Map.of("Plugin-Dependencies",
                        "it-absent@>=1.0.0"), java.util.Map.of());
        lifecycle.rescan();

        approve("it-dependent");
        assertTrue(plugin("it-dependent").failure().contains("it-absent"), plugin("it-dependent").failure());
        approve("it-failing");
        approve("it-snooping");
        approve("it-greeting");
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
            lifecycle.switchInTenant("it-tenanted", CONTOSO, false);

            assertFalse(host.enabledFor("it-tenanted", CONTOSO));
            assertTrue(host.enabledFor("it-tenanted", ADATUM));
            List<String> served = new HostPluginTenants("it-tenanted").all().stream().map(t -> t.id()).toList();
            assertTrue(served.contains(ADATUM) && !served.contains(CONTOSO), served.toString());
            assertTrue(new HostPluginTenants("it-tenanted").find(CONTOSO).isEmpty(), "a switched-off tenant is hidden");
        } finally {
            removeTenants(added);
        }
        assertTrue(trail("it-tenanted").contains("plugin.tenant-disable"));
        lifecycle.switchInTenant("it-tenanted", CONTOSO, true);
        assertTrue(host.enabledFor("it-tenanted", CONTOSO));
        lifecycle.disable("it-tenanted");
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
            runNow("it-jobs.count", CONTOSO);
            JobRun counted = finished("it-jobs.count", CONTOSO);
            assertEquals("SUCCESS", counted.outcome());
            assertEquals("2/2 counted", counted.message().replaceAll("\\d+$", "").strip());
            runNow("it-jobs.fail", CONTOSO);
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
        lifecycle.rescan();
        approve(id);
    }

    private JobRun finished(String jobId, String tenantId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var run = jobs.lastRun(jobId, tenantId).filter(r -> !"RUNNING".equals(r.outcome()) && r.outcome() != null);
            if (run.isPresent()) {
                return run.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(jobId + " did not finish in " + tenantId + ": " + jobs.lastRun(jobId, tenantId));
    }

    /**
     * Runs a job now in a tenant; the schedule may be running it there already (it starts a plugin's jobs as soon as
     * the plugin starts), which refuses a second run until it ends.
     */
    private void runNow(String jobId, String tenantId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (jobs.runNow(jobId, tenantId)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(jobId + " could not be started in " + tenantId + ": " + jobs.lastRun(jobId, tenantId));
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
            assertEquals(java.util.Map.of(CONTOSO, "own context loader: true"), actions.run("it-actions.note",
                    List.of(CONTOSO), java.util.Map.of("note", "loader"), 1, null).results());
            assertTrue(audit.latest(50).stream().anyMatch(r -> r.event().action().equals("it-actions.note")
                    && CONTOSO.equals(r.event().tenantId())), "each run is audited in its tenant");

            PluginActions.RunOutcome both = actions.run("it-actions.note", List.of(CONTOSO, ADATUM),
                    java.util.Map.of("note", "both", "failIn", ADATUM), 2, "Quarterly note");
            assertTrue(both.waitsForApproval(), "two tenants at once need a second person");
            assertEquals(java.util.Map.of(), both.results());
            ApprovalRequest decided = ledger.approve(SECOND_OWNER, List.of(),
                    both.approval().id(), null);
            assertEquals(ApprovalRequest.Status.APPROVED, decided.status());
            assertTrue(decided.outcome().contains(CONTOSO + "=noted both"), decided.outcome());
            assertTrue(decided.outcome().contains(ADATUM + "=failed: cannot note in " + ADATUM), decided.outcome());
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void anApprovedActionRunsAfterItsDecisionAndOnlyWhereTheRequesterStillHoldsItsPermission() throws Exception {
        actAsOwner();
        installAndApprove("it-actions", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.NoteAction", ""));
        List<String> added = tenantsPresent(CONTOSO, ADATUM);
        String technician = "it-tech-" + Long.toString(System.nanoTime(), 36) + "@northwind-msp.example";
        String inAdatum = readOnlyHolding(technician, "it-actions.reader", AssignmentScope.tenants(CONTOSO),
                AssignmentScope.tenants(ADATUM)).get(2);
        try {
            PluginActions.RunOutcome both = asStaff(technician, Set.of("it-actions:read", Permissions.TENANTS_READ),
                    () -> actions.run("it-actions.note", List.of(CONTOSO, ADATUM),
                            java.util.Map.of("note", "transaction"), 2, "Quarterly note"));
            assertTrue(both.waitsForApproval());
            transaction.begin();
            accessStore.unassign(inAdatum);
            transaction.commit();

            ApprovalRequest decided = ledger.approve(SECOND_OWNER, List.of(), both.approval().id(), null);

            assertEquals(ApprovalRequest.Status.APPROVED, decided.status(), decided.outcome());
            assertTrue(decided.outcome().contains(CONTOSO + "=in a transaction: false"),
                    "the action runs after the decision committed, outside its transaction: " + decided.outcome());
            assertTrue(decided.outcome().contains("asked by " + technician + " who holds it here"),
                    "the plugin sees the person who asked, not the approver: " + decided.outcome());
            assertTrue(decided.outcome().contains(ADATUM + "=failed: " + technician + ", who asked, no longer holds "
                    + "it-actions:read here"), decided.outcome());
            List<String> trail = audit.latest(50).stream().filter(r -> both.approval().id().equals(
                    r.event().correlationId())).map(r -> r.event().action() + ":" + r.event().outcome()).toList();
            assertTrue(trail.containsAll(List.of("approval.approve:SUCCESS", "approval.run:SUCCESS",
                    "it-actions.note:DENIED")), trail.toString());
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void anApprovedRequestWhoseRequesterLostAccessMeanwhileFailsAndNothingRuns() throws Exception {
        actAsOwner();
        installAndApprove("it-actions", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.NoteAction", ""));
        List<String> added = tenantsPresent(CONTOSO, ADATUM);
        String technician = "it-gone-" + Long.toString(System.nanoTime(), 36) + "@northwind-msp.example";
        String readOnly = readOnlyHolding(technician, "it-actions.reader", AssignmentScope.allTenants()).get(0);
        try {
            PluginActions.RunOutcome both = asStaff(technician, Set.of("it-actions:read", Permissions.TENANTS_READ),
                    () -> actions.run("it-actions.note", List.of(CONTOSO, ADATUM), java.util.Map.of("note", "never"),
                            2, "Quarterly note"));
            transaction.begin();
            accessStore.unassign(readOnly);
            transaction.commit();

            ApprovalRequest decided = ledger.approve(SECOND_OWNER, List.of(), both.approval().id(), null);

            assertEquals(ApprovalRequest.Status.FAILED, decided.status());
            assertTrue(decided.outcome().contains("no longer holds tenants:read"), decided.outcome());
            assertFalse(audit.latest(50).stream().anyMatch(r -> r.event().action().equals("it-actions.note")
                    && both.approval().id().equals(r.event().correlationId())), "the action did not run");
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void aPluginsListOfThousandsWaitsWholeForApprovalAndThePluginReadsWhatBecameOfItsOwnSubmissionsOnly()
            throws Exception {
        actAsOwner();
        installAndApprove("it-actions", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.NoteAction", "",
                "extension:dev.tenantry.it.plugin.fixtures.InviteAction", ""));
        List<String> added = tenantsPresent(CONTOSO);
        try {
            String guests = String.join("\n", java.util.stream.IntStream.rangeClosed(1, 5000)
                    .mapToObj(i -> "guest" + i + "@fabrikam.example").toList());
            assertTrue(guests.length() > dev.tenantry.plugin.api.ActionParameter.MAX_LENGTH);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> actions.submitOwn("it-actions",
                    "it-actions.invite", CONTOSO, java.util.Map.of("guests", "g".repeat(
                    dev.tenantry.plugin.api.ActionParameter.MAX_ITEMS_LENGTH + 1)), 1, "Too many"))
                    .getMessage().contains("longer than 1,000,000 characters"));

            dev.tenantry.plugin.api.PluginActionRuns.Submitted refused = actions.submitOwn("it-actions",
                    "it-actions.invite", CONTOSO, java.util.Map.of("guests", guests), 5000, "Partner event");
            dev.tenantry.plugin.api.PluginActionRuns.Submitted withdrawn = actions.submitOwn("it-actions",
                    "it-actions.invite", CONTOSO, java.util.Map.of("guests", guests), 5000, "Partner event again");
            dev.tenantry.plugin.api.PluginActionRuns.Submitted approved = actions.submitOwn("it-actions",
                    "it-actions.invite", CONTOSO, java.util.Map.of("guests", guests), 5000, "Partner event, once");

            assertTrue(refused.waitingForApproval(), "5,000 items need a second person");
            ApprovalRequest stored = ledger.find(refused.approvalId()).orElseThrow();
            assertTrue(stored.parameters().get("parameters").contains("guest5000@fabrikam.example"),
                    "the whole list is stored");
            List<dev.tenantry.portal.approval.ShownParameter> shown = ledger.describe(stored);
            dev.tenantry.portal.approval.ShownParameter list = shown.stream().filter(p -> p.label().equals(
                    "Guests, one a line")).findFirst().orElseThrow(() -> new AssertionError(shown.toString()));
            assertTrue(list.items());
            assertEquals(5000, list.lines());
            assertEquals(guests, list.value(), "the approver can read all of it");

            java.util.Map<String, dev.tenantry.plugin.api.PluginActionRuns.Decision> waiting = actions.decisionsOwn(
                    "it-actions", List.of(refused.approvalId(), "no-such-request"));
            assertEquals(java.util.Set.of(refused.approvalId()), waiting.keySet());
            assertEquals(dev.tenantry.plugin.api.PluginActionRuns.State.WAITING, waiting.get(refused.approvalId())
                    .state());

            ledger.reject(SECOND_OWNER, List.of(), refused.approvalId(), "Not before the contract is signed");
            ledger.withdraw(OWNER, withdrawn.approvalId(), null);
            assertEquals(ApprovalRequest.Status.APPROVED, ledger.approve(SECOND_OWNER, List.of(),
                    approved.approvalId(), "Fine").status());
            java.util.Map<String, dev.tenantry.plugin.api.PluginActionRuns.Decision> decided = actions.decisionsOwn(
                    "it-actions", List.of(refused.approvalId(), withdrawn.approvalId(), approved.approvalId()));

            dev.tenantry.plugin.api.PluginActionRuns.Decision rejection = decided.get(refused.approvalId());
            assertEquals(dev.tenantry.plugin.api.PluginActionRuns.State.REJECTED, rejection.state());
            assertEquals(SECOND_OWNER, rejection.decidedBy());
            assertEquals("Not before the contract is signed", rejection.note());
            assertNotNull(rejection.decidedAt());
            assertEquals(dev.tenantry.plugin.api.PluginActionRuns.State.WITHDRAWN, decided.get(withdrawn
                    .approvalId()).state());
            assertEquals(OWNER, decided.get(withdrawn.approvalId()).decidedBy());
            assertEquals(dev.tenantry.plugin.api.PluginActionRuns.State.APPROVED, decided.get(approved
                    .approvalId()).state());
            assertEquals("5000 guest(s) invited", decided.get(approved.approvalId()).outcome(),
                    "the tenant's result, as the plugin's action gave it");

            // another plugin, even one whose id begins the same, and the host's own requests are not read
            assertTrue(actions.decisionsOwn("it-action", List.of(refused.approvalId())).isEmpty());
            assertTrue(actions.decisionsOwn("it-greeting", List.of(refused.approvalId())).isEmpty());
            String review = "it-review" + Long.toString(System.nanoTime(), 36);
            PluginJarWriter.write(folder, review + ".jar", review, "1.0.0", ">=1.0.0", GREETING,
                    PluginJarWriter.manifest(review, "User.Read"));
            lifecycle.rescan();
            PluginLifecycle.Review hosts = lifecycle.approve(review);
            assertTrue(hosts.waitsForSecondOwner());
            assertTrue(actions.decisionsOwn("it-actions", List.of(hosts.request().id())).isEmpty(),
                    "the host's own request is not a plugin's");
            assertThrows(IllegalArgumentException.class, () -> actions.decisionsOwn("it-actions",
                    java.util.stream.IntStream.rangeClosed(0, 100).mapToObj(String::valueOf).toList()));
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void aPluginsWebhookIsSignedAndSentAgainAfterAFailureAndItsMailWaitsForAMailServer() throws Exception {
        actAsOwner();
        installAndApprove("it-services", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.MessengerAction", ""));
        List<String> added = tenantsPresent(CONTOSO);
        List<com.sun.net.httpserver.Headers> headers = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            headers.add(exchange.getRequestHeaders());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(headers.size() == 1 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(410, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        String secret = "it-webhook-secret-0123456789-abcdef";
        try {
            String id = send(java.util.Map.of("mode", "webhook", "url", base + "/hook", "secret", secret));
            var sent = awaitDelivery(id, "SENT");
            assertEquals(2, sent.attempts(), "the 503 was followed by a second attempt");
            assertEquals(2, headers.size());
            var last = headers.get(1);
            assertEquals(id, last.getFirst("webhook-id"));
            assertTrue(dev.tenantry.portal.notify.internal.WebhookSignature.verify(secret, id,
                    Long.parseLong(last.getFirst("webhook-timestamp")), bodies.get(1),
                    last.getFirst("webhook-signature")), "the receiver can verify the signature");
            assertTrue(bodies.get(1).contains(CONTOSO));
            assertNull(sealedSecret(id), "the secret is forgotten once delivered");

            String gone = send(java.util.Map.of("mode", "webhook", "url", base + "/gone", "secret", secret));
            var failed = awaitDelivery(gone, "FAILED");
            assertEquals(1, failed.attempts(), "410 Gone is not tried again");
            assertTrue(failed.lastError().contains("410"), failed.lastError());
            String sealed = sealedSecret(gone);
            assertTrue(sealed.startsWith("v1.") && !sealed.contains(secret), "kept sealed, never in clear");

            String mail = send(java.util.Map.of("mode", "mail", "to", "helpdesk@contoso.example"));
            var held = awaitDelivery(mail, "HELD");
            assertTrue(held.lastError().contains("No mail server configured"), held.lastError());

            assertTrue(actions.run("it-services.send", List.of(CONTOSO), java.util.Map.of("mode", "webhook", "url",
                    "ftp://127.0.0.1/x", "secret", secret), 1, null).results().get(CONTOSO)
                    .startsWith("failed: A webhook goes to an https:// address"));
            assertTrue(actions.run("it-services.send", List.of(CONTOSO), java.util.Map.of("mode", "webhook", "url",
                    base + "/hook", "secret", "short"), 1, null).results().get(CONTOSO)
                    .contains("at least 24 characters"));
            assertTrue(actions.run("it-services.send", List.of(CONTOSO), java.util.Map.of("mode", "mail", "to",
                    "not an address"), 1, null).results().get(CONTOSO).contains("Not a mail address"));
        } finally {
            receiver.stop(0);
            removeTenants(added);
        }
    }

    @Test
    void graphWithoutConsentIsConsentRequiredAndAnotherPluginsScopeSetIsRefused() throws Exception {
        actAsOwner();
        installAndApprove("it-services", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.MessengerAction", ""));
        List<String> added = tenantsPresent(CONTOSO);
        try {
            String own = actions.run("it-services.send", List.of(CONTOSO), java.util.Map.of("mode", "graph"), 1,
                    null).results().get(CONTOSO);
            assertTrue(own.startsWith("consent required: ") && own.contains("it-services.read")
                    && own.contains("User.Read") && own.contains("No delegated connection"), own);
            String foreign = actions.run("it-services.send", List.of(CONTOSO), java.util.Map.of("mode", "foreign"), 1,
                    null).results().get(CONTOSO);
            assertEquals("failed: Plugin it-services declares no scope set it-other.read", foreign);

            lifecycle.switchInTenant("it-services", CONTOSO, false);
            try {
                assertThrows(IllegalArgumentException.class, () -> new dev.tenantry.portal.plugin.internal
                        .HostGraphAccess("it-services").consent(CONTOSO, "it-services.read"),
                        "nothing is asked for a plugin switched off in the tenant");
            } finally {
                lifecycle.switchInTenant("it-services", CONTOSO, true);
            }
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void aPluginReachesMicrosoftOnlyInTenantsWhereItsCallerHoldsThePermissionItRunsUnder() throws Exception {
        actAsOwner();
        installAndApprove("it-services", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.MessengerAction", ""));
        List<String> added = tenantsPresent(CONTOSO, ADATUM);
        String technician = "it-ro-" + Long.toString(System.nanoTime(), 36) + "@northwind-msp.example";
        readOnlyHolding(technician, "it-services.reader", AssignmentScope.tenants(CONTOSO));
        try {
            Set<String> token = Set.of("it-services:read", Permissions.TENANTS_READ);
            String own = asStaff(technician, token, () -> actions.run("it-services.send", List.of(CONTOSO),
                    java.util.Map.of("mode", "graph"), 1, null).results().get(CONTOSO));
            assertTrue(own.startsWith("consent required: "), "past the access check, on to consent: " + own);
            String elsewhere = asStaff(technician, token, () -> actions.run("it-services.send", List.of(CONTOSO),
                    java.util.Map.of("mode", "graph-in", "tenants", ADATUM), 1, null).results().get(CONTOSO));
            assertEquals("failed: " + technician + " lacks it-services:read in tenant " + ADATUM, elsewhere,
                    "a Read-only role in the other tenant is not the action's permission");
            String work = asStaff(technician, token, () -> actions.run("it-services.send", List.of(CONTOSO),
                    java.util.Map.of("mode", "each", "tenants", CONTOSO + "," + ADATUM, "pause", "1"), 1, null)
                    .results().get(CONTOSO));
            assertEquals("failed: " + technician + " lacks it-services:read in tenant " + ADATUM, work,
                    "work over tenants is refused where the action's permission is not held");
            assertTrue(audit.latest(50).stream().anyMatch(r -> r.event().action().equals("access.denied")
                    && technician.equals(r.event().actor()) && ADATUM.equals(r.event().tenantId())), "audited");

            assertThrows(dev.tenantry.portal.access.AccessDeniedException.class, () -> new dev.tenantry.portal.plugin
                    .internal.HostGraphAccess("it-services").call(CONTOSO, "it-services.read", client -> "no"),
                    "a member of staff's request outside the plugin's pages, actions and work reaches nothing");
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void backgroundWorkReportsProgressActsForWhoStartedItAndCanBeCancelled() throws Exception {
        actAsOwner();
        installAndApprove("it-services", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.MessengerAction", ""));
        List<String> added = tenantsPresent(CONTOSO);
        try {
            String id = send(java.util.Map.of("mode", "work", "steps", "5", "pause", "50"));
            var done = awaitWork(id, "SUCCESS");
            assertEquals(5, done.done());
            assertEquals(100, done.percent());
            assertEquals("counted 5", done.message());
            assertEquals(OWNER, done.startedBy());
            assertTrue(works.mine().stream().anyMatch(work -> work.id().equals(id)), "on the Activity page");
            assertTrue(audit.latest(50).stream().anyMatch(r -> r.event().action().equals("it-services.counted")
                    && OWNER.equals(r.event().actor())), "audited as done by who started it, not by 'system'");
            assertTrue(works.status("it-other", id).isEmpty(), "another plugin does not see it");

            String slow = send(java.util.Map.of("mode", "work", "steps", "600", "pause", "50"));
            Thread.sleep(300);
            assertTrue(works.cancel(slow));
            var cancelled = awaitWork(slow, "CANCELLED");
            assertTrue(cancelled.done() < 600, "stopped early: " + cancelled.done());
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void workOverTenantsRunsThemAtOnceAndOneTenantsFailureIsItsOwn() throws Exception {
        List<String> added = messengerInThreeTenants();
        try {
            java.time.Instant started = java.time.Instant.now();
            String id = send(java.util.Map.of("mode", "each", "tenants", CONTOSO + "," + ADATUM + "," + FABRIKAM,
                    "fail", ADATUM, "pause", "1500"));
            var done = awaitWork(id, "SUCCESS");
            assertEquals(3, done.done());
            assertEquals(3, done.total());
            assertTrue(done.message().startsWith("2 of 3 tenants done; failed: "), done.message());
            assertTrue(done.message().contains("(boom in " + ADATUM + ")"), done.message());
            assertEquals(null, done.tenantId(), "work across tenants");
            var visits = eachVisitsSince(started, 50);
            assertEquals(java.util.Set.of(CONTOSO, FABRIKAM), visits.stream().map(r -> r.event().tenantId())
                    .collect(java.util.stream.Collectors.toSet()), "the failing tenant stopped neither other");
            assertTrue(visits.stream().anyMatch(r -> Integer.parseInt(r.event().details().get("concurrent")) > 1),
                    "tenants ran at once: " + visits);

            String refused = actions.run("it-services.send", List.of(CONTOSO), java.util.Map.of("mode", "each",
                    "tenants", CONTOSO + ",00000000-0000-0000-0000-000000000000", "pause", "1"), 1, null)
                    .results().get(CONTOSO);
            assertTrue(refused.startsWith("failed") && refused.contains("does not work in tenant"), refused);
        } finally {
            removeTenants(added);
        }
    }

    @Test
    void moreWorksOverTenantsThanTheServerHasExecutorThreadsAllRunTheirTenantsAtOnce() throws Exception {
        List<String> added = messengerInThreeTenants();
        try {
            java.time.Instant started = java.time.Instant.now();
            // Five at once: more than the four threads a two-core server's shared executor has, each work waiting
            // for its tenants' turns (which, on that executor, waited behind the works themselves)
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(send(java.util.Map.of("mode", "each", "tenants", CONTOSO + "," + ADATUM + "," + FABRIKAM,
                        "pause", "1500")));
            }
            for (String id : ids) {
                var done = awaitWork(id, "SUCCESS");
                assertEquals("3 of 3 tenants done", done.message());
            }
            var visits = eachVisitsSince(started, 100);
            assertEquals(15, visits.size());
            int most = visits.stream().mapToInt(r -> Integer.parseInt(r.event().details().get("concurrent")))
                    .max().orElse(0);
            assertTrue(most > 4, "more tenants at once than the shared executor has threads: " + most);
        } finally {
            removeTenants(added);
        }
    }

    /** As the owner, the messenger plugin approved and Contoso, Adatum and Fabrikam present; returns those added. */
    private List<String> messengerInThreeTenants() throws Exception {
        actAsOwner();
        installAndApprove("it-services", null, java.util.Map.of(
                "extension:dev.tenantry.it.plugin.fixtures.MessengerAction", ""));
        return tenantsPresent(CONTOSO, ADATUM, FABRIKAM);
    }

    /** The messenger's "each" visits audited since {@code started}, among the latest {@code latest} records. */
    private List<AuditRecord> eachVisitsSince(java.time.Instant started, int latest) {
        return audit.latest(latest).stream().filter(r -> r.event().action().equals("it-services.each")
                && r.occurredAt().isAfter(started)).toList();
    }

    /** Runs the messenger action in Contoso with {@code parameters}; returns its result. */
    private String send(java.util.Map<String, String> parameters) {
        String result = actions.run("it-services.send", List.of(CONTOSO), parameters, 1, null).results().get(CONTOSO);
        assertFalse(result.startsWith("failed"), result);
        return result;
    }

    private dev.tenantry.portal.notify.Delivery awaitDelivery(String id, String state) throws InterruptedException {
        return await(() -> notifications.find(id).orElseThrow(), delivery -> delivery.state().equals(state),
                id + " to become " + state);
    }

    private dev.tenantry.plugin.api.PluginWork.WorkStatus awaitWork(String id, String state)
            throws InterruptedException {
        return await(() -> works.status("it-services", id).orElseThrow(), work -> work.state().equals(state),
                id + " to become " + state);
    }

    private String sealedSecret(String deliveryId) {
        return (String) entityManager.createNativeQuery("select secret_sealed from notification_delivery where id = ?1")
                .setParameter(1, deliveryId).getSingleResult();
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

        assertThrows(AccessDeniedException.class, () -> lifecycle.rescan());
        assertThrows(AccessDeniedException.class, () -> lifecycle.approve("it-greeting"));
        assertThrows(AccessDeniedException.class, () -> lifecycle.install("it.jar", java.io.InputStream.nullInputStream()));
    }

    private void actAsOwner() {
        if (staff.apiToken().isEmpty()) {
            staff.actWithApiToken(new ApiTokenCaller("test", "plugin test", OWNER, List.of(),
                    Set.of(Permissions.PLUGINS_MANAGE, Permissions.PLUGINS_INSTALL, Permissions.APPROVALS_DECIDE,
                            Permissions.TENANTS_READ, "it-actions:read", "it-services:read")));
        }
    }

    /**
     * Makes {@code user} Read-only in all tenants and gives them {@code pluginRole} in each of {@code scopes}; the ids
     * of the assignments, Read-only's first.
     */
    private List<String> readOnlyHolding(String user, String pluginRole, AssignmentScope... scopes) throws Exception {
        transaction.begin();
        List<String> ids = new java.util.ArrayList<>(List.of(accessStore.assign(RoleAssignment.PrincipalType.USER, user,
                Role.READ_ONLY, AssignmentScope.allTenants(), "test").id()));
        for (AssignmentScope scope : scopes) {
            ids.add(accessStore.assign(RoleAssignment.PrincipalType.USER, user, pluginRole, scope, "test").id());
        }
        transaction.commit();
        return ids;
    }

    /**
     * Runs {@code body} in a request of its own (on another thread) whose caller is {@code user} with an API token
     * allowing {@code permissions}: this test's request already acts as the Owner.
     */
    private <T> T asStaff(String user, Set<String> permissions, java.util.concurrent.Callable<T> body)
            throws Exception {
        try {
            return executor.submit(() -> {
                requestContext.activate();
                try {
                    staff.actWithApiToken(new ApiTokenCaller("test", "as " + user, user, List.of(), permissions));
                    return body.call();
                } finally {
                    requestContext.deactivate();
                }
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Approves plugin {@code id} as the Owner, and as the second Owner too when it needs one. */
    private void approve(String id) {
        PluginLifecycle.Review review = lifecycle.approve(id);
        if (review.waitsForSecondOwner()) {
            ApprovalRequest decided = ledger.approve(SECOND_OWNER, List.of(), review.request().id(), null);
            assertEquals(ApprovalRequest.Status.APPROVED, decided.status(), decided.outcome());
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
