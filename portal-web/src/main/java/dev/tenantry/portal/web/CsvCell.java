package dev.tenantry.portal.web;

/** One CSV cell (RFC 4180), safe to open in a spreadsheet: quoted, and never starting a formula. */
public final class CsvCell {

    private CsvCell() {
    }

    /** Quotes the value; a value a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
    public static String of(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
