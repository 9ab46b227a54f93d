package dev.tenantry.portal.auditlog.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditCsvTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "=HYPERLINK(\"http://evil\")|\"'=HYPERLINK(\"\"http://evil\"\")\"",
        "+1+1|\"'+1+1\"",
        "-2|\"'-2\"",
        "@SUM(A1)|\"'@SUM(A1)\"",
        "plain, with comma|\"plain, with comma\"",
        "say \"hi\"|\"say \"\"hi\"\"\""})
    void quotesEveryCellAndDisarmsFormulas(String value, String expected) {
        assertEquals(expected, AuditCsv.cell(value));
    }

    @Test
    void aRowHasTheEightColumnsOfTheHeaderInOrder() {
        AuditRecord record = new AuditRecord(7, Instant.parse("2026-11-23T10:15:30Z"), new AuditEvent(
                "alex@northwind.example", "t-1", "tenant.add", "Contoso", Outcome.SUCCESS,
                java.util.Map.of("domain", "contoso.example", "tags", "pilot"), "c-1"));

        assertEquals("\"2026-11-23T10:15:30Z\",\"alex@northwind.example\",\"t-1\",\"tenant.add\",\"Contoso\",\"SUCCESS\","
                + "\"domain=contoso.example; tags=pilot\",\"c-1\"\r\n", AuditCsv.row(record));
        assertEquals(8, AuditCsv.HEADER.split(",").length);
    }
}
