package dev.tenantry.portal.notify.internal;

import dev.tenantry.portal.notify.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The delivery outbox over rows kept in memory, for tests of what the host does with deliveries: the rows are the
 * outbox's own {@link DeliveryEntity} objects, changed by their own methods after an attempt or when a secret mail's
 * lifetime ends, and claimed and sent again under the conditions the outbox's queries state. {@link #row} shows a row
 * as it would be stored, body and all.
 */
public final class MemoryOutbox extends DeliveryOutbox {

    /** One row of {@code notification_delivery} as stored. */
    public record Row(String state, String body, boolean sealed, Instant expiresAt, String lastError, int attempts) {
    }

    private final Map<String, DeliveryEntity> rows = new LinkedHashMap<>();

    @Override
    public void queue(String id, String pluginId, String channel, String target, String subject, String body,
            String secretSealed, String requestedBy) {
        rows.put(id, new DeliveryEntity(id, pluginId, channel, target, subject, body, secretSealed, requestedBy,
                Instant.now()));
    }

    @Override
    public void queueSealed(String id, String pluginId, String target, String subject, String sealedBody,
            String requestedBy, Instant expiresAt) {
        rows.put(id, DeliveryEntity.secretMail(id, pluginId, target, subject, sealedBody, requestedBy, Instant.now(),
                expiresAt));
    }

    @Override
    public List<Due> claimDue(int max, boolean mailReady) {
        Instant now = Instant.now();
        rows.values().forEach(row -> row.expire(now));
        List<Due> claimed = new ArrayList<>();
        rows.values().stream().filter(row -> (Set.of("QUEUED", "RETRYING").contains(row.state)
                && !row.nextAttemptAt.isAfter(now)) || (mailReady && "HELD".equals(row.state)
                && "MAIL".equals(row.channel))).sorted(Comparator.comparing(row -> row.nextAttemptAt == null
                ? Instant.MIN : row.nextAttemptAt)).limit(max).forEach(row -> {
                    row.state = "SENDING";
                    row.lastAttemptAt = now;
                    row.attempts++;
                    claimed.add(due(row));
                });
        return claimed;
    }

    @Override
    public void attempted(String id, String state, Instant next, String error) {
        Optional.ofNullable(rows.get(id)).ifPresent(row -> row.attempted(state, next, error));
    }

    @Override
    public boolean retry(String id) {
        DeliveryEntity row = rows.get(id);
        if (row == null || !Set.of("HELD", "FAILED").contains(row.state) || row.body == null) {
            return false;
        }
        row.state = "RETRYING";
        row.nextAttemptAt = Instant.now();
        return true;
    }

    @Override
    public Optional<Delivery> find(String id) {
        return Optional.ofNullable(rows.get(id)).map(DeliveryEntity::view);
    }

    @Override
    public List<Delivery> recent(String pluginId, String state, int first, int max) {
        return rows.values().stream().filter(row -> (pluginId == null || pluginId.equals(row.pluginId))
                && (state == null || state.equals(row.state))).sorted(Comparator.comparing((DeliveryEntity row) ->
                row.createdAt).reversed()).skip(first).limit(max).map(DeliveryEntity::view).toList();
    }

    @Override
    public int count(String pluginId, String state) {
        return (int) rows.values().stream().filter(row -> (pluginId == null || pluginId.equals(row.pluginId))
                && (state == null || state.equals(row.state))).count();
    }

    /** A delivery's row as it would be stored. */
    public Row row(String id) {
        DeliveryEntity row = rows.get(id);
        return new Row(row.state, row.body, row.sealed, row.expiresAt, row.lastError, row.attempts);
    }

    /** Makes a delivery waiting for its next attempt due now, as if the pause had passed. */
    public void dueNow(String id) {
        rows.get(id).nextAttemptAt = Instant.now().minusMillis(1);
    }

    /** Moves a delivery's lifetime end to {@code at}, as if the time had passed. */
    public void expiresAt(String id, Instant at) {
        rows.get(id).expiresAt = at;
    }
}
