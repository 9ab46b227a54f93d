package dev.tenantry.portal.notify;

import java.time.Instant;

/**
 * A queued mail or webhook as the delivery log shows it: never the signing secret, nor what was sent.
 *
 * @param channel   MAIL or WEBHOOK
 * @param target    the addresses (comma separated) or the URL
 * @param state     QUEUED, SENDING, SENT, RETRYING, HELD or FAILED
 * @param lastError why the last attempt failed (a refusal, a connection error, the receiver's answer); empty after
 *                  success
 * @param sealed    a secret mail: its text kept sealed, erased once sent or given up, never sent again
 * @param expiresAt when a secret mail not sent yet is given up; {@code null} for other deliveries
 */
public record Delivery(String id, String pluginId, String channel, String target, String subject, String state,
        int attempts, String requestedBy, Instant createdAt, Instant lastAttemptAt, Instant nextAttemptAt,
        String lastError, boolean sealed, Instant expiresAt) {

    /** What staff see instead of the reason an attempt failed when they may not read the delivery log. */
    public static final String NOT_DELIVERED = "not delivered";

    /**
     * This delivery as staff see it who do not hold {@code plugins:manage} in all tenants: whether it went, not why an
     * attempt failed. Connection errors and refusals name the MSP's internal hosts, addresses and ports, which a
     * technician of some tenants could otherwise probe by entering webhook addresses.
     */
    public Delivery withoutReason() {
        return new Delivery(id, pluginId, channel, target, subject, state, attempts, requestedBy, createdAt,
                lastAttemptAt, nextAttemptAt, lastError == null || lastError.isEmpty() ? "" : NOT_DELIVERED, sealed,
                expiresAt);
    }
}
