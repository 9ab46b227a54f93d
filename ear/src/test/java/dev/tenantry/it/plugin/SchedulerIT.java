package dev.tenantry.it.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.plugin.fixtures.AskedJob;
import dev.tenantry.it.plugin.fixtures.FleetJob;
import dev.tenantry.it.plugin.fixtures.OtherFleetJob;
import dev.tenantry.it.plugin.fixtures.UsersJob;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.internal.ApprovalLedger;
import dev.tenantry.portal.consent.ConsentGranted;
import dev.tenantry.portal.consent.TokenService;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.plugin.JobFigures;
import dev.tenantry.portal.plugin.JobRun;
import dev.tenantry.portal.plugin.PluginJobs;
import dev.tenantry.portal.plugin.internal.JpaJobStates;
import dev.tenantry.portal.plugin.PluginLifecycle;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job scheduler in the server, with jobs of plugins written into the plugins folder. The test server has two slots
 * ({@code tenantry.jobs.concurrency} in {@code arquillian.xml}) and the default tick of 30 s: a scheduler that started
 * runs only at ticks would reach 2 x 2 = 4 tenants a minute.
 */
@ExtendWith(ArquillianExtension.class)
class SchedulerIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String SECOND_OWNER = "dana.okafor@northwind-msp.example";
    private static final String FLEET = "it-fleet.visit";
    private static final String OTHER = "it-fleet-other.visit";
    private static final String USERS = "it-throttle.users";
    private static final String ASKED = "it-asked.wake";
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(6);
    /** The fixtures by name: inside the server they are bytes to pack into plugin jars, not classes of the portal. */
    private static final String FLEET_JOB = "dev.tenantry.it.plugin.fixtures.FleetJob";
    private static final String OTHER_JOB = "dev.tenantry.it.plugin.fixtures.OtherFleetJob";
    private static final String USERS_JOB = "dev.tenantry.it.plugin.fixtures.UsersJob";
    private static final String ASKED_JOB = "dev.tenantry.it.plugin.fixtures.AskedJob";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTestsAndPluginClasses(new Class<?>[] {SchedulerIT.class, PluginJarWriter.class},
                FleetJob.class, OtherFleetJob.class, UsersJob.class, AskedJob.class);
    }

    /** In the test JVM, before the tests run in the server: the emulator throttles a tenant's next user list. */
    @BeforeAll
    static void microsoftThrottlesATenantOnce() {
        ThrottledTenant.throttleNextUsersRequest(RETRY_AFTER);
    }

    @Inject
    PluginJobs jobs;

    @Inject
    JpaJobStates states;

    @Inject
    PluginLifecycle lifecycle;

    @Inject
    ApprovalLedger ledger;

    @Inject
    CurrentStaff staff;

    @Inject
    JpaTenantStore tenants;

    @Inject
    TokenService tokens;

    @Inject
    jakarta.enterprise.event.Event<ConsentGranted> consentGranted;

    @Resource
    UserTransaction transaction;

    private Path folder;
    private final List<String> added = new ArrayList<>();

    @BeforeEach
    void anEmptyFolder() throws IOException {
        actAsOwner();
        folder = Path.of(ConfigProvider.getConfig().getValue("tenantry.plugins.dir", String.class));
        Files.createDirectories(folder);
        deleteTestJars();
    }

    @AfterEach
    void clean() throws Exception {
        actAsOwner();
        deleteTestJars();
        lifecycle.rescan();
        transaction.begin();
        added.forEach(tenants::remove);
        transaction.commit();
        System.clearProperty(FleetJob.SLEEP);
        System.clearProperty(FleetJob.OVERLAP);
        System.clearProperty(AskedJob.AGAIN);
    }

    @Test
    void everyTenantIsRunWithinOneIntervalThoughTenantsOutnumberSlotsTimesTicks() throws Exception {
        assertEquals(2, jobs.slots().capacity(), "arquillian.xml gives the test server two slots");
        List<String> fleet = tenants(60);
        Instant installed = Instant.now();

        install("it-fleet", FLEET_JOB, null);

        awaitEach(FLEET, fleet, run -> ranSince(run, installed), installed.plus(INTERVAL));
        JobFigures figures = jobs.figures().stream().filter(job -> job.jobId().equals(FLEET)).findFirst()
                .orElseThrow();
        assertTrue(figures.runsLastHour() >= fleet.size(), figures.toString());
        assertTrue(figures.tenants() >= fleet.size() && figures.tenantsRun() >= fleet.size(), "coverage: " + figures);
        assertTrue(figures.tenantsRun() <= figures.tenants() && figures.tenantsRun() <= figures.runsLastHour(),
                figures.toString());
        assertTrue(figures.lagP50().compareTo(figures.lagP95()) <= 0, figures.toString());
        JobFigures lastMinute = jobs.figures(Duration.ofMinutes(1)).stream()
                .filter(job -> job.jobId().equals(FLEET)).findFirst().orElseThrow();
        assertEquals(Duration.ofMinutes(1), lastMinute.window());
        assertTrue(lastMinute.runsLastHour() <= figures.runsLastHour(), lastMinute + " within " + figures);
        assertThrows(IllegalArgumentException.class, () -> jobs.figures(Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> jobs.figures(Duration.ofHours(3)));
        assertTrue(figures.lagP95().compareTo(INTERVAL) < 0, "none waited an interval: " + figures);
    }

    @Test
    void theJobsOfTwoPluginsBothGoThroughTheFleet() throws Exception {
        List<String> fleet = tenants(30);
        Instant installed = Instant.now();

        install("it-fleet", FLEET_JOB, null);
        install("it-fleet-other", OTHER_JOB, null);

        awaitEach(FLEET, fleet, run -> ranSince(run, installed), installed.plus(INTERVAL));
        awaitEach(OTHER, fleet, run -> ranSince(run, installed), installed.plus(INTERVAL));
    }

    @Test
    void aThrottledRunWaitsForItsRetryAfterWithoutHoldingASlotThenRunsAgain() throws Exception {
        tenantPresent(ThrottledTenant.ID);
        tokens.connectApplication(ThrottledTenant.ID, OWNER);

        Instant installed = Instant.now();
        install("it-throttle", USERS_JOB, PluginJarWriter.applicationManifest("it-throttle", "User.Read.All"));

        JobRun throttled = await(() -> jobs.lastRun(USERS, ThrottledTenant.ID), run -> run.startedAt() != null
                && !run.startedAt().isBefore(installed) && "THROTTLED".equals(run.outcome()), installed.plus(INTERVAL));
        // Its slot is given back as soon as its end is recorded, well before Microsoft's Retry-After is over
        while (jobs.running().stream().anyMatch(run -> run.tenantId().equals(ThrottledTenant.ID))
                && Instant.now().isBefore(throttled.dueAt())) {
            Thread.sleep(20);
        }
        assertTrue(Instant.now().isBefore(throttled.dueAt()), "it waits in the queue, not in a slot");
        assertTrue(Duration.between(throttled.startedAt(), throttled.finishedAt()).compareTo(RETRY_AFTER) < 0,
                "the run ended at once instead of sleeping through Microsoft's Retry-After: " + throttled);
        assertFalse(throttled.dueAt().isBefore(throttled.finishedAt().plus(RETRY_AFTER)),
                "due again when Microsoft said: " + throttled);
        JobRun again = await(() -> jobs.lastRun(USERS, ThrottledTenant.ID), run -> "SUCCESS".equals(run.outcome()),
                throttled.dueAt().plus(INTERVAL));
        assertFalse(again.startedAt().isBefore(throttled.dueAt()), "not before the Retry-After: " + again);
        assertTrue(again.message().endsWith("users"), again.message());
    }

    @Test
    void runsScheduledUnderALongerIntervalAreBroughtForwardToTheJobsIntervalNow() throws Exception {
        String tenant = tenants(1).get(0);
        install("it-fleet", FLEET_JOB, null);
        JobRun first = await(() -> jobs.lastRun(FLEET, tenant), run -> run.finishedAt() != null,
                Instant.now().plus(INTERVAL));
        // As if it had been scheduled when the job ran every hour
        states.finished(FLEET, tenant, first.startedAt(), first.outcome(), first.message(), first.finishedAt(),
                Instant.now().plus(Duration.ofHours(1)));

        assertEquals(1, states.bringForward(FLEET, INTERVAL, Instant.now()));

        JobRun broughtForward = jobs.lastRun(FLEET, tenant).orElseThrow();
        assertFalse(broughtForward.dueAt().isAfter(Instant.now()), broughtForward.toString());
        assertEquals(0, states.bringForward(FLEET, INTERVAL, Instant.now()), "nothing is due later any more");
        await(() -> jobs.lastRun(FLEET, tenant), run -> run.startedAt().isAfter(first.startedAt()),
                Instant.now().plus(Duration.ofSeconds(45)));
    }

    @Test
    void aConsentInATenantMakesItsRunsThatWantedConsentDueAtOnceAndNoOthers() throws Exception {
        List<String> two = tenants(2);
        String consenting = two.get(0);
        String other = two.get(1);
        install("it-fleet", FLEET_JOB, null);
        Instant later = Instant.now().plus(Duration.ofHours(1));
        for (String tenant : two) {
            JobRun first = await(() -> jobs.lastRun(FLEET, tenant), run -> run.finishedAt() != null,
                    Instant.now().plus(INTERVAL));
            // As if it had ended for want of consent: due again in an hour
            states.finished(FLEET, tenant, first.startedAt(), "CONSENT_REQUIRED", "Consent needed",
                    first.finishedAt(), later);
        }
        JobRun before = jobs.lastRun(FLEET, consenting).orElseThrow();

        consentGranted.fire(new ConsentGranted(consenting, List.of("it-fleet.read")));

        JobRun again = await(() -> jobs.lastRun(FLEET, consenting), run -> run.startedAt().isAfter(
                before.startedAt()) && run.finishedAt() != null && run.finishedAt().isAfter(run.startedAt()),
                Instant.now().plus(Duration.ofSeconds(20)));
        assertEquals("SUCCESS", again.outcome(), again.toString());
        JobRun untouched = jobs.lastRun(FLEET, other).orElseThrow();
        assertEquals("CONSENT_REQUIRED", untouched.outcome(), "another tenant's consent changes nothing here");
        assertFalse(untouched.dueAt().isBefore(later.minusSeconds(1)), untouched.toString());
    }

    /**
     * A job run when asked runs in a tenant first seen an interval (an hour) on, and when asked; an ask while it runs,
     * made by the run itself through the plugin's {@code PluginSchedule}, is kept and runs it again when it ends.
     */
    @Test
    void aJobRunWhenAskedRunsAtTheTimeAskedAndAnAskWhileItRunsIsNotLost() throws Exception {
        String tenant = tenants(1).get(0);
        Instant installed = Instant.now();
        install("it-asked", ASKED_JOB, null);
        JobRun queued = await(() -> jobs.lastRun(ASKED, tenant), run -> run.dueAt() != null,
                Instant.now().plus(INTERVAL));
        assertNull(queued.startedAt(), "no run in a tenant just seen: " + queued);
        assertTrue(queued.dueAt().isAfter(installed.plus(Duration.ofMinutes(59))), "the first an hour on unless "
                + "asked: " + queued);

        Instant at = Instant.now().plusSeconds(3);
        jobs.ask("it-asked", ASKED, tenant, at);
        assertEquals(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS), jobs.lastRun(ASKED, tenant).orElseThrow()
                .dueAt(), "due when asked");
        jobs.ask("it-asked", ASKED, tenant, at.plusSeconds(600));
        assertEquals(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS), jobs.lastRun(ASKED, tenant).orElseThrow()
                .dueAt(), "a later ask keeps the earlier");
        JobRun asked = await(() -> jobs.lastRun(ASKED, tenant), run -> run.finishedAt() != null,
                Instant.now().plusSeconds(30));
        assertFalse(asked.startedAt().isBefore(at), "not before the time asked: " + asked);
        assertTrue(asked.dueAt().isAfter(Instant.now().plusSeconds(500)), "the later ask is what is left, and "
                + "the hour: " + asked);

        System.setProperty(AskedJob.AGAIN, tenant);
        jobs.ask("it-asked", ASKED, tenant, Instant.now());
        JobRun asking = await(() -> jobs.lastRun(ASKED, tenant), run -> run.startedAt().isAfter(asked.startedAt()),
                Instant.now().plusSeconds(30));
        JobRun again = await(() -> jobs.lastRun(ASKED, tenant), run -> run.startedAt().isAfter(asking.startedAt())
                && run.finishedAt() != null, Instant.now().plusSeconds(30));
        assertNull(System.getProperty(AskedJob.AGAIN), "the run that asked for the next ran");
        assertEquals("SUCCESS", again.outcome(), again.toString());

        // A tenant added a moment ago has no row of the job until the next tick: the ask makes it, due now
        String added = tenants(1).get(0);
        jobs.ask("it-asked", ASKED, added, Instant.now());
        JobRun fresh = await(() -> jobs.lastRun(ASKED, added), run -> run.finishedAt() != null,
                Instant.now().plusSeconds(20));
        assertEquals("SUCCESS", fresh.outcome(), fresh.toString());

        assertThrows(IllegalArgumentException.class, () -> jobs.ask("it-fleet", ASKED, tenant, Instant.now()),
                "a plugin asks for its own jobs only");
        assertThrows(IllegalArgumentException.class, () -> jobs.ask("it-asked", "it-asked.nothing", tenant,
                Instant.now()));
    }

    @Test
    void twoRunsOfOneJobInOneTenantNeverOverlap() throws Exception {
        System.setProperty(FleetJob.SLEEP, "400");
        String tenant = tenants(1).get(0);
        install("it-fleet", FLEET_JOB, null);
        await(() -> jobs.lastRun(FLEET, tenant), run -> run.startedAt() != null, Instant.now().plus(INTERVAL));

        int started = 0;
        int refused = 0;
        Instant until = Instant.now().plusSeconds(4);
        while (Instant.now().isBefore(until)) {
            if (jobs.runNow(FLEET, tenant)) {
                started++;
            } else {
                refused++;
            }
            Thread.sleep(50);
        }

        assertTrue(started > 0 && refused > 0, "some asked while a run went on: " + started + " started, " + refused
                + " refused");
        await(() -> jobs.lastRun(FLEET, tenant), run -> !"RUNNING".equals(run.outcome()),
                Instant.now().plus(INTERVAL));
        assertNull(System.getProperty(FleetJob.OVERLAP), "never two at once");
    }

    private void actAsOwner() {
        if (staff.apiToken().isEmpty()) {
            staff.actWithApiToken(new ApiTokenCaller("test", "scheduler test", OWNER, List.of(),
                    Set.of(Permissions.PLUGINS_MANAGE, Permissions.PLUGINS_INSTALL, Permissions.APPROVALS_DECIDE,
                            Permissions.TENANTS_READ)));
        }
    }

    private static boolean ranSince(JobRun run, Instant since) {
        return run.startedAt() != null && !run.startedAt().isBefore(since) && "SUCCESS".equals(run.outcome());
    }

    /** Waits until the job's last run in each tenant meets {@code done}, at most until {@code deadline}. */
    private void awaitEach(String jobId, List<String> tenantIds, Predicate<JobRun> done, Instant deadline)
            throws InterruptedException {
        List<String> waiting = new ArrayList<>(tenantIds);
        while (true) {
            waiting.removeIf(tenant -> jobs.lastRun(jobId, tenant).filter(done).isPresent());
            if (waiting.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(jobId + " did not reach " + waiting.size() + " of " + tenantIds.size()
                        + " tenants in time, e.g. " + jobs.lastRun(jobId, waiting.get(0)));
            }
            Thread.sleep(250);
        }
    }

    private static JobRun await(Supplier<Optional<JobRun>> read, Predicate<JobRun> done, Instant deadline)
            throws InterruptedException {
        Optional<JobRun> last = Optional.empty();
        while (!Instant.now().isAfter(deadline)) {
            last = read.get();
            if (last.filter(done).isPresent()) {
                return last.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Waited in vain; last seen: " + last);
    }

    /** Adds {@code count} active tenants, removed after the test. */
    private List<String> tenants(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        transaction.begin();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            tenants.add(new CustomerTenant(id, "Fleet " + i, "fleet-" + id.substring(0, 8) + ".example", Set.of(),
                    null, CustomerTenant.Status.ACTIVE, "test", null));
            ids.add(id);
        }
        transaction.commit();
        added.addAll(ids);
        return ids;
    }

    private void tenantPresent(String id) throws Exception {
        if (tenants.find(id).isEmpty()) {
            transaction.begin();
            tenants.add(new CustomerTenant(id, "Throttled Ltd", "throttled-ltd.example", Set.of(), null,
                    CustomerTenant.Status.ACTIVE, "test", null));
            transaction.commit();
            added.add(id);
        }
    }

    /** Writes plugin {@code id} with the job into the folder, scans it and approves it (with a second Owner). */
    private void install(String id, String job, String manifest) {
        PluginJarWriter.write(folder, id + ".jar", id, "1.0.0", ">=1.0.0", null,
                manifest == null ? PluginJarWriter.manifest(id, "User.Read") : manifest, Map.of(),
                Map.of("extension:" + job, ""));
        lifecycle.rescan();
        PluginLifecycle.Review review = lifecycle.approve(id);
        if (review.waitsForSecondOwner()) {
            ApprovalRequest decided = ledger.approve(SECOND_OWNER, List.of(), review.request().id(), null);
            assertEquals(ApprovalRequest.Status.APPROVED, decided.status(), decided.outcome());
        }
    }

    private void deleteTestJars() throws IOException {
        try (var jars = Files.list(folder)) {
            for (Path jar : jars.filter(file -> file.getFileName().toString().startsWith("it-")).toList()) {
                Files.delete(jar);
            }
        }
    }
}
