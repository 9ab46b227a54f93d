package dev.tenantry.plugin.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Work in a tenant that must never overlap with itself, whoever starts it: the schedule, a "… now" button, another
 * person, another Tenantry server. A claim on a tenant and a key is held in the host's database while the work runs,
 * and for at most its lease if the run dies without giving it back (a server stopping), so two polls of one tenant can
 * never both take the same detections in.
 *
 * @since 1.5.0
 */
public interface PluginClaims {

    /**
     * Runs {@code body} holding this plugin's claim on {@code tenantId} and {@code key}, or does nothing when someone
     * holds it now.
     *
     * @param key   what must not overlap, 1 to 100 characters (say {@code "poll"})
     * @param lease how long the claim lasts if it is never given back, 1 minute to 1 day; longer than a run takes
     * @return what {@code body} returned (empty for null), or empty when the claim was held by someone else and
     *         nothing ran
     * @throws IllegalArgumentException for a bad key or lease
     * @throws Exception                what {@code body} threw (the claim is given back first)
     */
    <T> Optional<T> exclusively(String tenantId, String key, Duration lease, Callable<T> body) throws Exception;
}
