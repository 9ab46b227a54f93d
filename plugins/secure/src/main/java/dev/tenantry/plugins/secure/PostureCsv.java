package dev.tenantry.plugins.secure;

import dev.tenantry.plugins.secure.history.PostureReport;
import dev.tenantry.plugins.secure.posture.Evidence;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tenant's posture report as CSV (RFC 4180): one check per line with what it saw and what to do. A cell a
 * spreadsheet would run as a formula (=, +, -, @ first) is written as text.
 */
final class PostureCsv {

    static final List<String> HEADER = List.of("Check", "Title", "Area", "Severity", "Status", "Scanned status",
            "Summary", "Evidence", "Remediation", "Exception owner", "Exception reason", "Exception until",
            "Scanned at");

    private PostureCsv() {
    }

    static String of(PostureReport report) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (PostureReport.Row row : report.rows()) {
            String evidence = row.result().evidence().stream().map(PostureCsv::evidence)
                    .collect(Collectors.joining("; "));
            line(csv, List.of(row.id(), row.title(), row.area(), row.severity(), row.status(),
                    row.result().status().name(), row.result().summary(), evidence, row.remediation(),
                    row.exception() == null ? "" : row.exception().owner(),
                    row.exception() == null ? "" : row.exception().reason(),
                    row.exception() == null ? "" : row.exception().expires().toString(),
                    report.scan().scannedAt().toString()));
        }
        return csv.toString();
    }

    private static String evidence(Evidence seen) {
        return seen.subject() + ": " + seen.value();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(PostureCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
