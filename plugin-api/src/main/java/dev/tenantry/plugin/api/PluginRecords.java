package dev.tenantry.plugin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's own records, kept by the host: plugins bring no database or entities of their own. Every record belongs
 * to the plugin that wrote it (no plugin sees another's) and to one tenant, or to none ({@code null}: the plugin's
 * installation-wide records). A record is JSON text of at most {@value #MAX_CHARS} characters, found by its kind and
 * key. A tenant's records go when the tenant is removed from Tenantry.
 *
 * <p>Records a plugin lists across tenants (an inbox, a fleet) are written with the values of the fields its
 * {@link RecordKind} declares; {@link #query}, {@link #count(RecordQuery)} and {@link #countBy} then filter, sort, page
 * and count them in the database within the tenants a person may see, whatever the number of tenants. Design records
 * to stay well under the limit: keep what grows without end (every detection of an incident, every scan) as records of
 * their own, not as a list inside one.
 */
public interface PluginRecords {

    /** The longest record, in characters (1 MiB since 1.6.0; 64 KiB before). */
    int MAX_CHARS = 1_048_576;

    /** The most records {@link #list} gives at a time. */
    int PAGE = 500;

    /**
     * The most records {@link #putAll} writes at a time.
     *
     * @since 1.7.0
     */
    int MAX_PUTS = 1_000;

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

    /**
     * Stores (or replaces) a record of a kind with indexed fields, with the values of its fields.
     *
     * @param fields the value of each field of {@code kind} (numbers, flags, instants, text); one left out has none
     * @throws IllegalArgumentException for a field {@code kind} does not declare, or a value of the wrong type
     * @since 1.6.0
     */
    default void put(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields) {
        throw new UnsupportedOperationException("These records keep no indexed fields (the host's and the test kit's do)");
    }

    /**
     * Stores (or replaces) several records of a kind in one tenant at once, all or none: a page of a directory read
     * written in one transaction instead of one each. A record given exactly as it is stored (its JSON and every field
     * the same) is left as it is, its version and time unchanged: a full read of a directory that hardly changed costs
     * reads, not writes (since 1.8.0; keep what changes on every read, such as the time of the read, out of records
     * written this way).
     *
     * @param puts 0 to {@value #MAX_PUTS} records, each key at most once
     * @throws IllegalArgumentException for more records, a key given twice, or what {@link #put(String, RecordKind,
     *                                  String, String, Map)} refuses; nothing was written
     * @since 1.7.0
     */
    default void putAll(String tenantId, RecordKind kind, List<Put> puts) {
        Put.check(puts);
        for (Put put : puts) {
            kind.values(put.fields());
            if (put.json().length() > MAX_CHARS) {
                throw new IllegalArgumentException("A record holds at most " + MAX_CHARS + " characters: " + put.key());
            }
        }
        for (Put put : puts) {
            put(tenantId, kind, put.key(), put.json(), put.fields());
        }
    }

    /**
     * {@link #replace(String, String, String, String, long)} for a kind with indexed fields.
     *
     * @throws RecordConflictException when the record is at another version now; nothing was written
     * @since 1.6.0
     */
    default void replace(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields,
            long version) {
        throw new UnsupportedOperationException("These records keep no indexed fields (the host's and the test kit's do)");
    }

    /**
     * A page of the records a query finds, in its order ({@code max} 1 to {@value #PAGE}).
     *
     * @throws IllegalStateException for a {@link RecordQuery.Scope#VISIBLE} query outside a person's request
     * @since 1.6.0
     */
    default List<Found> query(RecordQuery query, int first, int max) {
        throw new UnsupportedOperationException("These records cannot be queried (the host's and the test kit's can)");
    }

    /**
     * How many records a query finds, exactly.
     *
     * @since 1.6.0
     */
    default long count(RecordQuery query) {
        throw new UnsupportedOperationException("These records cannot be queried (the host's and the test kit's can)");
    }

    /**
     * How many records a query finds, counting no further than {@code atMost}: an answer of {@code atMost} means "at
     * least that many". For a search whose matches grow with the fleet (a name across a million users), where a page
     * says "1,000+" and asks for a narrower search: the database stops after {@code atMost} matches instead of reading
     * them all.
     *
     * @param atMost 1 or more
     * @since 1.8.0
     */
    default long count(RecordQuery query, long atMost) {
        if (atMost < 1) {
            throw new IllegalArgumentException("A count stops at 1 or more, not " + atMost);
        }
        return Math.min(count(query), atMost);
    }

    /**
     * How many records a query finds for each value of a field (records without a value are left out), in the
     * field's order: incidents by severity, tenants by score band.
     *
     * @since 1.6.0
     */
    default Map<Object, Long> countBy(RecordQuery query, String field) {
        throw new UnsupportedOperationException("These records cannot be queried (the host's and the test kit's can)");
    }

    /**
     * A record a query found.
     *
     * @param tenantId its tenant; null for an installation-wide record
     * @since 1.6.0
     */
    record Found(String tenantId, String key, String json, Instant updatedAt, long version) {
    }

    /**
     * A record to store with {@link #putAll}.
     *
     * @param fields the values of the kind's fields, as {@link #put(String, RecordKind, String, String, Map)} takes them
     * @since 1.7.0
     */
    record Put(String key, String json, Map<String, ?> fields) {

        public Put {
            java.util.Objects.requireNonNull(key, "key");
            java.util.Objects.requireNonNull(json, "json");
            fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }

        /**
         * Refuses more than {@value PluginRecords#MAX_PUTS} records, or a key given twice.
         *
         * @throws IllegalArgumentException when so
         */
        public static void check(List<Put> puts) {
            if (puts.size() > MAX_PUTS) {
                throw new IllegalArgumentException("putAll writes at most " + MAX_PUTS + " records at a time, not "
                        + puts.size());
            }
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (Put put : puts) {
                if (!keys.add(put.key())) {
                    throw new IllegalArgumentException("putAll was given the key " + put.key() + " twice");
                }
            }
        }
    }

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
