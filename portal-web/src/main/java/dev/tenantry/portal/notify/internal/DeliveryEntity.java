package dev.tenantry.portal.notify.internal;

import dev.tenantry.portal.notify.Delivery;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;

/**
 * A row of {@code notification_delivery}, and what becomes of it after an attempt or when a secret mail's lifetime
 * ends. A secret mail's body is sealed ({@link #sealed}) and erased once the mail was sent or given up.
 */
@Entity
@Table(name = "notification_delivery")
public class DeliveryEntity {

    /** Why a secret mail that waited for a mail server was given up. */
    public static final String EXPIRED_HELD = "Given up: no mail server was configured (tenantry.mail.smtp.host) "
            + "within the secret mail's lifetime; its sealed content was erased, so it cannot be sent again";
    /** Why a secret mail that was not sent in time was given up (the last attempt's error follows in the log). */
    public static final String EXPIRED = "Given up: not sent within the secret mail's lifetime; its sealed content "
            + "was erased, so it cannot be sent again";
    private static final Set<String> WAITING = Set.of("QUEUED", "RETRYING", "HELD");

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "plugin_id", nullable = false, length = 40)
    String pluginId;

    @Column(nullable = false, length = 8)
    String channel;

    @Column(nullable = false, length = 4000)
    String target;

    @Column(length = 300)
    String subject;

    /** The text or JSON sent; for a secret mail the sealed text, {@code null} once it was sent or given up. */
    @Column(length = 262144)
    String body;

    @Column(nullable = false)
    boolean sealed;

    /** When a secret mail not sent yet is given up; {@code null} for other deliveries. */
    @Column(name = "expires_at")
    Instant expiresAt;

    @Column(name = "secret_sealed", length = 1000)
    String secretSealed;

    @Column(nullable = false, length = 10)
    String state;

    @Column(nullable = false)
    int attempts;

    @Column(name = "requested_by", length = 320)
    String requestedBy;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "last_attempt_at")
    Instant lastAttemptAt;

    @Column(name = "next_attempt_at")
    Instant nextAttemptAt;

    @Column(name = "last_error", length = 1000)
    String lastError;

    protected DeliveryEntity() {
    }

    DeliveryEntity(String id, String pluginId, String channel, String target, String subject, String body,
            String secretSealed, String requestedBy, Instant now) {
        this.id = id;
        this.pluginId = pluginId;
        this.channel = channel;
        this.target = target;
        this.subject = subject;
        this.body = body;
        this.secretSealed = secretSealed;
        this.requestedBy = requestedBy;
        this.state = "QUEUED";
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    /** A secret mail: {@code sealedBody} is its text sealed for this delivery; given up at {@code expiresAt}. */
    static DeliveryEntity secretMail(String id, String pluginId, String target, String subject, String sealedBody,
            String requestedBy, Instant now, Instant expiresAt) {
        DeliveryEntity mail = new DeliveryEntity(id, pluginId, "MAIL", target, subject, sealedBody, null, requestedBy,
                now);
        mail.sealed = true;
        mail.expiresAt = expiresAt;
        return mail;
    }

    /**
     * Ends an attempt: {@code state} SENT, RETRYING (with {@code next}), HELD or FAILED. What only sending needed goes
     * once sent: the webhook's signing secret, and a secret mail's sealed body also when it is given up (FAILED), so a
     * secret mail is never sent twice nor kept.
     */
    void attempted(String state, Instant next, String error) {
        this.state = state;
        this.nextAttemptAt = next;
        this.lastError = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        if ("SENT".equals(state)) {
            secretSealed = null;
        }
        if (sealed && ("SENT".equals(state) || "FAILED".equals(state))) {
            body = null;
        }
        if ("HELD".equals(state)) {
            attempts = Math.max(0, attempts - 1);
        }
    }

    /**
     * Gives up a secret mail whose lifetime has ended at {@code now} while it waited (QUEUED, RETRYING, or HELD for a
     * mail server): FAILED with the reason, its sealed body erased. Whether it did.
     */
    boolean expire(Instant now) {
        if (!sealed || expiresAt == null || now.isBefore(expiresAt) || !WAITING.contains(state)) {
            return false;
        }
        attempted("FAILED", null, "HELD".equals(state) ? EXPIRED_HELD : EXPIRED + ". Last attempt: "
                + (lastError == null ? "none" : lastError));
        return true;
    }

    /** It as the delivery log shows it: neither the body nor a secret. */
    Delivery view() {
        return new Delivery(id, pluginId, channel, target, subject, state, attempts, requestedBy, createdAt,
                lastAttemptAt, nextAttemptAt, lastError == null ? "" : lastError, sealed, expiresAt);
    }
}
