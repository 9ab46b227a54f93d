package dev.tenantry.portal.approval;

import java.io.Serial;
import java.io.Serializable;

/**
 * One thing a request asks, as its approver reads it: a label and the exact value, and whether the value is a list of
 * items, one a line (a plugin action's thousands of users), which a page counts and shortens.
 */
public record ShownParameter(String label, String value, boolean items) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public ShownParameter {
        value = value == null ? "" : value;
    }

    /** How many lines hold something: the number of items of a list. */
    public int lines() {
        return (int) value.lines().filter(line -> !line.isBlank()).count();
    }

    /**
     * The value's first {@code maxLines} lines that hold something, at most {@code maxChars} characters in all ("…"
     * where a line is cut).
     */
    public String firstLines(int maxLines, int maxChars) {
        String first = String.join("\n", value.lines().filter(line -> !line.isBlank()).limit(maxLines).toList());
        return first.length() <= maxChars ? first : first.substring(0, maxChars - 1) + "…";
    }

    /** Whether {@link #firstLines} leaves something out, blank lines aside. */
    public boolean longerThan(int maxLines, int maxChars) {
        return !firstLines(maxLines, maxChars).equals(firstLines(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }
}
