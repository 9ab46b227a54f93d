package dev.tenantry.portal.notify;

import java.time.Instant;

/**
 * A queued mail or webhook as the delivery log shows it: never the signing secret.
 *
 * @param channel MAIL or WEBHOOK
 * @param target  the addresses (comma separated) or the URL
 * @param state   QUEUED, SENDING, SENT, RETRYING, HELD or FAILED
 */
public record Delivery(String id, String pluginId, String channel, String target, String subject, String state,
        int attempts, String requestedBy, Instant createdAt, Instant lastAttemptAt, Instant nextAttemptAt,
        String lastError) {
}
