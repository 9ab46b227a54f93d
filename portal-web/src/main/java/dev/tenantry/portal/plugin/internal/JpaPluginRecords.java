package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginRecords.Entry;
import dev.tenantry.plugin.api.PluginRecords.Found;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.api.PluginRecords.Versioned;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.portal.persistence.LikePatterns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Plugin records in the portal's database, always by plugin id first: a plugin's service instance is bound to its
 * id, so no plugin reaches another's records. Kinds and keys are checked, bodies limited.
 */
@ApplicationScoped
public class JpaPluginRecords {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final String NONE = "";

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @jakarta.inject.Inject
    RecordSlots slots;

    @jakarta.annotation.Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * How long the answer to a cross-tenant query (count, group count, page) is kept at most when no record of its kind
     * is written meanwhile ({@link RecordQueryCache}); zero keeps none.
     */
    @jakarta.inject.Inject
    @ConfigProperty(name = "tenantry.records.query-cache", defaultValue = "PT10S")
    Duration queryCacheTtl;

    private RecordQueryCache answers;

    /** The answers kept at most. */
    private static final int ANSWERS_KEPT = 2_000;
    /** The transaction's resource naming the kinds it wrote records of. */
    private static final Object WRITTEN = new Object();

    @jakarta.annotation.PostConstruct
    void init() {
        answers = new RecordQueryCache(queryCacheTtl, ANSWERS_KEPT, System::nanoTime);
    }

    /**
     * The tenants a query reads, as the host worked them out for the plugin and the person: the installation-wide
     * records; or the active tenants of Tenantry, only named ones ({@code only}) if named, but {@code excluded} (the
     * plugin switched off there) — a fleet of thousands is filtered in SQL, never listed.
     */
    public record Reach(boolean installation, Set<String> only, Set<String> excluded) {

        public static Reach installationWide() {
            return new Reach(true, null, Set.of());
        }

        /** Every tenant but those excluded. */
        public static Reach allBut(Set<String> excluded) {
            return new Reach(false, null, Set.copyOf(excluded));
        }

        /** Only these tenants, less those excluded. */
        public static Reach only(Set<String> tenants, Set<String> excluded) {
            Set<String> within = new java.util.HashSet<>(tenants);
            within.removeAll(excluded);
            return new Reach(false, Set.copyOf(within), Set.of());
        }

        boolean none() {
            return only != null && only.isEmpty();
        }
    }

    /** Stores (or replaces) a record without indexed fields (a record that had some has none after). */
    @Transactional(TxType.REQUIRED)
    public void put(String pluginId, String tenantId, String kind, String key, String json) {
        write(pluginId, tenantId, kind, key, checked(kind, key, json, Columns.none()), null);
    }

    /** Stores (or replaces) a record of a kind with indexed fields, with their values. */
    @Transactional(TxType.REQUIRED)
    public void put(String pluginId, String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields) {
        write(pluginId, tenantId, kind.name(), key, checked(kind.name(), key, json, columns(pluginId, kind, fields)),
                null);
    }

