package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plugin records in memory for plugins' tests, newest first like the host's (each write later than the one before),
 * refusing the kinds and keys the host refuses.
 */
public final class MemoryRecords implements PluginRecords {

    private record Stored(String json, Instant at, long version) {
    }

    private final Map<String, Map<String, Stored>> kinds = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

    private Map<String, Stored> kind(String tenantId, String kind) {
        if (kind == null || !kind.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("A record kind is lower-case letters, digits and dashes, not '" + kind
                    + "'");
        }
        return kinds.computeIfAbsent(tenantId + "|" + kind, any -> new ConcurrentHashMap<>());
    }

    /** Keys as the host takes them. */
    private static String key(String key) {
        if (key == null || key.isEmpty() || key.length() > 200) {
            throw new IllegalArgumentException("A record key holds 1 to 200 characters");
        }
        return key;
    }

    @Override
    public void put(String tenantId, String kind, String key, String json) {
        key(key);
        if (json.length() > MAX_CHARS) {
            throw new IllegalArgumentException("too long");
        }
        kind(tenantId, kind).compute(key, (any, before) -> new Stored(json, Instant.ofEpochMilli(clock.incrementAndGet()),
                before == null ? 1 : before.version() + 1));
    }

    @Override
    public Optional<Versioned> getVersioned(String tenantId, String kind, String key) {
        return Optional.ofNullable(kind(tenantId, kind).get(key(key))).map(stored -> new Versioned(stored.json(),
                stored.version()));
    }

    @Override
    public void replace(String tenantId, String kind, String key, String json, long version) {
        key(key);
        if (json.length() > MAX_CHARS) {
            throw new IllegalArgumentException("too long");
        }
        kind(tenantId, kind).compute(key, (any, before) -> {
            long now = before == null ? 0 : before.version();
            if (now != version) {
                throw new RecordConflictException(kind + " " + key + " is at version " + now + ", not " + version);
            }
            return new Stored(json, Instant.ofEpochMilli(clock.incrementAndGet()), now + 1);
        });
    }

    @Override
    public Optional<String> get(String tenantId, String kind, String key) {
        return Optional.ofNullable(kind(tenantId, kind).get(key(key))).map(Stored::json);
    }

    @Override
    public List<Entry> list(String tenantId, String kind, int first, int max) {
        List<Entry> all = new ArrayList<>();
        kind(tenantId, kind).forEach((key, stored) -> all.add(new Entry(key, stored.json(), stored.at())));
        all.sort(Comparator.comparing(Entry::updatedAt).reversed());
        return all.subList(Math.min(first, all.size()), Math.min(first + max, all.size()));
    }

    @Override
    public long count(String tenantId, String kind) {
        return kind(tenantId, kind).size();
    }

    @Override
    public boolean delete(String tenantId, String kind, String key) {
        return kind(tenantId, kind).remove(key(key)) != null;
    }
}
