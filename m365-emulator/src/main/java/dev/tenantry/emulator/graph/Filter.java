package dev.tenantry.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The OData {@code $filter} subset Graph supports on directory objects and that Tenantry uses: {@code eq}, {@code ne},
 * {@code gt}, {@code ge}, {@code lt}, {@code le}, {@code startswith(...)}, {@code in (...)}, {@code and}, {@code or},
 * {@code not} and parentheses, over string, boolean, null, numeric and DateTimeOffset (unquoted) literals. Property paths may be nested ({@code a/b}).
 */
final class Filter {

    /** A filter that cannot be parsed or names a property the collection does not filter on. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean unsupportedProperty;

        Invalid(String message, boolean unsupportedProperty) {
            super(message);
            this.unsupportedProperty = unsupportedProperty;
        }
    }

    private final String text;
    private final Set<String> filterable;
    private final List<String> tokens;
    private int position;

    private Filter(String text, Set<String> filterable) {
        this.text = text;
        this.filterable = filterable;
        this.tokens = tokenize(text);
    }

    /** Parses {@code text}; {@code filterable} lists the properties (case-insensitive) that may appear. */
    static Predicate<JsonNode> parse(String text, Set<String> filterable) {
        Filter parser = new Filter(text, filterable);
        Predicate<JsonNode> predicate = parser.or();
        if (parser.position != parser.tokens.size()) {
            throw parser.syntax();
        }
        return predicate;
    }

    private Predicate<JsonNode> or() {
        Predicate<JsonNode> left = and();
        while (peek("or")) {
            position++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<JsonNode> and() {
        Predicate<JsonNode> left = unary();
        while (peek("and")) {
            position++;
            left = left.and(unary());
        }
        return left;
    }

    private Predicate<JsonNode> unary() {
        if (peek("not")) {
            position++;
            return unary().negate();
        }
        if (peek("(")) {
            position++;
            Predicate<JsonNode> inner = or();
            expect(")");
            return inner;
        }
        if (peek("startswith")) {
            position++;
            expect("(");
            String property = property();
            expect(",");
            Object prefix = literal();
            expect(")");
            if (!(prefix instanceof String text)) {
                throw syntax();
            }
            String lower = text.toLowerCase(Locale.ROOT);
            return node -> {
                JsonNode value = value(node, property);
                return value.isTextual() && value.asText().toLowerCase(Locale.ROOT).startsWith(lower);
            };
        }
        String property = property();
        String operator = next().toLowerCase(Locale.ROOT);
        switch (operator) {
            case "eq", "ne" -> {
                Object expected = literal();
                Predicate<JsonNode> equal = node -> matches(value(node, property), expected);
                return operator.equals("eq") ? equal : equal.negate();
            }
            case "in" -> {
                expect("(");
                List<Object> options = new ArrayList<>();
                options.add(literal());
                while (peek(",")) {
                    position++;
                    options.add(literal());
                }
                expect(")");
                return node -> options.stream().anyMatch(option -> matches(value(node, property), option));
            }
            case "gt", "ge", "lt", "le" -> {
                Object bound = literal();
                if (bound == null || bound instanceof Boolean) {
                    throw syntax();
                }
                return node -> compare(value(node, property), bound).map(order -> switch (operator) {
                    case "gt" -> order > 0;
                    case "ge" -> order >= 0;
                    case "lt" -> order < 0;
                    default -> order <= 0;
                }).orElse(false);
            }
            default -> throw syntax();
        }
    }

    /** How {@code value} orders against {@code bound} (a number, a date-time or a string); empty if they do not compare. */
    private static java.util.Optional<Integer> compare(JsonNode value, Object bound) {
        if (bound instanceof Double number) {
            return value.isNumber() ? java.util.Optional.of(Double.compare(value.asDouble(), number))
                    : java.util.Optional.empty();
        }
        if (!value.isTextual()) {
            return java.util.Optional.empty();
        }
        if (bound instanceof java.time.Instant instant) {
            try {
                return java.util.Optional.of(java.time.OffsetDateTime.parse(value.asText()).toInstant()
                        .compareTo(instant));
            } catch (java.time.format.DateTimeParseException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(value.asText().compareToIgnoreCase((String) bound));
    }

    private String property() {
        String token = next();
        if (!token.matches("[A-Za-z_][A-Za-z0-9_/]*")) {
            throw syntax();
        }
        String root = token.split("/")[0];
        if (filterable.stream().noneMatch(root::equalsIgnoreCase)) {
            throw new Invalid("Unsupported or invalid query filter clause specified for property '" + root
                    + "' of resource 'User'.", true);
        }
        return token;
    }

    private Object literal() {
        String token = next();
        if (token.startsWith("'")) {
            return token.substring(1, token.length() - 1).replace("''", "'");
        }
        switch (token.toLowerCase(Locale.ROOT)) {
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            case "null" -> {
                return null;
            }
            default -> {
                if (token.matches("-?\\d+(\\.\\d+)?")) {
                    return Double.valueOf(token);
                }
                if (token.matches("[0-9a-fA-F-]{36}")) {
                    return token;
                }
                if (token.matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})")) {
                    // An OData DateTimeOffset literal (unquoted)
                    return java.time.OffsetDateTime.parse(token).toInstant();
                }
                throw syntax();
            }
        }
    }

    private static JsonNode value(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("/")) {
            JsonNode next = null;
            var names = current.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.equalsIgnoreCase(part)) {
                    next = current.get(name);
                    break;
                }
            }
            if (next == null) {
                return com.fasterxml.jackson.databind.node.NullNode.getInstance();
            }
            current = next;
        }
        return current;
    }

    private static boolean matches(JsonNode value, Object expected) {
        if (expected == null) {
            return value.isNull() || value.isMissingNode();
        }
        if (expected instanceof Boolean bool) {
            return value.isBoolean() && value.asBoolean() == bool;
        }
        if (expected instanceof Double number) {
            return value.isNumber() && value.asDouble() == number;
        }
        if (expected instanceof java.time.Instant) {
            return compare(value, expected).map(order -> order == 0).orElse(false);
        }
        return value.isTextual() && value.asText().equalsIgnoreCase((String) expected);
    }

    private boolean peek(String token) {
        return position < tokens.size() && tokens.get(position).equalsIgnoreCase(token);
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw syntax();
        }
        position++;
    }

    private String next() {
        if (position >= tokens.size()) {
            throw syntax();
        }
        return tokens.get(position++);
    }

    private Invalid syntax() {
        return new Invalid("Invalid filter clause: Syntax error at position " + position + " in '" + text + "'.", false);
    }

    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int end = i + 1;
                while (true) {
                    if (end >= text.length()) {
                        throw new Invalid("Invalid filter clause: Unterminated string literal in '" + text + "'.", false);
                    }
                    if (text.charAt(end) == '\'') {
                        if (end + 1 < text.length() && text.charAt(end + 1) == '\'') {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                tokens.add(text.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                        && "(),'".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }
}
