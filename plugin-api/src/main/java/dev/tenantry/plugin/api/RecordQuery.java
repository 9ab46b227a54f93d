package dev.tenantry.plugin.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A question about one kind of a plugin's records that the host answers in the database: which tenants (those the
 * member of staff may see with a permission, named ones, every tenant the plugin works in, or the installation-wide
 * records, and of those only the tenants carrying a tag), conditions on indexed fields, and an order.
 * {@link PluginRecords#query}, {@link PluginRecords#count(RecordQuery)} and {@link PluginRecords#countBy} run it;
 * nothing is read into memory but the page asked for.
 *
 * <pre>{@code
 * RecordQuery open = RecordQuery.of(INCIDENT).visibleWith("threat-alerts:view")
 *         .equal("state", "OPEN").atLeast("severity", 2)
 *         .orderBy("severity", true).orderBy("last-detected", true);
 * List<PluginRecords.Found> page = records.query(open, 0, 50);
 * long all = records.count(open);
 * }</pre>
 *
 * Immutable: each method gives a new query.
 *
 * @since 1.6.0
 */
public final class RecordQuery {

    /** Which tenants' records a query reads. */
    public enum Scope {
        /** The tenants the plugin works in where the member of staff of the request holds a permission. */
        VISIBLE,
        /** Named tenants (those of them the plugin works in). */
        TENANTS,
        /** Every tenant the plugin works in: for jobs and work that act for the installation, not for a person. */
        ALL_TENANTS,
        /** The plugin's installation-wide records (written with no tenant). */
        INSTALLATION
    }

    /** How a condition compares. */
    public enum Operator {
        EQUAL, NOT_EQUAL, IN, AT_LEAST, BELOW,
        /** Text that contains the value, whatever the case. */
        CONTAINS,
        /**
         * Text that starts with the value, compared as written: answered from the field's index, whatever the number
         * of records.
         *
         * @since 1.7.0
         */
        STARTS_WITH,
        /** The field has no value. */
        ABSENT
    }

    /** A condition on one field. */
    public record Condition(RecordKind.Field field, Operator operator, List<Object> values) {
    }

    /** One key of the order; {@code field} null for {@link RecordKind#UPDATED_AT}. */
    public record Order(RecordKind.Field field, boolean descending) {
    }

    /** The most conditions a query may have. */
    public static final int MAX_CONDITIONS = 12;
    /** The most values an {@code in} condition, or a list of tenants, may have. */
    public static final int MAX_VALUES = 1_000;
    /** A tag as the portal keeps it: lower case, up to 40 letters, digits or dashes, starting with no dash. */
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final RecordKind kind;
    private final Scope scope;
    private final String permission;
    private final Set<String> tenantIds;
    private final List<Condition> conditions;
    private final List<Order> orders;
    private final String tag;

    private RecordQuery(RecordKind kind, Scope scope, String permission, Set<String> tenantIds,
            List<Condition> conditions, List<Order> orders, String tag) {
        this.kind = kind;
        this.scope = scope;
        this.permission = permission;
        this.tenantIds = tenantIds;
        this.conditions = conditions;
        this.orders = orders;
        this.tag = tag;
    }

    /** The records of a kind in every tenant the plugin works in, until a scope is chosen. */
    public static RecordQuery of(RecordKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("A query is about one kind of records");
        }
        return new RecordQuery(kind, Scope.ALL_TENANTS, null, Set.of(), List.of(), List.of(), null);
    }

    /** In the tenants where the member of staff of this request holds {@code permission} (one of the plugin's). */
    public RecordQuery visibleWith(String permission) {
        if (permission == null || permission.isBlank()) {
            throw new IllegalArgumentException("Name the permission that lets a person see these records");
        }
        return new RecordQuery(kind, Scope.VISIBLE, permission, Set.of(), conditions, orders, tag);
    }

    /** In these tenants only (those of them the plugin works in). */
    public RecordQuery inTenants(Collection<String> tenantIds) {
        if (tenantIds == null || tenantIds.size() > MAX_VALUES || tenantIds.stream().anyMatch(id -> id == null)) {
            throw new IllegalArgumentException("Name 0 to " + MAX_VALUES + " tenants");
        }
        return new RecordQuery(kind, Scope.TENANTS, null, Set.copyOf(tenantIds), conditions, orders, tag);
    }

    /** In one tenant. */
    public RecordQuery inTenant(String tenantId) {
        return inTenants(Set.of(tenantId));
    }

    /** In every tenant the plugin works in. */
    public RecordQuery allTenants() {
        return new RecordQuery(kind, Scope.ALL_TENANTS, null, Set.of(), conditions, orders, tag);
    }

    /** The installation-wide records. */
    public RecordQuery installationWide() {
        return new RecordQuery(kind, Scope.INSTALLATION, null, Set.of(), conditions, orders, tag);
    }

    /**
     * Only the records of tenants carrying {@code tag} (MSPs tag tenants {@code managed}, {@code pilot}, a region…),
     * within whichever tenants the query reads otherwise: with {@link #visibleWith}, the tenants the person may see
     * that carry it. The tag is matched exactly, as the portal keeps tags: lower case ({@code " Pilot "} is
     * {@code pilot}), never a part of another tag ({@code pilot} is not {@code pilot-eu}). Installation-wide records
     * belong to no tenant, so a tagged {@link #installationWide} query finds none. The host matches it in its database,
     * however many tenants carry the tag. Blank: no tag condition (and none of an earlier call).
     *
     * @throws IllegalArgumentException when {@code tag} could not be a tag: up to 40 letters, digits or dashes
     * @since 1.8.0
     */
    public RecordQuery taggedWith(String tag) {
        String normal = normalTag(tag);
        if (!normal.isEmpty() && !TAG.matcher(normal).matches()) {
            throw new IllegalArgumentException("A tag is up to 40 letters, digits or dashes (not starting with a "
                    + "dash), not '" + tag + "'");
        }
        return new RecordQuery(kind, scope, permission, tenantIds, conditions, orders, normal.isEmpty() ? null
                : normal);
    }

    /** A tag as the portal keeps tags (lower case, without spaces at the edges); empty for {@code null} or blank. */
    static String normalTag(String tag) {
        return tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
    }

    public RecordQuery equal(String field, Object value) {
        return where(field, Operator.EQUAL, List.of(value));
    }

    public RecordQuery notEqual(String field, Object value) {
        return where(field, Operator.NOT_EQUAL, List.of(value));
    }

    /** The field holds one of {@code values} (1 to {@value #MAX_VALUES}). */
    public RecordQuery in(String field, Collection<?> values) {
        if (values == null || values.isEmpty() || values.size() > MAX_VALUES) {
            throw new IllegalArgumentException("An 'in' condition takes 1 to " + MAX_VALUES + " values");
        }
        return where(field, Operator.IN, List.copyOf(values));
    }

    /** The field is {@code value} or more (numbers, times, text in code-point order). */
    public RecordQuery atLeast(String field, Object value) {
        return where(field, Operator.AT_LEAST, List.of(value));
    }

    /** The field is less than {@code value}. */
    public RecordQuery below(String field, Object value) {
        return where(field, Operator.BELOW, List.of(value));
    }

    /** A text field contains {@code text}, whatever the case; blank text matches everything (no condition). */
    public RecordQuery contains(String field, String text) {
        if (text == null || text.isBlank()) {
            kind.require(field);
            return this;
        }
        if (kind.require(field).type() != RecordKind.Type.TEXT) {
            throw new IllegalArgumentException("'contains' is for text fields; " + field + " is not one");
        }
        return with(new Condition(kind.require(field), Operator.CONTAINS,
                List.of(text.strip().toLowerCase(Locale.ROOT))));
    }

    /**
     * A text field starts with {@code prefix}, compared as written (so write a lower-cased copy of what people search
     * for, and search it lower-cased); blank matches everything (no condition). Unlike {@link #contains}, the host
     * answers it from the field's index: a search among a million records reads only those that match.
     *
     * @since 1.7.0
     */
    public RecordQuery startsWith(String field, String prefix) {
        if (kind.require(field).type() != RecordKind.Type.TEXT) {
            throw new IllegalArgumentException("'startsWith' is for text fields; " + field + " is not one");
        }
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        if (prefix.length() > RecordKind.MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("A prefix is at most " + RecordKind.MAX_TEXT_LENGTH + " characters");
        }
        return with(new Condition(kind.require(field), Operator.STARTS_WITH, List.of(prefix)));
    }

    /** The field has no value (a record written before the field was added, or written without it). */
    public RecordQuery absent(String field) {
        RecordKind.Field declared = kind.require(field);
        return with(new Condition(declared, Operator.ABSENT, List.of()));
    }

    /**
     * Orders by a field (or {@link RecordKind#UPDATED_AT}); several calls order by each in turn. Records without a
     * value come last. Ties are broken by tenant and key, so pages never overlap.
     *
     * <p>The host reads a page in order from the field's index, however many records the kind holds, when a query
     * orders by one field in its natural direction: text and number fields ascending, times latest first (and, with no
     * order, by when records were written, latest first). Another order is sorted by the database from every record
     * the conditions leave: fine for a filtered few thousand, slow for a whole kind of a million.
     */
    public RecordQuery orderBy(String field, boolean descending) {
        RecordKind.Field declared = RecordKind.UPDATED_AT.equals(field) ? null : kind.require(field);
        if (orders.size() >= 4) {
            throw new IllegalArgumentException("A query orders by at most four fields");
        }
        List<Order> more = new ArrayList<>(orders);
        more.add(new Order(declared, descending));
        return new RecordQuery(kind, scope, permission, tenantIds, conditions, Collections.unmodifiableList(more),
                tag);
    }

    private RecordQuery where(String field, Operator operator, List<Object> values) {
        RecordKind.Field declared = RecordKind.UPDATED_AT.equals(field)
                ? new RecordKind.Field(RecordKind.UPDATED_AT, RecordKind.Type.TIME) : kind.require(field);
        List<Object> normal = new ArrayList<>();
        for (Object value : values) {
            RecordKind.check(kind, declared, value);
            normal.add(RecordKind.normal(value));
        }
        return with(new Condition(declared, operator, Collections.unmodifiableList(normal)));
    }

    private RecordQuery with(Condition condition) {
        if (conditions.size() >= MAX_CONDITIONS) {
            throw new IllegalArgumentException("A query has at most " + MAX_CONDITIONS + " conditions");
        }
        List<Condition> more = new ArrayList<>(conditions);
        more.add(condition);
        return new RecordQuery(kind, scope, permission, tenantIds, Collections.unmodifiableList(more), orders, tag);
    }

    public RecordKind kind() {
        return kind;
    }

    public Scope scope() {
        return scope;
    }

    /** The permission of a {@link Scope#VISIBLE} query. */
    public String permission() {
        return permission;
    }

    /** The tenants of a {@link Scope#TENANTS} query. */
    public Set<String> tenantIds() {
        return tenantIds;
    }

    public List<Condition> conditions() {
        return conditions;
    }

    /** The order asked for; the host orders by {@link RecordKind#UPDATED_AT}, newest first, when none is. */
    public List<Order> orders() {
        return orders;
    }

    /**
     * The tag the tenants of the records must carry, lower case; null for any tenant.
     *
     * @since 1.8.0
     */
    public String tag() {
        return tag;
    }

    @Override
    public String toString() {
        return "RecordQuery[" + kind.name() + " " + scope + (permission == null ? "" : " " + permission)
                + (tenantIds.isEmpty() ? "" : " " + tenantIds) + (tag == null ? "" : " tagged " + tag) + " "
                + conditions + " " + orders + "]";
    }
}
