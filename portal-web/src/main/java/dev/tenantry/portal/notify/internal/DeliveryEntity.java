package dev.tenantry.portal.notify.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code notification_delivery}. */
@Entity
@Table(name = "notification_delivery")
public class DeliveryEntity {

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

    @Column(nullable = false, length = 262144)
    String body;

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
}
