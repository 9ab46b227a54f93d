package dev.tenantry.plugin.api;

import java.util.List;
import java.util.Objects;

/**
 * One thing a {@link TenantAction} asks before it runs. The host renders the form, checks what is entered (required,
 * one of the choices, at most {@link #MAX_LENGTH} characters) and hands the values to
 * {@link TenantAction#execute} by {@link #name()}; with four eyes, the approver sees exactly these values.
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

    /** The longest value a parameter takes. */
    public static final int MAX_LENGTH = 4000;

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
         * installation's bulk rule counts for approval.
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

    /** A parameter of kind {@code kind}, without choices or help. */
    public static ActionParameter of(String name, String label, Kind kind, boolean required) {
        return new ActionParameter(name, label, kind, required, List.of(), "");
    }
}
