package dev.tenantry.plugin.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mail and webhooks from a plugin. Each is queued and delivered by the host, again with growing pauses when the mail
 * server or the receiver does not take it, and kept in the delivery log on Settings → Notifications; nothing is lost
 * when the receiver is down or no mail server is configured yet.
 *
 * <p>Webhooks follow the Standard Webhooks signature scheme: each POST carries {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">} with the secret), signed again at each attempt. The secret is kept encrypted.
 */
public interface PluginNotifications {

    /**
     * Queues a plain-text mail.
     *
     * @param to      addresses (at most 50)
     * @param subject one line
     * @param text    the body, plain text
     * @return the delivery's id
     * @throws IllegalArgumentException for an address that is not one, or nothing to send
     */
    String mail(List<String> to, String subject, String text);

    /**
     * Queues a webhook: a POST of {@code json} to {@code url}, signed with {@code secret}.
     *
     * @param url    an {@code https} address (plain {@code http} only where the installation allows it)
     * @param secret the signing secret shared with the receiver, at least 24 characters; {@code whsec_} + base64 is
     *               taken as those bytes, anything else as its UTF-8 bytes
     * @param json   the body, a JSON document of at most 64 KiB
     * @return the delivery's id
     * @throws IllegalArgumentException for an address that is not one, or that is or resolves to one webhooks may not
     *                                  go to (the server itself, a private network, a cloud metadata service) unless
     *                                  the installation allows the host; such an address found when sending fails the
     *                                  delivery without another attempt
     */
    String webhook(URI url, String secret, String json);

    /**
     * The absolute address of a portal page, for links in mails and webhooks: the portal's public address
     * ({@code tenantry.portal.url}) followed by {@code path}.
     *
     * @param path a path inside the portal starting with {@code /}, e.g. {@code /threat-alerts/incident.xhtml?id=1}
     * @since 1.2.0
     */
    URI link(String path);

    /** What became of a delivery of this plugin. */
    Optional<Delivery> delivery(String deliveryId);

    /**
     * A delivery as the log shows it.
     *
     * @param state       QUEUED, SENT, RETRYING (a failed attempt; another is due at {@code nextAttempt}), HELD
     *                    (cannot be sent as configured, e.g. no mail server; sent once it can) or FAILED (given up)
     * @param lastError   why the last attempt failed; empty after success. Only staff who hold
     *                    {@code plugins:manage} in all tenants read the reason; others read {@code not delivered}
     */
    record Delivery(String id, String channel, String target, String state, int attempts, Instant createdAt,
            Instant lastAttemptAt, Instant nextAttemptAt, String lastError) {
    }
}
