package dev.tenantry.portal.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.RequestCaller;
import dev.tenantry.portal.notify.internal.DeliveryOutbox;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A webhook to a refused address is refused when queued and fails at once with its reason when sent; only staff who
 * read the delivery log see reasons.
 */
class NotificationsTest {

    private static final String SECRET = "whsec_dGVzdC1zZWNyZXQtMDEyMzQ1Njc4OS1hYmNkZWY=";

    /** What the outbox was asked to do. */
    private final List<String> outboxCalls = new ArrayList<>();
    private final List<DeliveryOutbox.Due> due = new ArrayList<>();
    private final Map<String, Delivery> stored = new java.util.HashMap<>();
    private Set<String> portalWidePermissions = Set.of();
    private boolean inARequest = true;

    private final Notifications notifications = notifications();

    private Notifications notifications() {
        Notifications made = new Notifications();
        made.outbox = new DeliveryOutbox() {
            @Override
            public void queue(String id, String pluginId, String channel, String target, String subject, String body,
                    String secretSealed, String requestedBy) {
                outboxCalls.add("queue " + target);
            }

            @Override
            public List<Due> claimDue(int max, boolean mailReady) {
                List<Due> claimed = List.copyOf(due);
                due.clear();
                return claimed;
            }

            @Override
            public void attempted(String id, String state, Instant next, String error) {
                outboxCalls.add(state + (next == null ? "" : " again") + ": " + error);
            }

            @Override
            public Optional<Delivery> find(String id) {
                return Optional.ofNullable(stored.get(id));
            }
        };
        made.secrets = new SecretBox(Map.of("k1", new byte[32]), "k1");
        made.access = new AccessControl() {
            @Override
            public Set<String> callerPermissions(String tenantId) {
                return tenantId == null ? portalWidePermissions : Set.of(Permissions.PLUGINS_MANAGE);
            }
        };
        made.caller = new RequestCaller() {
            @Override
            public Optional<CurrentStaff> staff() {
                return inARequest ? Optional.of(new CurrentStaff()) : Optional.empty();
            }
        };
        made.tick = Duration.ofSeconds(10);
        made.firstRetry = Duration.ofSeconds(30);
        made.maxAttempts = 7;
        made.allowedHosts = Optional.empty();
        made.smtpHost = Optional.empty();
        made.smtpUser = Optional.empty();
        made.smtpPassword = Optional.empty();
        made.from = "tenantry@localhost";
        made.init();
        return made;
    }

    @Test
    void aWebhookToAPrivateOrMetadataAddressIsRefusedWhenQueued() {
        for (String url : List.of("https://10.0.0.5/hook", "https://169.254.169.254/latest/meta-data/",
                "https://[::ffff:127.0.0.1]/hook", "https://localhost/hook", "https://metadata.google.internal/")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> notifications.queueWebhook("threat-alerts", URI.create(url), SECRET, "{}", "ann"), url);
            assertTrue(refused.getMessage().startsWith("refused: ")
                    && refused.getMessage().endsWith("list the host in tenantry.webhooks.allowed-hosts to allow it"),
                    refused.getMessage());
        }
        assertEquals("refused: 10.0.0.5 is a private address; list the host in tenantry.webhooks.allowed-hosts to "
                + "allow it", assertThrows(IllegalArgumentException.class, () -> notifications.queueWebhook(
                        "threat-alerts", URI.create("https://10.0.0.5/hook"), SECRET, "{}", "ann")).getMessage());
        assertEquals(List.of(), outboxCalls, "nothing queued");
    }

    @Test
    void aRefusedDeliveryFailsWithItsReasonAndIsNotTriedAgain() {
        String sealed = notifications.secrets.seal(SECRET, "webhook-secret:msg_1");
        due.add(new DeliveryOutbox.Due("msg_1", "WEBHOOK", "https://10.0.0.5/hook", null, "{}", sealed, 1, false,
                null));

        notifications.deliverDue();

        assertEquals(List.of("FAILED: refused: 10.0.0.5 is a private address; list the host in "
                + "tenantry.webhooks.allowed-hosts to allow it"), outboxCalls);
    }

    @Test
    void staffWhoDoNotManagePluginsInAllTenantsSeeWhetherADeliveryWentButNotWhy() {
        Instant now = Instant.now();
        stored.put("msg_1", new Delivery("msg_1", "threat-alerts", "WEBHOOK", "https://hooks.example/x", null,
                "RETRYING", 2, "ann", now, now, now.plusSeconds(60),
                "No answer from intranet.example: ConnectException Connection refused", false, null));
        stored.put("msg_2", new Delivery("msg_2", "threat-alerts", "WEBHOOK", "https://hooks.example/x", null,
                "SENT", 1, "ann", now, now, null, "", false, null));

        assertEquals("not delivered", notifications.findForCaller("msg_1").orElseThrow().lastError(),
                "plugins:manage in some tenants only");
        assertEquals("RETRYING", notifications.findForCaller("msg_1").orElseThrow().state());
        assertEquals("", notifications.findForCaller("msg_2").orElseThrow().lastError());

        portalWidePermissions = Set.of(Permissions.PLUGINS_MANAGE);
        assertEquals("No answer from intranet.example: ConnectException Connection refused",
                notifications.findForCaller("msg_1").orElseThrow().lastError(), "plugins:manage in all tenants");

        inARequest = false;
        assertEquals("not delivered", notifications.findForCaller("msg_1").orElseThrow().lastError(),
                "work outside a request");
    }
}