    /**
     * Stores (or replaces) several records of a kind in one tenant in this transaction: the rows already there read in
     * one statement, the rest inserted in JDBC batches.
     */
    @Transactional(TxType.REQUIRED)
    public void putAll(String pluginId, String tenantId, RecordKind kind, List<PluginRecords.Put> puts) {
        PluginRecords.Put.check(puts);
        if (puts.isEmpty()) {
            return;
        }
        Map<String, Columns> checked = new java.util.LinkedHashMap<>();
        for (PluginRecords.Put put : puts) {
            checked.put(put.key(), checked(kind.name(), put.key(), put.json(), columns(pluginId, kind, put.fields())));
        }
        Map<String, PluginRecordEntity> present = new java.util.HashMap<>();
        // The keys as a table joined to the records: one primary key lookup per key. "record_key in (…)" after the
        // three columns before it in the key is no lookup in H2: it walks every record of the tenant's kind and tests
        // each against the whole list, a page's cost growing with the tenant (2,000 rows walked for a page of 999
        // keys, 100,000 in a tenant of 100,000 users). Read only: most rows of a full read are the same again, and a
        // read-only row is neither copied as a snapshot nor compared at the flush; one that changed is made writable
        @SuppressWarnings("unchecked")
        List<PluginRecordEntity> rows = entityManager.createNativeQuery("SELECT r.* FROM UNNEST(:keys) AS "
                + "k(record_key) JOIN plugin_record r ON r.plugin_id = :plugin AND r.tenant_id = :tenant AND r.kind = :kind "
                + "AND r.record_key = k.record_key", PluginRecordEntity.class)
                .setParameter("keys", checked.keySet().toArray(String[]::new)).setParameter("plugin", pluginId)
                .setParameter("tenant", tenant(tenantId)).setParameter("kind", kind.name())
                .setHint(org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, true).getResultList();
        rows.forEach(row -> present.put(row.key(), row));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean wrote = false;
        for (Map.Entry<String, Columns> each : checked.entrySet()) {
            Columns columns = each.getValue();
            PluginRecordEntity row = present.get(each.getKey());
            if (row == null) {
                row = new PluginRecordEntity(pluginId, tenant(tenantId), kind.name(), each.getKey(), columns.body(),
                        now);
                row.fields(columns.texts, columns.numbers, columns.times);
                entityManager.persist(row);
                wrote = true;
            } else if (!row.holds(columns.body(), columns.texts, columns.numbers, columns.times)) {
                entityManager.unwrap(org.hibernate.Session.class).setReadOnly(row, false);
                row.replace(columns.body(), now);
                row.fields(columns.texts, columns.numbers, columns.times);
                wrote = true;
            }
            // else: the same again (a full read of a directory that did not change) is not written at all
        }
        // Only a write ends the kept answers about the kind: a full read of an unchanged directory keeps them
        if (wrote) {
            written(pluginId, kind.name());
        }
    }

    /**
     * {@link #replace(String, String, String, String, String, long)} for a kind with indexed fields.
     *
     * @throws RecordConflictException when it is at another version
     */
    @Transactional(TxType.REQUIRED)
    public void replace(String pluginId, String tenantId, RecordKind kind, String key, String json,
            Map<String, ?> fields, long version) {
        write(pluginId, tenantId, kind.name(), key, checked(kind.name(), key, json, columns(pluginId, kind, fields)),
                version);
    }

