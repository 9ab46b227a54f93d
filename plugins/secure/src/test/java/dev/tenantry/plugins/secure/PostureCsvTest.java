package dev.tenantry.plugins.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugins.secure.history.PostureException;
import dev.tenantry.plugins.secure.history.PostureReport;
import dev.tenantry.plugins.secure.history.ScanRecord;
import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.Evidence;
import dev.tenantry.plugins.secure.posture.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CSV a technician hands on: one line per check, quoted where needed, never a formula. */
class PostureCsvTest {

    @Test
    void eachCheckIsOneQuotedLineWithEvidenceAndExceptionAndFormulasAreDefused() {
        ScanRecord scan = new ScanRecord("t", Instant.parse("2026-11-20T10:00:00Z"), "alex", List.of(
                new CheckResult("admin-mfa", Status.FAIL, "No policy, \"none\" enabled",
                        List.of(new Evidence("Policy", "=HYPERLINK(\"x\")", "p1"), Evidence.of("Count", "0")), ""),
                new CheckResult("branding", Status.PASS, "Configured", List.of(), "")), 10.0, 20.0);
        PostureReport report = PostureReport.of(scan, Optional.empty(), List.of(new PostureException("admin-mfa",
                "Megan", "Line one\nline two", LocalDate.parse("2026-12-01"), "alex", Instant.EPOCH)),
                LocalDate.parse("2026-11-20"));

        String csv = PostureCsv.of(report);
        String[] lines = csv.split("\r\n(?=[a-z]|$)");
        assertEquals(String.join(",", PostureCsv.HEADER), lines[0]);
        assertTrue(lines[1].startsWith("admin-mfa,"), lines[1]);
        assertTrue(lines[1].contains(",ACCEPTED,FAIL,\"No policy, \"\"none\"\" enabled\","), lines[1]);
        assertTrue(lines[1].contains("\"Policy: =HYPERLINK(\"\"x\"\"); Count: 0\""), "evidence joined: " + lines[1]);
        assertTrue(lines[1].contains(",Megan,\"Line one\nline two\",2026-12-01,2026-11-20T10:00:00Z"), lines[1]);
        assertTrue(lines[2].startsWith("branding,"), lines[2]);
        assertEquals("\"'=1+1\"".replace("\"", ""), PostureCsv.cell("=1+1"));
        assertEquals("'@SUM(A1)", PostureCsv.cell("@SUM(A1)"));
        assertEquals("\"'-2,3\"", PostureCsv.cell("-2,3"));
        assertEquals("", PostureCsv.cell(null));
    }
}
