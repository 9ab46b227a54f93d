package dev.tenantry.plugin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plugin's own records, kept by the host: plugins bring no database or entities of their own. Every record belongs
 * to the plugin that wrote it (no plugin sees another's) and to one tenant, or to none ({@code null}: the plugin's
 * installation-wide records). A record is JSON text of at most {@value #MAX_CHARS} characters, found by its kind and
 * key. A tenant's records go when the tenant is removed from Tenantry.
 */
public interface PluginRecords {

    int MAX_CHARS = 65_536;

    /** The most records {@link #list} gives at a time. */
    int PAGE = 500;

    /** Stores (or replaces) a record. */
    void put(String tenantId, String kind, String key, String json);

    Optional<String> get(String tenantId, String kind, String key);

    /** Records of a kind in a tenant, newest first, a page at a time ({@code max} 1 to {@value #PAGE}). */
    List<Entry> list(String tenantId, String kind, int first, int max);

    long count(String tenantId, String kind);

    /**
     * Every record of a kind in a tenant, newest first, read a page ({@value #PAGE}) at a time; for kinds that stay
     * small (settings, rules, saved filters).
     *
     * @since 1.2.0
     */
    default List<Entry> all(String tenantId, String kind) {
        List<Entry> all = new ArrayList<>();
        List<Entry> page;
        do {
            page = list(tenantId, kind, all.size(), PAGE);
            all.addAll(page);
        } while (page.size() == PAGE);
        return all;
    }

    /**
     * A record with its version: how many times it was written. Change it with {@link #replace}, which writes only if
     * no one else wrote it since.
     *
     * @since 1.5.0
     */
    default Optional<Versioned> getVersioned(String tenantId, String kind, String key) {
        throw new UnsupportedOperationException("These records keep no versions (the host's and the test kit's do)");
    }

    /**
     * Writes a record only if it is still at {@code version} (as {@link #getVersioned} read it; 0: only if there is
     * none yet), so a change made from a copy never overwrites another's made meanwhile. {@link #put} writes whatever
     * is there.
     *
     * @throws RecordConflictException when the record is at another version now; nothing was written
     * @since 1.5.0
     */
    default void replace(String tenantId, String kind, String key, String json, long version) {
        throw new UnsupportedOperationException("These records keep no versions (the host's and the test kit's do)");
    }

    /** Whether there was a record to delete. */
    boolean delete(String tenantId, String kind, String key);

    /** One stored record. */
    record Entry(String key, String json, Instant updatedAt) {
    }

    /**
     * A stored record and its version.
     *
     * @since 1.5.0
     */
    record Versioned(String json, long version) {
    }
}
