package dev.tenantry.plugins.usermanagement.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a users CSV: RFC 4180 (commas, quoted fields with doubled quotes, CRLF or LF), a header line naming the
 * columns in any order ({@link #COLUMNS}; {@code userPrincipalName} and {@code displayName} required), licences and
 * groups separated by semicolons within their cell.
 */
public final class CsvRows {

    /** The columns a row may have. */
    public static final List<String> COLUMNS = List.of("userPrincipalName", "displayName", "givenName", "surname",
            "usageLocation", "department", "jobTitle", "companyName", "licences", "groups");
    /** The most rows an import takes. */
    public static final int MOST = 1_000;

    private CsvRows() {
    }

    /** One data row: its line number in the file (the header is 1) and its cells by column. */
    public record Row(int line, java.util.Map<String, String> cells) {

        public String get(String column) {
            return cells.getOrDefault(column, "");
        }

        /** A semicolon-separated cell as a list. */
        public List<String> list(String column) {
            List<String> items = new ArrayList<>();
            for (String item : get(column).split(";")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            return items;
        }
    }

    /**
     * The data rows of {@code text}.
     *
     * @throws IllegalArgumentException for a missing or unknown header column, or too many rows
     */
    public static List<Row> parse(String text) {
        List<List<String>> lines = lines(text == null ? "" : text);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("The CSV is empty: its first line names the columns ("
                    + String.join(", ", COLUMNS) + ")");
        }
        List<String> header = new ArrayList<>();
        for (String cell : lines.get(0)) {
            String column = COLUMNS.stream().filter(known -> known.equalsIgnoreCase(cell.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown column '" + cell.strip() + "': the "
                            + "columns are " + String.join(", ", COLUMNS)));
            header.add(column);
        }
        for (String required : List.of("userPrincipalName", "displayName")) {
            if (!header.contains(required)) {
                throw new IllegalArgumentException("The CSV needs a " + required + " column");
            }
        }
        if (lines.size() - 1 > MOST) {
            throw new IllegalArgumentException("An import takes at most " + MOST + " rows, not " + (lines.size() - 1));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = lines.get(i);
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            java.util.Map<String, String> byColumn = new java.util.LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                byColumn.put(header.get(c), c < cells.size() ? cells.get(c).strip() : "");
            }
            rows.add(new Row(i + 1, byColumn));
        }
        return rows;
    }

    /** A row written back as one CSV line in {@link #COLUMNS} order, for the action's items. */
    public static String line(Row row) {
        List<String> cells = new ArrayList<>();
        for (String column : COLUMNS) {
            String value = row.get(column);
            cells.add(value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
        }
        return String.join(",", cells);
    }

    /** The header line of {@link #line}. */
    public static String header() {
        return String.join(",", COLUMNS);
    }

    private static List<List<String>> lines(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                lines.add(cells);
                cells = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !cells.isEmpty()) {
            cells.add(cell.toString());
            lines.add(cells);
        }
        lines.removeIf(line -> line.stream().allMatch(String::isBlank) && line.size() <= 1);
        return lines;
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
