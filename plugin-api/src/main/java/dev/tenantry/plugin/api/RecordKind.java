package dev.tenantry.plugin.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One kind of a plugin's records and the fields of it the host indexes, so that the plugin can filter, sort, count and
 * page its records in the database, across every tenant a member of staff may see, without reading them: an inbox of
 * incidents by state and severity, a fleet of posture scores. The record itself stays JSON the host does not read; the
 * plugin gives each field's value beside it when it writes ({@link PluginRecords#put(String, RecordKind, String,
 * String, java.util.Map)}).
 *
 * <p>A kind has at most {@value #MAX_TEXT} text fields (up to {@value #MAX_TEXT_LENGTH} characters each),
 * {@value #MAX_NUMBER} number fields (whole numbers; flags are 0 or 1) and {@value #MAX_TIME} time fields. Fields are
 * known by name: a field may be added in a later version of the plugin (records written before hold no value for it
 * until they are written again), never given another type. Declare a kind once, as a constant:
 *
 * <pre>{@code
 * static final RecordKind INCIDENT = RecordKind.of("incident")
 *         .text("state").number("severity").time("last-detected").text("user");
 * }</pre>
 *
 * @since 1.6.0
 */
public final class RecordKind {

    /** Text fields a kind may have. */
    public static final int MAX_TEXT = 6;
    /** Number fields a kind may have. */
    public static final int MAX_NUMBER = 4;
    /** Time fields a kind may have. */
    public static final int MAX_TIME = 3;
    /** The longest value of a text field; a longer one is refused, not cut. */
    public static final int MAX_TEXT_LENGTH = 200;
    /** Sorts and filters on when a record was last written, for every kind. */
    public static final String UPDATED_AT = "updated-at";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** What a field holds. */
    public enum Type {
        /** Text of up to {@value RecordKind#MAX_TEXT_LENGTH} characters, compared as written. */
        TEXT,
        /** A whole number ({@code long}); a flag is 0 or 1. */
        NUMBER,
        /** An instant. */
        TIME
    }

    /** A field of a kind. */
    public record Field(String name, Type type) {
    }

    private final String name;
    private final List<Field> fields;

    private RecordKind(String name, List<Field> fields) {
        this.name = name;
        this.fields = fields;
    }

    /**
     * A kind without indexed fields yet.
     *
     * @throws IllegalArgumentException when the name is not lower-case letters, digits and dashes
     */
    public static RecordKind of(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A record kind is lower-case letters, digits and dashes, not '" + name
                    + "'");
        }
        return new RecordKind(name, List.of());
    }

    /** This kind with a text field more. */
    public RecordKind text(String field) {
        return with(field, Type.TEXT, MAX_TEXT);
    }

    /** This kind with a number field more. */
    public RecordKind number(String field) {
        return with(field, Type.NUMBER, MAX_NUMBER);
    }

    /** This kind with a time field more. */
    public RecordKind time(String field) {
        return with(field, Type.TIME, MAX_TIME);
    }

    private RecordKind with(String field, Type type, int most) {
        if (field == null || !NAME.matcher(field).matches() || field.equals(UPDATED_AT)) {
            throw new IllegalArgumentException("A field name is lower-case letters, digits and dashes (and not "
                    + UPDATED_AT + "), not '" + field + "'");
        }
        if (field(field).isPresent()) {
            throw new IllegalArgumentException("The kind " + name + " has a field " + field + " already");
        }
        if (fields.stream().filter(f -> f.type() == type).count() >= most) {
            throw new IllegalArgumentException("A kind has at most " + most + " " + type.name().toLowerCase(Locale.ROOT)
                    + " fields; " + name + " asks for more");
        }
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field(field, type));
        return new RecordKind(name, Collections.unmodifiableList(more));
    }

    public String name() {
        return name;
    }

    /** The indexed fields, in the order declared. */
    public List<Field> fields() {
        return fields;
    }

    /** A field by name. */
    public Optional<Field> field(String field) {
        return fields.stream().filter(f -> f.name().equals(field)).findFirst();
    }

    /**
     * The field, for a query or a value.
     *
     * @throws IllegalArgumentException when the kind has no such field
     */
    public Field require(String field) {
        return field(field).orElseThrow(() -> new IllegalArgumentException("The kind " + name + " has no indexed field "
                + field + " (it has " + fields.stream().map(Field::name).toList() + ")"));
    }

    /**
     * The values of this kind's fields for a record, checked and in the form the host keeps (numbers as {@code long},
     * flags as 0 or 1); a field left out, or given {@code null}, has no value.
     *
     * @throws IllegalArgumentException for a field the kind does not have, or a value of the wrong type or too long
     */
    public java.util.Map<String, Object> values(java.util.Map<String, ?> values) {
        java.util.Map<String, Object> checked = new java.util.LinkedHashMap<>();
        if (values != null) {
            values.forEach((field, value) -> {
                Field declared = require(field);
                if (value != null) {
                    check(this, declared, value);
                    checked.put(field, normal(value));
                }
            });
        }
        return Collections.unmodifiableMap(checked);
    }

    static void check(RecordKind kind, Field field, Object value) {
        boolean fits = switch (field.type()) {
            case TEXT -> value instanceof String text && text.length() <= MAX_TEXT_LENGTH;
            case NUMBER -> value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte || value instanceof Boolean;
            case TIME -> value instanceof java.time.Instant;
        };
        if (!fits) {
            throw new IllegalArgumentException("The field " + field.name() + " of " + kind.name() + " holds "
                    + switch (field.type()) {
                        case TEXT -> "text of up to " + MAX_TEXT_LENGTH + " characters";
                        case NUMBER -> "a whole number or a flag";
                        case TIME -> "an instant";
                    } + ", not " + (value == null ? "null" : value.getClass().getSimpleName()
                    + (value instanceof String text ? " of " + text.length() + " characters" : "")));
        }
    }

    static Object normal(Object value) {
        return value instanceof Boolean flag ? (flag ? 1L : 0L)
                : value instanceof Number number ? number.longValue() : value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordKind kind && kind.name.equals(name) && kind.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + fields.hashCode();
    }

    @Override
    public String toString() {
        return name + fields.stream().map(f -> f.name() + ":" + f.type()).toList();
    }
}
