package dev.tenantry.portal.persistence;

/**
 * Text searched for with SQL {@code like}, taken literally: its {@code %} and {@code _} are escaped with {@code !},
 * the same on H2 and PostgreSQL (which differ in their default escape character). Write the condition as
 * {@code column like :pattern} followed by {@link #ESCAPE}.
 */
public final class LikePatterns {

    /** The clause that goes after a {@code like} whose pattern came from here. */
    public static final String ESCAPE = " escape '!'";

    private LikePatterns() {
    }

    /** A pattern matching {@code text} exactly where the caller puts it, between {@code before} and {@code after}. */
    public static String literal(String before, String text, String after) {
        return before + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + after;
    }
}
