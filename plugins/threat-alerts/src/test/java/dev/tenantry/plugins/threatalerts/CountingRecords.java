package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Plugin records that count the reads a page makes of the host's database, each one statement there. */
final class CountingRecords implements PluginRecords {

    private final PluginRecords records;
    final AtomicInteger reads = new AtomicInteger();

    CountingRecords(PluginRecords records) {
        this.records = records;
    }

    @Override
    public void put(String tenantId, String kind, String key, String json) {
        records.put(tenantId, kind, key, json);
    }

    @Override
    public Optional<String> get(String tenantId, String kind, String key) {
        reads.incrementAndGet();
        return records.get(tenantId, kind, key);
    }

    @Override
    public List<Entry> list(String tenantId, String kind, int first, int max) {
        reads.incrementAndGet();
        return records.list(tenantId, kind, first, max);
    }

    @Override
    public long count(String tenantId, String kind) {
        reads.incrementAndGet();
        return records.count(tenantId, kind);
    }

    @Override
    public Optional<Versioned> getVersioned(String tenantId, String kind, String key) {
        reads.incrementAndGet();
        return records.getVersioned(tenantId, kind, key);
    }

    @Override
    public void replace(String tenantId, String kind, String key, String json, long version) {
        records.replace(tenantId, kind, key, json, version);
    }

    @Override
    public boolean delete(String tenantId, String kind, String key) {
        return records.delete(tenantId, kind, key);
    }

    @Override
    public void put(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields) {
        records.put(tenantId, kind, key, json, fields);
    }

    @Override
    public void replace(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields,
            long version) {
        records.replace(tenantId, kind, key, json, fields, version);
    }

    @Override
    public List<Found> query(RecordQuery query, int first, int max) {
        reads.incrementAndGet();
        return records.query(query, first, max);
    }

    @Override
    public long count(RecordQuery query) {
        reads.incrementAndGet();
        return records.count(query);
    }

    @Override
    public Map<Object, Long> countBy(RecordQuery query, String field) {
        reads.incrementAndGet();
        return records.countBy(query, field);
    }
}
