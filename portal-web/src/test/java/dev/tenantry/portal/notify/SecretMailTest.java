package dev.tenantry.portal.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.notify.internal.DeliveryEntity;
import dev.tenantry.portal.notify.internal.MemoryOutbox;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A secret mail (a new password) through the outbox's rows and a real SMTP server (GreenMail): its text is stored
 * sealed and nowhere in the delivery log, the mail server receives it as written, and it is erased once sent or given
 * up; it is given up after its lifetime, whether it waited for a mail server or for its next attempt, and one sent or
 * given up cannot be sent again. Nothing logged holds it.
 */
class SecretMailTest {

    private static final String PASSWORD = "Qx7!mTz4#Lp9vWa2";
    private static final String TEXT = "Sign in with this password; you will be asked to choose a new one at once:\r\n"
            + "\r\n" + PASSWORD + "\r\n";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("tenantry", "mail-secret"));

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Jakarta Mail's SMTP protocol trace, which logs what is sent at FINEST. */
    private static final Logger PROTOCOL_TRACE = Logger.getLogger("org.eclipse.angus.mail.smtp.protocol");

    private MemoryOutbox outbox;
    private Level rootLevel;

    /** Everything logged at every level, but the SMTP protocol trace off, as a server runs. */
    @BeforeEach
    void arrange() {
        outbox = new MemoryOutbox();
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        PROTOCOL_TRACE.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        PROTOCOL_TRACE.setLevel(null);
    }

    /** The host's notifications on this test's outbox, with a mail server logging in as {@code password}. */
    private Notifications notifications(Optional<String> smtpHost, String password) {
        Notifications made = new Notifications();
        made.outbox = outbox;
        made.secrets = new SecretBox(Map.of("k1", new byte[32]), "k1");
        made.tick = Duration.ofSeconds(10);
        made.firstRetry = Duration.ofSeconds(30);
        made.maxAttempts = 7;
        made.secretMailLifetime = Duration.ofHours(1);
        made.allowedHosts = Optional.empty();
        made.smtpHost = smtpHost;
        made.smtpPort = ServerSetupTest.SMTP.getPort();
        made.smtpUser = Optional.of("tenantry");
        made.smtpPassword = Optional.of(password);
        made.from = "Tenantry <tenantry@northwind-msp.example>";
        made.init();
        return made;
    }

    private Notifications withMailServer() {
        return notifications(Optional.of("localhost"), "mail-secret");
    }

    private String queue(Notifications notifications) {
        return notifications.queueSecretMail("user-management", List.of("adele.home@example.org"),
                "Your new password for adele.vance@contoso.example", TEXT, "tech@northwind-msp.example");
    }

    private void assertNothingLoggedHoldsThePassword() {
        for (LogRecord record : logged) {
            String said = record.getMessage() + " " + (record.getParameters() == null ? ""
                    : List.of(record.getParameters())) + " " + (record.getThrown() == null ? ""
                    : record.getThrown().toString());
            assertFalse(said.contains(PASSWORD), record.getLoggerName() + " " + record.getLevel() + " logged: " + said);
        }
    }

    @Test
    void theTextIsSealedInTheDatabaseAndTheLogShowsOnlyThatItIsSealed() {
        Notifications notifications = withMailServer();
        Instant before = Instant.now();

        String id = queue(notifications);

        MemoryOutbox.Row row = outbox.row(id);
        assertTrue(row.sealed());
        assertEquals("QUEUED", row.state());
        assertFalse(row.body().contains(PASSWORD), "the database never holds the text in clear");
        assertTrue(row.body().startsWith("v1.k1."), row.body());
        assertEquals(TEXT, notifications.secrets.open(row.body(), "secret-mail:" + id), "sealed for this delivery");
        assertThrows(RuntimeException.class, () -> notifications.secrets.open(row.body(), "secret-mail:other"),
                "a sealed body copied to another delivery does not open");
        assertFalse(row.expiresAt().isBefore(before.plus(Duration.ofHours(1))));
        assertTrue(row.expiresAt().isBefore(Instant.now().plus(Duration.ofHours(1)).plusSeconds(1)));

        Delivery shown = outbox.recent(null, null, 0, 10).get(0);
        assertTrue(shown.sealed());
        assertEquals("adele.home@example.org", shown.target());
        assertEquals("Your new password for adele.vance@contoso.example", shown.subject());
        assertFalse(shown.toString().contains(PASSWORD), "the delivery log never shows the text");
        assertNothingLoggedHoldsThePassword();
    }

    @Test
    void theMailServerReceivesTheTextAndTheDatabaseForgetsItOnceSent() throws Exception {
        Notifications notifications = withMailServer();
        String id = queue(notifications);

        notifications.deliverDue();

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("Your new password for adele.vance@contoso.example", received[0].getSubject());
        assertTrue(GreenMailUtil.getBody(received[0]).contains(PASSWORD), GreenMailUtil.getBody(received[0]));
        assertEquals("adele.home@example.org", received[0].getAllRecipients()[0].toString());
        MemoryOutbox.Row row = outbox.row(id);
        assertEquals("SENT", row.state());
        assertNull(row.body(), "erased once sent");
        assertFalse(notifications.retry(id), "a sent secret mail cannot be sent again");
        notifications.deliverDue();
        assertEquals(1, SMTP.getReceivedMessages().length);
        assertNothingLoggedHoldsThePassword();
    }

    @Test
    void aSecretMailWaitingForAMailServerIsGivenUpAfterItsLifetimeWithTheReason() {
        Notifications notifications = notifications(Optional.empty(), "");
        String id = queue(notifications);

        notifications.deliverDue();

        MemoryOutbox.Row held = outbox.row(id);
        assertEquals("HELD", held.state());
        assertTrue(held.body().startsWith("v1."), "kept sealed while it may still go");
        assertTrue(notifications.retry(id), "a held one may be sent again while it lives");
        notifications.deliverDue();
        assertEquals("HELD", outbox.row(id).state());

        outbox.expiresAt(id, Instant.now().minusSeconds(1));
        notifications.deliverDue();

        MemoryOutbox.Row given = outbox.row(id);
        assertEquals("FAILED", given.state());
        assertNull(given.body(), "erased when given up");
        assertEquals(DeliveryEntity.EXPIRED_HELD, given.lastError());
        assertTrue(given.lastError().contains("no mail server was configured (tenantry.mail.smtp.host)"));
        assertFalse(notifications.retry(id), "a given-up secret mail cannot be sent again");
        Delivery shown = notifications.find(id).orElseThrow();
        assertEquals("FAILED", shown.state());
        assertTrue(shown.sealed());
        assertNothingLoggedHoldsThePassword();
    }

    @Test
    void aSecretMailTheServerRefusesIsRetriedWithinItsLifetimeAndThenGivenUp() {
        Notifications notifications = notifications(Optional.of("localhost"), "wrong");
        String id = queue(notifications);

        notifications.deliverDue();

        MemoryOutbox.Row retrying = outbox.row(id);
        assertEquals("RETRYING", retrying.state(), retrying.lastError());
        assertTrue(retrying.body().startsWith("v1."), "kept sealed for the next attempt");
        assertTrue(retrying.lastError().startsWith("The mail server refused or did not answer"));

        outbox.expiresAt(id, Instant.now().minusSeconds(1));
        notifications.deliverDue();

        MemoryOutbox.Row given = outbox.row(id);
        assertEquals("FAILED", given.state());
        assertNull(given.body());
        assertTrue(given.lastError().startsWith(DeliveryEntity.EXPIRED + ". Last attempt: The mail server refused"),
                given.lastError());
        assertEquals(0, SMTP.getReceivedMessages().length);
        assertNothingLoggedHoldsThePassword();
    }

    @Test
    void aSecretMailWhoseNextAttemptWouldComeAfterItsLifetimeIsGivenUpAtOnce() {
        Notifications notifications = notifications(Optional.of("localhost"), "wrong");
        notifications.secretMailLifetime = Duration.ofSeconds(20);
        String id = queue(notifications);

        notifications.deliverDue();

        MemoryOutbox.Row given = outbox.row(id);
        assertEquals("FAILED", given.state(), "the next attempt would be after 30 seconds");
        assertNull(given.body());
        assertTrue(given.lastError().contains("given up after 1 attempts: the next would come after the secret "
                + "mail's lifetime"), given.lastError());
    }

    @Test
    void aSecretMailIsNotSentWhileTheSmtpProtocolTraceWouldLogIt() {
        Notifications notifications = withMailServer();
        String id = queue(notifications);
        PROTOCOL_TRACE.setLevel(Level.FINEST);

        notifications.deliverDue();

        MemoryOutbox.Row waiting = outbox.row(id);
        assertEquals("RETRYING", waiting.state());
        assertTrue(waiting.lastError().startsWith("Not sent while the SMTP protocol trace is on"), waiting.lastError());
        assertTrue(waiting.body().startsWith("v1."), "kept sealed for the next attempt");
        assertEquals(0, SMTP.getReceivedMessages().length);
        assertNothingLoggedHoldsThePassword();

        PROTOCOL_TRACE.setLevel(Level.INFO);
        outbox.dueNow(id);
        notifications.deliverDue();

        assertEquals("SENT", outbox.row(id).state(), outbox.row(id).lastError());
        assertEquals(1, SMTP.getReceivedMessages().length);
        assertNothingLoggedHoldsThePassword();
    }

    @Test
    void aPlainMailKeepsItsTextAndCanBeSentAgainAfterFailing() {
        Notifications notifications = notifications(Optional.of("localhost"), "wrong");
        notifications.maxAttempts = 1;
        String id = notifications.queueMail("threat-alerts", List.of("soc@northwind-msp.example"), "New incident",
                "An incident was opened.", "plugin:threat-alerts");

        notifications.deliverDue();

        MemoryOutbox.Row failed = outbox.row(id);
        assertEquals("FAILED", failed.state());
        assertFalse(failed.sealed());
        assertEquals("An incident was opened.", failed.body());
        assertTrue(notifications.retry(id));
    }

    @Test
    void aSecretMailNeedsRecipientsASubjectOfOneLineAndAShortText() {
        Notifications notifications = withMailServer();

        assertThrows(IllegalArgumentException.class, () -> notifications.queueSecretMail("user-management",
                List.of("not an address"), "Subject", TEXT, "tech"));
        assertThrows(IllegalArgumentException.class, () -> notifications.queueSecretMail("user-management",
                List.of("adele.home@example.org"), "Subject\r\nBcc: x@example.org", TEXT, "tech"));
        assertThrows(IllegalArgumentException.class, () -> notifications.queueSecretMail("user-management",
                List.of("adele.home@example.org"), "Subject", "", "tech"));
        assertThrows(IllegalArgumentException.class, () -> notifications.queueSecretMail("user-management",
                List.of("adele.home@example.org"), "Subject", "x".repeat(16 * 1024 + 1), "tech"));
        assertEquals(0, outbox.count(null, null), "nothing queued");
    }
}
