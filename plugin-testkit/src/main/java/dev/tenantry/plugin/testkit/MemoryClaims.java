package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginClaims;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims for plugins' tests: as the host's, a claim on a tenant and key is held by one run at a time and given back when
 * it ends, here within one JVM (the host's hold across servers through its database). Checks keys and leases as the
 * host does.
 */
public final class MemoryClaims implements PluginClaims {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    @Override
    public <T> Optional<T> exclusively(String tenantId, String key, Duration lease, Callable<T> body)
            throws Exception {
        if (tenantId == null || tenantId.isBlank() || key == null || key.isBlank() || key.length() > 100) {
            throw new IllegalArgumentException("A claim needs a tenant and a key of 1 to 100 characters");
        }
        if (lease == null || lease.compareTo(Duration.ofMinutes(1)) < 0 || lease.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("A claim's lease is 1 minute to 1 day");
        }
        String claim = tenantId + "\n" + key;
        if (!held.add(claim)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(body.call());
        } finally {
            held.remove(claim);
        }
    }

    /** Whether a claim on {@code tenantId} and {@code key} is held now. */
    public boolean held(String tenantId, String key) {
        return held.contains(tenantId + "\n" + key);
    }
}
