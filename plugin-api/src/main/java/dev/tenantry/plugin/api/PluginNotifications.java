package dev.tenantry.plugin.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mail and webhooks from a plugin. Each is queued and delivered by the host, again with growing pauses when the mail
 * server or the receiver does not take it, and kept in the delivery log on Settings → Notifications; nothing is lost
 * when the receiver is down or no mail server is configured yet (a {@link #secretMail secret mail} waits only for its
 * lifetime).
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
     * Queues a plain-text mail whose text is a secret, such as a new password, through Tenantry's mail server. The
     * host keeps the text sealed with its rotating AES-256-GCM keys (as it keeps webhook secrets), never shows it in
     * the delivery log (which shows the recipients, the subject, the state and "sealed content"), and erases it as soon
     * as the mail was sent or given up, so it cannot be sent again. It is given up, with the reason in the log, when
     * it was not sent within the installation's lifetime for secret mail (an hour unless the installation sets
     * {@code tenantry.notifications.secret-mail-lifetime}): a password that arrives a day late is a risk, not a help.
     * While no mail server is configured it waits (HELD) for one, for that lifetime at most. The subject is not
     * sealed: keep the secret out of it.
     *
     * @param to      addresses (at most 50)
     * @param subject one line, without the secret
     * @param text    the body, plain text, at most 16,384 characters
     * @return the delivery's id
     * @throws IllegalArgumentException for an address that is not one, or nothing to send
     * @since 1.8.0
     */
    String secretMail(List<String> to, String subject, String text);

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
