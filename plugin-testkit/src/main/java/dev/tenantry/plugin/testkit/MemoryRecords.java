package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Plugin records in memory for plugins' tests, newest first like the host's (each write later than the one before, to
 * the microsecond as the host keeps them), refusing the kinds, keys, sizes and field values the host refuses, and
 * answering {@link RecordQuery queries} as the host's database does (the contract {@link RecordQueryContract} holds
 * both to it).
 *
 * <p>Which tenants a query reaches depends on the tenants the plugin works in and on the person of the request: tell it
 * with {@link #seenThrough}; {@link TestHost#with} does so with the {@link PluginTenants} and {@link PortalUser} it is
 * given. Untold, tenant queries reach every tenant that has records, and a {@link RecordQuery.Scope#VISIBLE} query is
 * refused as the host refuses it outside a person's request. A query {@link RecordQuery#taggedWith tagged with} a tag
 * reads the tags of the tenants from that {@link PluginTenants} ({@link PluginTenants.Tenant#tags()}, compared in
 * lower case as the portal keeps them), so it needs to be told them.
 */
public final class MemoryRecords implements PluginRecords {

    private static final Comparator<Object> VALUES = MemoryRecords::compare;

    /** Where records of a kind are kept; {@code tenantId} null for the installation-wide ones. */
    private record Slot(String tenantId, String kind) {
    }

    private record Stored(String json, Instant at, long version, Map<String, Object> fields) {
    }

    private record Hit(String tenantId, String key, Stored stored) {

        Object value(String field) {
            return field == null || field.equals(RecordKind.UPDATED_AT) ? stored.at() : stored.fields().get(field);
        }
    }

    private final Map<Slot, Map<String, Stored>> slots = new ConcurrentHashMap<>();
    /** The type of each field ever written, by kind name: a field may be added, never retyped (as in the host). */
    private final Map<String, Map<String, RecordKind.Type>> types = new HashMap<>();
    private final AtomicReference<Instant> clock = new AtomicReference<>(Instant.EPOCH);
    private volatile PluginTenants tenants;
    private volatile PortalUser person;

    /**
     * Queries from now on see what the host would show this plugin: only the tenants it works in ({@code tenants};
     * {@code null}: every tenant that has records) and, for {@link RecordQuery#visibleWith}, those where {@code person}
     * holds the permission ({@code null}: no person, as in a job, so such a query throws {@link IllegalStateException}).
     * Both are asked at each query, so a tenant added to or removed from {@link MemoryTenants} counts at once, and so
     * do the tags of a tenant added again with other tags ({@link RecordQuery#taggedWith}).
     */
    public MemoryRecords seenThrough(PluginTenants tenants, PortalUser person) {
        this.tenants = tenants;
        this.person = person;
        return this;
    }

    /** What {@link TestHost} gives: the one it has of each, keeping what this was told of the other. */
    void seenThroughWhatIsGiven(PluginTenants tenants, PortalUser person) {
        seenThrough(tenants == null ? this.tenants : tenants, person == null ? this.person : person);
    }

    private Map<String, Stored> kind(String tenantId, String kind) {
        if (kind == null || !kind.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("A record kind is lower-case letters, digits and dashes, not '" + kind
                    + "'");
        }
        return slots.computeIfAbsent(new Slot(tenantId, kind), any -> new ConcurrentHashMap<>());
    }

    /** Keys as the host takes them. */
    private static String key(String key) {
        if (key == null || key.isEmpty() || key.length() > 200) {
            throw new IllegalArgumentException("A record key holds 1 to 200 characters");
        }
        return key;
    }

    private static void body(String json) {
        if (json == null || json.length() > MAX_CHARS) {
            throw new IllegalArgumentException("A plugin record holds 1 to " + MAX_CHARS + " characters");
        }
    }

    /** Later than every write before, to the microsecond. */
    private Instant now() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return clock.updateAndGet(last -> now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS));
    }

    @Override
    public void put(String tenantId, String kind, String key, String json) {
        write(tenantId, kind, key, json, Map.of(), null);
    }

    @Override
    public Optional<Versioned> getVersioned(String tenantId, String kind, String key) {
        return Optional.ofNullable(kind(tenantId, kind).get(key(key))).map(stored -> new Versioned(stored.json(),
                stored.version()));
    }

    @Override
    public void replace(String tenantId, String kind, String key, String json, long version) {
        write(tenantId, kind, key, json, Map.of(), version);
    }

    @Override
    public void put(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields) {
        writeTyped(tenantId, kind, key, json, fields, null);
    }

    /** As the host: all or none, and a record given exactly as it is stored is left as it is (version, time). */
    @Override
    public void putAll(String tenantId, RecordKind kind, List<Put> puts) {
        Put.check(puts);
        if (kind == null) {
            throw new IllegalArgumentException("Name the kind of the record");
        }
        List<Put> changed = new ArrayList<>();
        for (Put put : puts) {
            Map<String, Object> values = times(kind.values(put.fields()));
            body(put.json());
            Stored before = kind(tenantId, kind.name()).get(key(put.key()));
            if (before == null || !before.json().equals(put.json()) || !before.fields().equals(values)) {
                changed.add(put);
            }
        }
        changed.forEach(put -> put(tenantId, kind, put.key(), put.json(), put.fields()));
    }

    @Override
    public void replace(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields,
            long version) {
        writeTyped(tenantId, kind, key, json, fields, version);
    }

    private void writeTyped(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields,
            Long version) {
        if (kind == null) {
            throw new IllegalArgumentException("Name the kind of the record");
        }
        Map<String, Object> values = times(kind.values(fields));
        synchronized (types) {
            checkTypes(kind);
            write(tenantId, kind.name(), key, json, values, version);
            Map<String, RecordKind.Type> known = types.computeIfAbsent(kind.name(), any -> new HashMap<>());
            kind.fields().forEach(field -> known.put(field.name(), field.type()));
        }
    }

    /** Refuses a kind that gives a field another type than records of its name were written with. */
    private void checkTypes(RecordKind kind) {
        synchronized (types) {
            Map<String, RecordKind.Type> known = types.getOrDefault(kind.name(), Map.of());
            for (RecordKind.Field field : kind.fields()) {
                RecordKind.Type before = known.get(field.name());
                if (before != null && before != field.type()) {
                    throw new IllegalArgumentException("The field " + field.name() + " of " + kind.name()
                            + " was written as " + before + "; a field may be added to a kind, never given another "
                            + "type (" + field.type() + ")");
                }
            }
        }
    }

    private void write(String tenantId, String kind, String key, String json, Map<String, Object> fields,
            Long version) {
        key(key);
        body(json);
        kind(tenantId, kind).compute(key, (any, before) -> {
            long current = before == null ? 0 : before.version();
            if (version != null && current != version) {
                throw new RecordConflictException(kind + " " + key + " is at version " + current + ", not " + version);
            }
            return new Stored(json, now(), current + 1, fields);
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

    @Override
    public List<Found> query(RecordQuery query, int first, int max) {
        if (first < 0 || max < 1 || max > PAGE) {
            throw new IllegalArgumentException("A page of records starts at 0 or later and holds 1 to " + PAGE);
        }
        List<Hit> hits = hits(query);
        hits.sort(order(query));
        return hits.stream().skip(first).limit(max).map(hit -> new Found(hit.tenantId(), hit.key(),
                hit.stored().json(), hit.stored().at(), hit.stored().version())).toList();
    }

    @Override
    public long count(RecordQuery query) {
        return hits(query).size();
    }

    @Override
    public Map<Object, Long> countBy(RecordQuery query, String field) {
        String name = query.kind().require(field).name();
        Map<Object, Long> counts = new TreeMap<>(VALUES);
        hits(query).stream().map(hit -> hit.value(name)).filter(value -> value != null)
                .forEach(value -> counts.merge(value, 1L, Long::sum));
        return new LinkedHashMap<>(counts);
    }

    /** The records the query finds, in no order. */
    private List<Hit> hits(RecordQuery query) {
        checkTypes(query.kind());
        Predicate<String> inScope = scope(query);
        List<Hit> hits = new ArrayList<>();
        slots.forEach((slot, records) -> {
            if (slot.kind().equals(query.kind().name()) && inScope.test(slot.tenantId())) {
                records.forEach((key, stored) -> {
                    Hit hit = new Hit(slot.tenantId(), key, stored);
                    if (query.conditions().stream().allMatch(condition -> matches(condition, hit))) {
                        hits.add(hit);
                    }
                });
            }
        });
        return hits;
    }

    private Predicate<String> scope(RecordQuery query) {
        if (query.scope() == RecordQuery.Scope.INSTALLATION) {
            // Installation-wide records belong to no tenant, so none is of a tenant carrying a tag
            return tenantId -> tenantId == null && query.tag() == null;
        }
        PluginTenants working = tenants;
        if (query.tag() != null && working == null) {
            throw new IllegalStateException("A query tagged with " + query.tag() + " reads the tags of tenants, and "
                    + "these records were not told them: call seenThrough(tenants, person), or hand TestHost.with(…) "
                    + "a MemoryTenants with the tenants' tags");
        }
        Predicate<String> worksIn = tenantId -> tenantId != null && (working == null || working.find(tenantId)
                .filter(tenant -> query.tag() == null || carries(tenant, query.tag())).isPresent());
        return switch (query.scope()) {
            case ALL_TENANTS -> worksIn;
            case TENANTS -> worksIn.and(query.tenantIds()::contains);
            case VISIBLE -> {
                PortalUser seeing = person;
                if (seeing == null) {
                    throw new IllegalStateException("The records visible with " + query.permission() + " are those "
                            + "a person may see, and there is no person here (a job or background work reads "
                            + "allTenants() or inTenants(…))");
                }
                yield worksIn.and(tenantId -> seeing.holds(query.permission(), tenantId));
            }
            case INSTALLATION -> throw new AssertionError("answered above");
        };
    }

    /** Whether the tenant carries the tag, as the portal keeps tags (lower case, without spaces at the edges). */
    private static boolean carries(PluginTenants.Tenant tenant, String tag) {
        return tenant.tags().stream().anyMatch(each -> each.strip().toLowerCase(Locale.ROOT).equals(tag));
    }

    private static boolean matches(RecordQuery.Condition condition, Hit hit) {
        Object value = hit.value(condition.field().name());
        List<Object> values = times(condition.values());
        if (condition.operator() == RecordQuery.Operator.ABSENT) {
            return value == null;
        }
        if (value == null) {
            return false;
        }
        return switch (condition.operator()) {
            case EQUAL -> compare(value, values.get(0)) == 0;
            case NOT_EQUAL -> compare(value, values.get(0)) != 0;
            case IN -> values.stream().anyMatch(one -> compare(value, one) == 0);
            case AT_LEAST -> compare(value, values.get(0)) >= 0;
            case BELOW -> compare(value, values.get(0)) < 0;
            case CONTAINS -> ((String) value).toLowerCase(Locale.ROOT).contains((String) values.get(0));
            case STARTS_WITH -> ((String) value).startsWith((String) values.get(0));
            case ABSENT -> throw new AssertionError();
        };
    }

    /** Each order key in turn, records without a value last whichever the direction; then tenant and key. */
    private static Comparator<Hit> order(RecordQuery query) {
        List<RecordQuery.Order> orders = query.orders().isEmpty() ? List.of(new RecordQuery.Order(null, true))
                : query.orders();
        Comparator<Hit> order = (a, b) -> 0;
        for (RecordQuery.Order by : orders) {
            String field = by.field() == null ? null : by.field().name();
            Comparator<Object> direction = by.descending() ? VALUES.reversed() : VALUES;
            order = order.thenComparing(hit -> hit.value(field), Comparator.nullsLast(direction));
        }
        return order.thenComparing(Hit::tenantId, Comparator.nullsFirst(VALUES)).thenComparing(Hit::key, VALUES);
    }

    /** Numbers as numbers, times as times, text in code-point order (as a database with a binary collation). */
    private static int compare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            int i = 0;
            while (i < x.length() && i < y.length()) {
                int p = x.codePointAt(i);
                int q = y.codePointAt(i);
                if (p != q) {
                    return Integer.compare(p, q);
                }
                i += Character.charCount(p);
            }
            return Integer.compare(x.length() - i, y.length() - i);
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> comparable = (Comparable<Object>) a;
        return comparable.compareTo(b);
    }

    /** Times to the microsecond, as the host keeps them. */
    private static <V> Map<String, Object> times(Map<String, V> values) {
        Map<String, Object> kept = new LinkedHashMap<>();
        values.forEach((field, value) -> kept.put(field, micros(value)));
        return Collections.unmodifiableMap(kept);
    }

    private static List<Object> times(List<Object> values) {
        return values.stream().map(MemoryRecords::micros).toList();
    }

    private static Object micros(Object value) {
        return value instanceof Instant instant ? instant.truncatedTo(ChronoUnit.MICROS) : value;
    }
}