    /**
     * Writes a record with its indexed columns (all of them: a column left out is cleared): whatever is there when
     * {@code version} is null; else only if it is at {@code version} (0: only if there is none), in one statement that
     * only one of several writers can win.
     *
     * @throws RecordConflictException when a versioned write finds the record at another version
     */
    private void write(String pluginId, String tenantId, String kind, String key, Columns columns, Long version) {
        written(pluginId, kind);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (version == null || version == 0) {
            PluginRecordEntity row = entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key));
            if (row != null && version == null) {
                row.replace(columns.body(), now);
                row.fields(columns.texts, columns.numbers, columns.times);
                return;
            }
            if (row != null) {
                throw conflict(kind, key);
            }
            row = new PluginRecordEntity(pluginId, tenant(tenantId), kind, key, columns.body(), now);
            row.fields(columns.texts, columns.numbers, columns.times);
            entityManager.persist(row);
            if (version != null) {
                try {
                    entityManager.flush();
                } catch (jakarta.persistence.PersistenceException e) {
                    throw conflict(kind, key);
                }
            }
            return;
        }
        StringBuilder set = new StringBuilder("update PluginRecordEntity r set r.body = :body, r.updatedAt = :now, "
                + "r.version = r.version + 1");
        Map<String, Object> values = columns.bySlot();
        values.keySet().forEach(slot -> set.append(", r.").append(slot).append(" = :").append(slot));
        jakarta.persistence.Query update = entityManager.createQuery(set + " where r.pluginId = :plugin and "
                + "r.tenantId = :tenant and r.kind = :kind and r.key = :key and r.version = :version")
                .setParameter("body", columns.body()).setParameter("now", now).setParameter("plugin", pluginId)
                .setParameter("tenant", tenant(tenantId)).setParameter("kind", kind).setParameter("key", key)
                .setParameter("version", version);
        values.forEach(update::setParameter);
        if (update.executeUpdate() == 0) {
            throw conflict(kind, key);
        }
    }

    /** A record's body and the values of its indexed columns (t1…t6, n1…n4, d1…d3; null: no value). */
    private record Columns(String body, String[] texts, Long[] numbers, Instant[] times) {

        static Columns none() {
            return new Columns(null, new String[6], new Long[4], new Instant[3]);
        }

        Columns with(String newBody) {
            return new Columns(newBody, texts, numbers, times);
        }

        /** Column name → value, every column. */
        Map<String, Object> bySlot() {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (int i = 0; i < texts.length; i++) {
                values.put("t" + (i + 1), texts[i]);
            }
            for (int i = 0; i < numbers.length; i++) {
                values.put("n" + (i + 1), numbers[i]);
            }
            for (int i = 0; i < times.length; i++) {
                values.put("d" + (i + 1), times[i]);
            }
            return values;
        }
    }

    /** {@code columns} with {@code json} as body, once kind, key and body are checked. */
    private static Columns checked(String kind, String key, String json, Columns columns) {
        check(kind, key);
        if (json == null || json.length() > PluginRecords.MAX_CHARS) {
            throw new IllegalArgumentException("A plugin record holds 1 to " + PluginRecords.MAX_CHARS + " characters");
        }
        return columns.with(json);
    }

    /** The columns the values of a kind's fields go to (checked by the kind). */
    private Columns columns(String pluginId, RecordKind kind, Map<String, ?> fields) {
        Map<String, Object> values = kind.values(fields);
        Map<String, String> slotOf = slots.of(pluginId, kind);
        Columns columns = Columns.none();
        values.forEach((field, value) -> {
            String slot = slotOf.get(field);
            int index = Integer.parseInt(slot.substring(1)) - 1;
            switch (slot.charAt(0)) {
                case 't' -> columns.texts[index] = (String) value;
                case 'n' -> columns.numbers[index] = (Long) value;
                // To the microsecond, as the column keeps it: a database rounds more precise values its own way
                default -> columns.times[index] = ((Instant) value).truncatedTo(ChronoUnit.MICROS);
            }
        });
        return columns;
    }

    /** A page of what a query finds, in its order. */
    @Transactional(TxType.SUPPORTS)
    public List<Found> query(String pluginId, RecordQuery query, Reach reach, int first, int max) {
        if (first < 0 || max < 1 || max > PluginRecords.PAGE) {
            throw new IllegalArgumentException("A page of records starts at 0 or later and holds 1 to "
                    + PluginRecords.PAGE);
        }
        if (findsNothing(query, reach)) {
            return List.of();
        }
        Jpql jpql = where(pluginId, query, reach);
        String order = order(query.orders(), slots.of(pluginId, query.kind()),
                !reach.installation() && reach.only() == null);
        String text = "select r from " + jpql.from + " where " + jpql.text + " order by " + order;
        return cached(pluginId, query.kind().name(), List.of(text, jpql.parameters, first, max), () -> {
            var select = entityManager.createQuery(text, PluginRecordEntity.class);
            jpql.parameters.forEach(select::setParameter);
            return select.setFirstResult(first).setMaxResults(max).getResultStream()
                    .map(row -> new Found(row.tenantId().isEmpty() ? null : row.tenantId(), row.key(), row.body(),
                            row.updatedAt(), row.version())).toList();
        }, page -> page.stream().mapToLong(found -> found.json().length()).sum() <= RecordQueryCache.MAX_CHARS);
    }

    /**
     * A query's order, ties broken by tenant and key. {@code indexLed}: led by the plugin and the kind (which its
     * conditions fix) so that the database reads a page from the index of the first field ordered by, in that index's
     * direction, and stops after the page (V31: text and number fields ascending, times latest first, no value last;
     * with no order, latest written first): for a query across the fleet. Not led so, H2 cannot read the order from
     * a field's index and finds the records by an index their conditions fix (the tenant's among them), then sorts
     * them: for a query within named tenants or of installation-wide records, whose records a walk of the field's
     * index would look for among every tenant's (H2 planned one tenant's reads so in the benchmark's database).
     */
    static String order(List<RecordQuery.Order> orders, Map<String, String> slotOf, boolean indexLed) {
        StringBuilder order = new StringBuilder(indexLed ? "r.pluginId, r.kind, " : "");
        for (RecordQuery.Order by : orders) {
            order.append(column(by.field(), slotOf)).append(by.descending() ? " desc" : " asc").append(" nulls last, ");
        }
        if (orders.isEmpty()) {
            order.append("r.updatedAt desc, ");
        }
        return order.append("r.tenantId, r.key").toString();
    }

    /** How many records a query finds. */
    @Transactional(TxType.SUPPORTS)
    public long count(String pluginId, RecordQuery query, Reach reach) {
        if (findsNothing(query, reach)) {
            return 0;
        }
        Jpql jpql = where(pluginId, query, reach);
        String text = "select count(r) from " + jpql.from + " where " + jpql.text;
        return cached(pluginId, query.kind().name(), List.of(text, jpql.parameters), () -> {
            var select = entityManager.createQuery(text, Long.class);
            jpql.parameters.forEach(select::setParameter);
            return select.getSingleResult();
        }, any -> true);
    }

    /**
     * How many records a query finds, no more than {@code atMost}: the database reads at most that many matches (a
     * limit on the matching rows, counted here) instead of every one.
     */
    @Transactional(TxType.SUPPORTS)
    public long countAtMost(String pluginId, RecordQuery query, Reach reach, long atMost) {
        if (findsNothing(query, reach)) {
            return 0;
        }
        int limit = (int) Math.min(atMost, Integer.MAX_VALUE);
        Jpql jpql = where(pluginId, query, reach);
        String text = "select 1 from " + jpql.from + " where " + jpql.text;
        return cached(pluginId, query.kind().name(), List.of(text, jpql.parameters, limit), () -> {
            var select = entityManager.createQuery(text, Integer.class);
            jpql.parameters.forEach(select::setParameter);
            return (long) select.setMaxResults(limit).getResultList().size();
        }, any -> true);
    }

    /** How many records a query finds per value of a field, in the field's order; no value left out. */
    @Transactional(TxType.SUPPORTS)
    public Map<Object, Long> countBy(String pluginId, RecordQuery query, String field, Reach reach) {
        RecordKind.Field declared = RecordKind.UPDATED_AT.equals(field) ? null : query.kind().require(field);
        if (findsNothing(query, reach)) {
            return new java.util.LinkedHashMap<>();
        }
        Jpql jpql = where(pluginId, query, reach);
        String column = column(declared, slots.of(pluginId, query.kind()));
        String text = "select " + column + ", count(r) from " + jpql.from + " where " + jpql.text + " and " + column
                + " is not null group by " + column + " order by " + column;
        // A copy of what is kept: the caller may change the map it gets
        return new java.util.LinkedHashMap<>(cached(pluginId, query.kind().name(), List.of(text, jpql.parameters),
                () -> {
                    Map<Object, Long> counts = new java.util.LinkedHashMap<>();
                    var select = entityManager.createQuery(text, Object[].class);
                    jpql.parameters.forEach(select::setParameter);
                    select.getResultStream().forEach(row -> counts.put(row[0], ((Number) row[1]).longValue()));
                    return java.util.Collections.unmodifiableMap(counts);
                }, any -> true));
    }

    /**
     * Whether a query finds nothing without asking: it reaches no tenant, or asks for the installation-wide records
     * (which belong to no tenant) of tenants carrying a tag.
     */
    private static boolean findsNothing(RecordQuery query, Reach reach) {
        return reach.none() || reach.installation() && query.tag() != null;
    }

    /**
     * The answer to a cross-tenant query as {@link RecordQueryCache} keeps it; read from the database in a transaction
     * that wrote records of the kind (it must see its own writes).
     */
    private <T> T cached(String pluginId, String kind, Object key, java.util.function.Supplier<T> query,
            java.util.function.Predicate<T> keep) {
        if (writtenHere(pluginId, kind)) {
            return query.get();
        }
        return answers.read(pluginId, kind, key, query, keep);
    }

    /** Whether the transaction under way wrote records of the kind. */
    private boolean writtenHere(String pluginId, String kind) {
        Set<List<String>> kinds = writtenKinds();
        return kinds != null && kinds.contains(List.of(pluginId, kind));
    }

    /**
     * Notes that the transaction under way writes records of a plugin's kind: the answers about them are no longer
     * kept once it ended (committed or rolled back).
     */
    private void written(String pluginId, String kind) {
        if (!inTransaction()) {
            answers.written(pluginId, kind);
            return;
        }
        Set<List<String>> kinds = writtenKinds();
        if (kinds == null) {
            Set<List<String>> these = new java.util.HashSet<>();
            transactions.putResource(WRITTEN, these);
            afterTransaction(() -> these.forEach(written -> answers.written(written.get(0), written.get(1))));
            kinds = these;
        }
        kinds.add(List.of(pluginId, kind));
    }

    /** The kinds (plugin id, kind) the transaction under way wrote records of; null if none or no transaction. */
    @SuppressWarnings("unchecked")
    private Set<List<String>> writtenKinds() {
        return inTransaction() ? (Set<List<String>>) transactions.getResource(WRITTEN) : null;
    }

    /** Whether the caller is in a transaction. */
    public boolean inTransaction() {
        return transactions.getTransactionKey() != null;
    }

    /** Whether a write failed because the record it inserted was inserted by someone else first. */
    static boolean duplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // 23505: unique violation, in H2 and PostgreSQL alike
            if (cause instanceof jakarta.persistence.EntityExistsException
                    || cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code action} once the transaction under way ended (at once without one). */
    private void afterTransaction(Runnable action) {
        if (!inTransaction()) {
            action.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                action.run();
            }
        });
    }

    /** A tenant added to Tenantry, switched off or on again comes into every query or leaves it. */
    void tenantStatusChanged(
            @jakarta.enterprise.event.Observes dev.tenantry.portal.tenant.TenantStatusChanged changed) {
        afterTransaction(answers::tenantsChanged);
    }

    /** A tenant given a tag or losing one comes into the queries tagged with it or leaves them. */
    void tenantTagsChanged(@jakarta.enterprise.event.Observes dev.tenantry.portal.tenant.TenantTagsChanged changed) {
        afterTransaction(answers::tenantsChanged);
    }

    /** What a query reads from, its where clause and their parameters. */
    private record Jpql(String from, String text, Map<String, Object> parameters) {
    }

    /**
     * The records of tenants in Tenantry and active: joined with the tenant table by its key. Not a semi-join
     * ({@code tenant_id in (select …)}): H2 evaluates that subquery again for each row whenever anything at all was
     * written since it last did (a fleet's polls write all the time), which made a count of ten thousand records of
     * a thousand tenants take three seconds instead of forty milliseconds.
     */
    private static final String OF_ACTIVE_TENANTS = "PluginRecordEntity r join TenantEntity t on t.id = r.tenantId";

    private Jpql where(String pluginId, RecordQuery query, Reach reach) {
        Map<String, Object> parameters = new java.util.HashMap<>();
        StringBuilder text = new StringBuilder("r.pluginId = :plugin and r.kind = :kind");
        parameters.put("plugin", pluginId);
        parameters.put("kind", query.kind().name());
        String from = "PluginRecordEntity r";
        if (reach.installation()) {
            text.append(" and r.tenantId = ''");
        } else {
            from = OF_ACTIVE_TENANTS;
            text.append(" and t.status = 'ACTIVE'");
            if (reach.only() != null) {
                text.append(" and r.tenantId in (:only)");
                parameters.put("only", reach.only());
            }
            if (!reach.excluded().isEmpty()) {
                text.append(" and r.tenantId not in (:excluded)");
                parameters.put("excluded", reach.excluded());
            }
            if (query.tag() != null) {
                // On the tenant row joined already, whose tags are kept sorted and comma-separated: the database
                // matches the tag, never a list of the tenants carrying it. No index serves this LIKE (its pattern
                // starts with a wildcard), and none needs to: the tenant table holds a row per customer tenant, reached
                // by its key from each record the rest of the query selects.
                text.append(" and concat(',', t.tags, ',') like :tag").append(LikePatterns.ESCAPE);
                parameters.put("tag", LikePatterns.literal("%,", query.tag(), ",%"));
            }
        }
        Map<String, String> slotOf = slots.of(pluginId, query.kind());
        int n = 0;
        for (RecordQuery.Condition condition : query.conditions()) {
            String column = column(RecordKind.UPDATED_AT.equals(condition.field().name()) ? null : condition.field(),
                    slotOf);
            String p = "p" + n++;
            switch (condition.operator()) {
                case EQUAL -> text.append(" and ").append(column).append(" = :").append(p);
                case NOT_EQUAL -> text.append(" and ").append(column).append(" <> :").append(p);
                case IN -> text.append(" and ").append(column).append(" in (:").append(p).append(')');
                case AT_LEAST -> text.append(" and ").append(column).append(" >= :").append(p);
                case BELOW -> text.append(" and ").append(column).append(" < :").append(p);
                case CONTAINS -> text.append(" and lower(").append(column).append(") like :").append(p)
                        .append(LikePatterns.ESCAPE);
                // The range lets the database walk the field's index from the prefix on (a LIKE with a parameter is
                // planned without its value); the LIKE keeps the answer exact whatever the collation's order
                case STARTS_WITH -> {
                    text.append(" and ").append(column).append(" >= :").append(p).append("from");
                    String prefix = (String) condition.values().get(0);
                    char last = prefix.charAt(prefix.length() - 1);
                    if (last != Character.MAX_VALUE) {
                        text.append(" and ").append(column).append(" < :").append(p).append("to");
                        parameters.put(p + "to", prefix.substring(0, prefix.length() - 1) + (char) (last + 1));
                    }
                    text.append(" and ").append(column).append(" like :").append(p).append(LikePatterns.ESCAPE);
                    parameters.put(p + "from", prefix);
                }
                case ABSENT -> text.append(" and ").append(column).append(" is null");
            }
            switch (condition.operator()) {
                case IN -> parameters.put(p, condition.values().stream().map(JpaPluginRecords::micros).toList());
                case CONTAINS -> parameters.put(p, LikePatterns.literal("%", (String) condition.values().get(0), "%"));
                case STARTS_WITH -> parameters.put(p, LikePatterns.literal("", (String) condition.values().get(0), "%"));
                case ABSENT -> {
                }
                // A time is compared as it is kept: to the microsecond
                default -> parameters.put(p, micros(condition.values().get(0)));
            }
        }
        return new Jpql(from, text.toString(), parameters);
    }

    /** The column of a field (null: when the record was written). */
    private static String column(RecordKind.Field field, Map<String, String> slotOf) {
        return field == null ? "r.updatedAt" : "r." + slotOf.get(field.name());
    }

    /**
     * Writes the record only if it is at {@code version} (0: only if there is none), in one statement that only one of
     * several writers can win.
     *
     * @throws RecordConflictException when it is at another version
     */
    @Transactional(TxType.REQUIRED)
    public void replace(String pluginId, String tenantId, String kind, String key, String json, long version) {
        write(pluginId, tenantId, kind, key, checked(kind, key, json, Columns.none()), version);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Versioned> getVersioned(String pluginId, String tenantId, String kind, String key) {
        check(kind, key);
        return Optional.ofNullable(entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key)))
                .map(row -> new Versioned(row.body(), row.version()));
    }

    private static RecordConflictException conflict(String kind, String key) {
        return new RecordConflictException("The " + kind + " record " + key + " was changed by someone else since it "
                + "was read; nothing was written");
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<String> get(String pluginId, String tenantId, String kind, String key) {
        check(kind, key);
        return Optional.ofNullable(entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key)))
                .map(PluginRecordEntity::body);
    }

    @Transactional(TxType.SUPPORTS)
    public List<Entry> list(String pluginId, String tenantId, String kind, int first, int max) {
        check(kind, "x");
        if (first < 0 || max < 1 || max > 500) {
            throw new IllegalArgumentException("A page of records starts at 0 or later and holds 1 to 500");
        }
        return entityManager.createQuery("select r from PluginRecordEntity r where r.pluginId = :plugin and "
                        + "r.tenantId = :tenant and r.kind = :kind order by r.updatedAt desc, r.key",
                        PluginRecordEntity.class)
                .setParameter("plugin", pluginId).setParameter("tenant", tenant(tenantId)).setParameter("kind", kind)
                .setFirstResult(first).setMaxResults(max).getResultStream()
                .map(row -> new Entry(row.key(), row.body(), row.updatedAt())).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public long count(String pluginId, String tenantId, String kind) {
        check(kind, "x");
        return entityManager.createQuery("select count(r) from PluginRecordEntity r where r.pluginId = :plugin and "
                        + "r.tenantId = :tenant and r.kind = :kind", Long.class)
                .setParameter("plugin", pluginId).setParameter("tenant", tenant(tenantId)).setParameter("kind", kind)
                .getSingleResult();
    }

    @Transactional(TxType.REQUIRED)
    public boolean delete(String pluginId, String tenantId, String kind, String key) {
        check(kind, key);
        PluginRecordEntity existing = entityManager.find(PluginRecordEntity.class, id(pluginId, tenantId, kind, key));
        if (existing == null) {
            return false;
        }
        written(pluginId, kind);
        entityManager.remove(existing);
        return true;
    }

    /** What plugins kept about a removed tenant goes with it, every plugin's. */
    @Transactional(TxType.REQUIRED)
    void forget(@jakarta.enterprise.event.Observes dev.tenantry.portal.tenant.TenantRemoved removed) {
        afterTransaction(answers::tenantsChanged);
        entityManager.createQuery("delete from PluginRecordEntity r where r.tenantId = :tenant")
                .setParameter("tenant", removed.tenantId()).executeUpdate();
    }

    private static PluginRecordEntity.Key id(String pluginId, String tenantId, String kind, String key) {
        return new PluginRecordEntity.Key(pluginId, tenant(tenantId), kind, key);
    }

    private static String tenant(String tenantId) {
        return tenantId == null ? NONE : tenantId;
    }

    private static void check(String kind, String key) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("A record kind is lower-case letters, digits and dashes, not '" + kind
                    + "'");
        }
        if (key == null || key.isEmpty() || key.length() > 200) {
            throw new IllegalArgumentException("A record key holds 1 to 200 characters");
        }
    }

    /** A time as the columns keep it, to the microsecond; any other value as it is. */
    private static Object micros(Object value) {
        return value instanceof Instant instant ? instant.truncatedTo(ChronoUnit.MICROS) : value;
    }
}
