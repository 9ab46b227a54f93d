package dev.tenantry.it.system;

import static dev.tenantry.it.Polling.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tenantry.it.Deployments;
import dev.tenantry.it.HttpSignIn;
import dev.tenantry.it.SmtpSink;
import dev.tenantry.it.plugin.PluginJarWriter;
import dev.tenantry.plugin.api.PluginWork.WorkStatus;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.internal.ApprovalLedger;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.notify.Delivery;
import dev.tenantry.portal.notify.Notifications;
import dev.tenantry.portal.persistence.Datasource;
import dev.tenantry.portal.plugin.PluginLifecycle;
import dev.tenantry.portal.plugin.PluginWorks;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database out of reach while the portal runs: pages and the API answer "temporarily unavailable" (503) and health
 * says DOWN, and what was queued — mail, a webhook, background work — waits, with no attempt counted, and goes once
 * the database is back.
 *
 * <p>The outage is H2's exclusive mode, taken by one connection of the portal's own pool: every other connection is
 * closed and new ones are refused, as when a database server stops, while the datasource stays deployed, as it does in
 * production while its database is away. Disabling the datasource through the management API instead takes effect
 * only at a reload, or restarts what depends on it: the deployment, and this test with it.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String SECOND_OWNER = "dana.okafor@northwind-msp.example";
    private static final String PLUGIN = "it-outage";
    /**
     * At least this long before either delivery is due again, the database goes down: no attempt is under way. Longer
     * than the pause after a first attempt (1 s in the tests), so the outage starts after a second one, 4 s before a
     * third: room enough on a busy machine.
     */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTestsAndConfig(Map.of("tenantry.mail.smtp.host", "127.0.0.1",
                "tenantry.mail.smtp.port", String.valueOf(SmtpSink.freePort())), DatabaseOutageIT.class,
                SmtpSink.class, HttpSignIn.class, PluginJarWriter.class);
    }

    @Inject
    Notifications notifications;

    @Inject
    PluginWorks works;

    @Inject
    PluginLifecycle lifecycle;

    @Inject
    ApprovalLedger ledger;

    @Inject
    CurrentStaff staff;

    @Resource(lookup = Datasource.JNDI)
    DataSource dataSource;

    @Test
    void nothingQueuedIsLostWhileTheDatabaseIsDown() throws Exception {
        staff.actWithApiToken(new ApiTokenCaller("test", "outage test", OWNER, List.of(), Set.of(
                Permissions.PLUGINS_MANAGE, Permissions.PLUGINS_INSTALL, Permissions.APPROVALS_DECIDE)));
        Path jar = installAndApprove();
        LogWatch failedTicks = LogWatch.of(Notifications.class, "Could not deliver notifications");
        LogWatch outcomeWaits = LogWatch.of(PluginWorks.class, "recording it once the database is back");
        Receiver hooks = Receiver.start();
        SmtpSink mail = new SmtpSink(ConfigProvider.getConfig().getValue("tenantry.mail.smtp.port", Integer.class));
        Outage outage = null;
        try {
            AtomicInteger steps = new AtomicInteger();
            CountDownLatch finish = new CountDownLatch(1);
            String work = works.start(PLUGIN, "Count through an outage", null, progress -> {
                while (!finish.await(100, TimeUnit.MILLISECONDS)) {
                    progress.report(steps.incrementAndGet(), 0, "counted " + steps.get());
                    if (progress.cancelled()) {
                        return "cancelled";
                    }
                }
                return "counted " + steps.get() + " through the outage";
            }, AS_STARTED);
            await(() -> works.status(PLUGIN, work).orElseThrow(), status -> status.done() > 0,
                    "the work to record its progress");

            // Receivers that are down at first: both deliveries are tried, and wait to be tried again
            String recipient = "outage-" + UUID.randomUUID() + "@contoso.example";
            String hook = notifications.queueWebhook(PLUGIN, hooks.address(), "outage-" + UUID.randomUUID(),
                    "{\"event\": \"outage\"}", OWNER);
            String letter = notifications.queueMail(PLUGIN, List.of(recipient),
                    "Queued before the outage", "Sent once the database is back", OWNER);
            Instant quietUntil = awaitQuiet(hook, letter);

            outage = Outage.begin(dataSource);
            assertTrue(Instant.now().isBefore(quietUntil), "down before either delivery was due again");
            int hookTries = hooks.requests();
            int mailTries = mail.offers(recipient);
            int stepsBefore = steps.get();

            assertEquals("DOWN", readiness(503));
            hooks.open();
            mail.open();
            notifications.deliverDue();
            int failedBefore = failedTicks.count();
            await(failedTicks::count, failed -> failed >= failedBefore + 2,
                    "the scheduled dispatcher to try twice more with both receivers up");
            assertEquals(hookTries, hooks.requests(), "no webhook went while the database was down");
            assertEquals(mailTries, mail.offers(recipient), "no mail went while the database was down");
            await(steps::get, done -> done >= stepsBefore + 25,
                    "the work to go on while its progress cannot be recorded");
            finish.countDown();
            await(outcomeWaits::count, waits -> waits > 0, "the work, ended, to wait to record its outcome");

            outage.end();
            outage = null;

            await(() -> readiness(-1), "UP"::equals, "health to say UP again");
            Delivery sentHook = awaitDelivery(hook);
            assertEquals(hookTries + 1, hooks.requests(), "the webhook went once more");
            assertEquals(hookTries + 1, sentHook.attempts(), "no attempt counted while the database was down");
            Delivery sentMail = awaitDelivery(letter);
            assertEquals(mailTries + 1, mail.offers(recipient), "the mail went once more");
            assertEquals(mailTries + 1, sentMail.attempts(), "no attempt counted while the database was down");
            assertEquals(1, mail.messages().stream().filter(message -> message.contains("X-Tenantry-Delivery: "
                    + letter)).count(), "the mail arrived once: " + mail.messages());
            WorkStatus done = await(() -> works.status(PLUGIN, work).orElseThrow(),
                    status -> !"RUNNING".equals(status.state()), "the work's outcome to be recorded");
            assertEquals("SUCCESS", done.state(), done.message());
            assertEquals("counted " + steps.get() + " through the outage", done.message());
        } finally {
            if (outage != null) {
                outage.end();
            }
            hooks.stop();
            mail.close();
            failedTicks.stop();
            outcomeWaits.stop();
            Files.deleteIfExists(jar);
            lifecycle.rescan();
        }
    }

    @Test
    void pagesAndTheApiSayTemporarilyUnavailableWhileTheDatabaseIsDown() throws Exception {
        HttpClient browser = HttpSignIn.signIn(OWNER);
        HttpRequest page = HttpRequest.newBuilder(Deployments.http().resolve("tenants/index.xhtml")).build();
        HttpRequest api = HttpRequest.newBuilder(Deployments.http().resolve("api/tenants"))
                .header("Authorization", "Bearer tnt_" + "0".repeat(43)).build();
        assertEquals(200, browser.send(page, HttpResponse.BodyHandlers.ofString()).statusCode());

        Outage outage = Outage.begin(dataSource);
        try {
            HttpResponse<String> unavailable = browser.send(page, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, unavailable.statusCode(), unavailable.body());
            assertEquals("30", unavailable.headers().firstValue("Retry-After").orElse(null));
            assertTrue(unavailable.body().contains("Temporarily unavailable")
                    && unavailable.body().contains("cannot reach its database"), unavailable.body());
            HttpResponse<String> problem = browser.send(api, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, problem.statusCode(), problem.body());
            assertEquals("30", problem.headers().firstValue("Retry-After").orElse(null));
            assertTrue(problem.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(problem.body().contains("The database is out of reach"), problem.body());
        } finally {
            outage.end();
        }

        assertEquals(200, await(() -> send(browser, page).statusCode(), status -> status == 200,
                "the same session to see the page again"));
        assertEquals(401, browser.send(api, HttpResponse.BodyHandlers.ofString()).statusCode(),
                "an unknown token is refused again once the database is back");
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs work as it is, on the worker thread: this test acts through an API token, not a signed-in session. */
    private static final PluginWorks.Runner AS_STARTED = new PluginWorks.Runner() {
        @Override
        public <T> T as(String user, Callable<T> body) throws Exception {
            return body.call();
        }
    };

    /** A plugin that brings nothing but itself, approved by two Owners and running: work is started in its name. */
    private Path installAndApprove() {
        Path folder = Path.of(ConfigProvider.getConfig().getValue("tenantry.plugins.dir", String.class));
        Path jar = PluginJarWriter.write(folder, PLUGIN + ".jar", PLUGIN, "1.0.0", ">=1.0.0", null,
                PluginJarWriter.manifest(PLUGIN, "User.Read"));
        lifecycle.rescan();
        PluginLifecycle.Review review = lifecycle.approve(PLUGIN);
        if (review.waitsForSecondOwner()) {
            ApprovalRequest decided = ledger.approve(SECOND_OWNER, List.of(), review.request().id(), null);
            assertEquals(ApprovalRequest.Status.APPROVED, decided.status(), decided.outcome());
        }
        return jar;
    }

    /**
     * Waits until both deliveries wait to be tried again, neither due within {@link #QUIET}; returns when the first of
     * them is due.
     */
    private Instant awaitQuiet(String... ids) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            List<Delivery> deliveries = java.util.Arrays.stream(ids).map(id -> notifications.find(id).orElseThrow())
                    .toList();
            Instant due = deliveries.stream().map(Delivery::nextAttemptAt).filter(java.util.Objects::nonNull)
                    .min(Instant::compareTo).orElse(Instant.MIN);
            if (deliveries.stream().allMatch(d -> "RETRYING".equals(d.state()))
                    && due.isAfter(Instant.now().plus(QUIET))) {
                return due;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The deliveries never waited quietly to be tried again: "
                + java.util.Arrays.stream(ids).map(notifications::find).toList());
    }

    private Delivery awaitDelivery(String id) throws InterruptedException {
        return await(() -> notifications.find(id).orElseThrow(), delivery -> "SENT".equals(delivery.state()),
                id + " to be sent");
    }

    /**
     * The status of readiness and of the database check in it, which must agree; {@code expectedStatus} the HTTP
     * status, or -1 for any.
     */
    private static String readiness(int expectedStatus) {
        HttpResponse<String> health = send(HttpClient.newHttpClient(),
                HttpRequest.newBuilder(Deployments.management().resolve("health/ready")).build());
        if (expectedStatus != -1) {
            assertEquals(expectedStatus, health.statusCode(), health.body());
        }
        JsonObject ready;
        try (JsonReader reader = Json.createReader(new StringReader(health.body()))) {
            ready = reader.readObject();
        }
        String database = ready.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(check -> check.getString("name").equals("tenantry-database")).findFirst()
                .orElseThrow(() -> new AssertionError("no tenantry-database check in " + health.body()))
                .getString("status");
        assertEquals(ready.getString("status"), database, health.body());
        return database;
    }

    /**
     * H2's exclusive mode, held by one connection of the portal's pool: the others are closed and no new one is let
     * in until it ends.
     */
    private record Outage(Connection holder) {

        static Outage begin(DataSource dataSource) throws SQLException {
            Connection holder = dataSource.getConnection();
            try (Statement statement = holder.createStatement()) {
                statement.execute("SET EXCLUSIVE 2");
            } catch (SQLException | RuntimeException e) {
                holder.close();
                throw e;
            }
            return new Outage(holder);
        }

        void end() throws SQLException {
            try (Statement statement = holder.createStatement()) {
                statement.execute("SET EXCLUSIVE 0");
            } finally {
                holder.close();
            }
        }
    }

    /** A webhook receiver on the loopback address: 503 to every request until opened, then 204; counts requests. */
    private static final class Receiver {

        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();
        private volatile boolean open;

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            Receiver receiver = new Receiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0), 0));
            receiver.server.createContext("/hook", exchange -> {
                exchange.getRequestBody().readAllBytes();
                receiver.requests.incrementAndGet();
                exchange.sendResponseHeaders(receiver.open ? 204 : 503, -1);
                exchange.close();
            });
            receiver.server.start();
            return receiver;
        }

        URI address() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        int requests() {
            return requests.get();
        }

        void open() {
            open = true;
        }

        void stop() {
            server.stop(0);
        }
    }

    /** Counts warnings a class of the portal logs that start with, or hold, a text. */
    private static final class LogWatch extends Handler {

        private final Logger logger;
        private final String text;
        private final AtomicInteger count = new AtomicInteger();

        private LogWatch(Logger logger, String text) {
            this.logger = logger;
            this.text = text;
        }

        static LogWatch of(Class<?> type, String text) {
            LogWatch watch = new LogWatch(Logger.getLogger(type.getName()), text);
            watch.logger.addHandler(watch);
            return watch;
        }

        int count() {
            return count.get();
        }

        void stop() {
            logger.removeHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getMessage() != null
                    && record.getMessage().contains(text)) {
                count.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
