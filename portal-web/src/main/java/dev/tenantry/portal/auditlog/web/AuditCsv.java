package dev.tenantry.portal.auditlog.web;

import dev.tenantry.portal.audit.AuditRecord;
import java.util.Map;
import java.util.TreeMap;

/** Audit records as CSV (RFC 4180), safe to open in a spreadsheet: no cell starts a formula. */
final class AuditCsv {

    static final String HEADER = "time,actor,tenant,action,target,outcome,details,correlation id\r\n";

    private AuditCsv() {
    }

    static String row(AuditRecord record) {
        Map<String, String> details = new TreeMap<>(record.details());
        StringBuilder detailText = new StringBuilder();
        details.forEach((key, value) -> detailText.append(detailText.length() == 0 ? "" : "; ").append(key).append('=')
                .append(value));
        return String.join(",", cell(record.occurredAt().toString()), cell(record.event().actor()),
                cell(record.event().tenantId()), cell(record.event().action()), cell(record.event().target()),
                cell(record.event().outcome().name()), cell(detailText.toString()), cell(record.event().correlationId()))
                + "\r\n";
    }

    static String cell(String value) {
        return dev.tenantry.portal.web.CsvCell.of(value);
    }
}
