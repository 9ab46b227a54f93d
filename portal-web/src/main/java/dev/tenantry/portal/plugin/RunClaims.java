package dev.tenantry.portal.plugin;

import dev.tenantry.portal.plugin.internal.JpaRunClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Runs of plugin work that must not overlap, across the schedule, "… now" buttons and several servers: a claim on a
 * plugin's key in a tenant, held in the database while a run goes on and for at most its lease if the run dies.
 */
@ApplicationScoped
public class RunClaims {

    static final Duration SHORTEST = Duration.ofMinutes(1);
    static final Duration LONGEST = Duration.ofDays(1);

    @Inject
    JpaRunClaims store;

    /**
     * Runs {@code body} holding the claim on {@code pluginId}'s {@code key} in {@code tenantId}; nothing (empty) when
     * someone holds it.
     */
    public <T> Optional<T> exclusively(String pluginId, String tenantId, String key, Duration lease, Callable<T> body)
            throws Exception {
        Optional<String> holder = take(pluginId, tenantId, key, lease);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(body.call());
        } finally {
            giveBack(pluginId, tenantId, key, holder.get());
        }
    }

    /** Takes the claim; the holder's id to give it back with, or empty when someone holds it. */
    public Optional<String> take(String pluginId, String tenantId, String key, Duration lease) {
        if (tenantId == null || tenantId.isBlank() || tenantId.length() > 64 || key == null || key.isBlank()
                || key.length() > 100) {
            throw new IllegalArgumentException("A claim needs a tenant and a key of 1 to 100 characters");
        }
        if (lease == null || lease.compareTo(SHORTEST) < 0 || lease.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("A claim's lease is 1 minute to 1 day, not " + lease);
        }
        String holder = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            return store.take(pluginId, tenantId, key, holder, now, now.plus(lease)) ? Optional.of(holder)
                    : Optional.empty();
        } catch (RuntimeException e) {
            if (store.held(pluginId, tenantId, key)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Gives a claim back. */
    public void giveBack(String pluginId, String tenantId, String key, String holder) {
        store.giveBack(pluginId, tenantId, key, holder);
    }
}
