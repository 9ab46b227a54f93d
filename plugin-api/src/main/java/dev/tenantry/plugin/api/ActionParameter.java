package dev.tenantry.plugin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a {@link TenantAction} asks before it runs. The host renders the form, checks what is entered (required,
 * one of the choices, at most {@link #maxLength()} characters: {@link #MAX_LENGTH}, or {@link #MAX_ITEMS_LENGTH} for
 * {@link Kind#ITEMS}) and hands the values to {@link TenantAction#execute} by {@link #name()}; with four eyes, the
 * approver sees exactly these values.
 *
 * @param name     the key in the parameters map
 * @param label    the form label
 * @param kind     how it is asked
 * @param required whether the action cannot run without it
 * @param choices  the allowed values of a {@link Kind#CHOICE}; empty otherwise
 * @param help     a sentence under the field; may be empty
 */
public record ActionParameter(String name, String label, Kind kind, boolean required, List<String> choices,
        String help) {

    /** The longest value a parameter takes, but for {@link Kind#ITEMS}. */
    public static final int MAX_LENGTH = 4000;

    /**
     * The longest value an {@link Kind#ITEMS} parameter takes: a list of thousands of things (a CSV line per new user,
     * a sign-in name per leaver) that a large run, the one an approval policy exists for, hands over whole. Keep each
     * item short; the approver's page shows how many there are and the first of them, the request's own page all.
     *
     * @since 1.8.0
     */
    public static final int MAX_ITEMS_LENGTH = 1_000_000;

    /** How a parameter is asked, and what its value looks like. */
    public enum Kind {
        /** One line of text. */
        TEXT,
        /** Several lines of text. */
        MULTILINE,
        /** Yes or no: {@code "true"} or {@code "false"}. */
        BOOLEAN,
        /** One of {@link ActionParameter#choices()}. */
        CHOICE,
        /**
         * The things the action touches, one per line (user principal names, team ids…): their number is what the
         * installation's bulk rule counts for approval. Takes up to {@link #MAX_ITEMS_LENGTH} characters (since
         * 1.8.0; {@link #MAX_LENGTH} before).
         */
        ITEMS
    }

    public ActionParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices == null ? List.of() : choices);
        help = help == null ? "" : help;
        if (kind == Kind.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("A choice parameter needs choices: " + name);
        }
    }

    /**
     * The longest value this parameter takes: {@link #MAX_ITEMS_LENGTH} for {@link Kind#ITEMS}, else
     * {@link #MAX_LENGTH}.
     *
     * @since 1.8.0
     */
    public int maxLength() {
        return kind == Kind.ITEMS ? MAX_ITEMS_LENGTH : MAX_LENGTH;
    }

    /** A parameter of kind {@code kind}, without choices or help. */
    public static ActionParameter of(String name, String label, Kind kind, boolean required) {
        return new ActionParameter(name, label, kind, required, List.of(), "");
    }

    /**
     * The parameters as the action declares them: only declared names, required ones present, choices and yes/no
     * values as allowed, none longer than its kind takes ({@link #maxLength()}: a list of items far more
     * than one line of text): what the host, and the test kit's {@code MemoryActionRuns}, take before an action runs or
     * goes to approval.
     *
     * @return the values given, blank ones left out
     * @throws IllegalArgumentException naming the parameter and what is wrong with it
     * @since 1.8.0
     */
    public static Map<String, String> checked(TenantAction action, Map<String, String> given) {
        Map<String, String> values = given == null ? Map.of() : given;
        Map<String, ActionParameter> declared = new LinkedHashMap<>();
        action.parameters().forEach(parameter -> declared.put(parameter.name(), parameter));
        for (String name : values.keySet()) {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException(action.label() + " takes no parameter '" + name + "'");
            }
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (ActionParameter parameter : declared.values()) {
            String value = values.get(parameter.name());
            if (value == null || value.isBlank()) {
                if (parameter.required()) {
                    throw new IllegalArgumentException(parameter.label() + " is required");
                }
                continue;
            }
            if (value.length() > parameter.maxLength()) {
                throw new IllegalArgumentException(parameter.label() + " is longer than "
                        + String.format(Locale.ROOT, "%,d", parameter.maxLength()) + " characters ("
                        + String.format(Locale.ROOT, "%,d", value.length()) + ")"
                        + (parameter.kind() == Kind.ITEMS ? ": split the list into smaller runs" : ""));
            }
            if (parameter.kind() == Kind.CHOICE && !parameter.choices().contains(value)) {
                throw new IllegalArgumentException(parameter.label() + " must be one of " + parameter.choices());
            }
            if (parameter.kind() == Kind.BOOLEAN && !value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(parameter.label() + " must be true or false");
            }
            checked.put(parameter.name(), value);
        }
        return java.util.Collections.unmodifiableMap(checked);
    }

    /**
     * How many things the ITEMS parameters name (non-blank lines), for the approval policy's bulk rule.
     *
     * @since 1.8.0
     */
    public static int itemsIn(TenantAction action, Map<String, String> values) {
        return action.parameters().stream().filter(parameter -> parameter.kind() == Kind.ITEMS)
                .map(parameter -> values.getOrDefault(parameter.name(), ""))
                .mapToInt(value -> (int) value.lines().filter(line -> !line.isBlank()).count()).sum();
    }
}
