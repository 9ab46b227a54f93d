package dev.tenantry.plugins.usermanagement.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.testkit.MemoryActionRuns;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemorySecrets;
import dev.tenantry.plugin.testkit.MemorySchedule;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.BulkCreateAction;
import dev.tenantry.plugins.usermanagement.BulkJob;
import dev.tenantry.plugins.usermanagement.InContoso;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A CSV import against the emulator: every row's problems said before anything happens, the good rows run through the
 * tenant action (a second person approves a large import), created by the job a row at a time and never twice, and
 * their passwords given once.
 */
class BulkImportTest extends InContoso {

    static final String HEADER = "userPrincipalName,displayName,usageLocation,licences,groups\n";

    MemorySecrets secrets;
    final MemoryPortalUser person = new MemoryPortalUser("admin@northwind-msp.example", "User Administrator")
            .holding(UserIds.VIEW).holding(UserIds.CREATE);

    BulkImportTest() {
        super(UserIds.DIRECTORY_SCOPES, UserIds.CREATE_SCOPES, UserIds.LICENCE_SCOPES, UserIds.GROUP_SCOPES);
    }

    @BeforeEach
    void arrange() throws Exception {
        secrets = new MemorySecrets();
        sync();
        emulator.directory().addGroup(contoso, dev.tenantry.emulator.http.Json.object().put("displayName", "Sales")
                .put("securityEnabled", true).put("mailEnabled", false), List.of());
    }

    final MemorySchedule schedule = new MemorySchedule(new BulkJob());

    BulkImport imports() {
        return new BulkImport(graph, records, audit, secrets, Clock.systemUTC());
    }

    MemoryActionRuns runs(int threshold) {
        BulkCreateAction action = TestHost.with(graph, records, audit, secrets, person, schedule)
                .fill(new BulkCreateAction());
        return new MemoryActionRuns(threshold, person, action);
    }

    @Test
    void everyRowsProblemsAreSaidAtOnceAndOnlyGoodRowsCount() throws Exception {
        BulkImport.Preview preview = imports().check(contoso.id(), HEADER
                + "nina.novak@contoso.example,Nina Novak,GB,ENTERPRISEPREMIUM,Sales\n"
                + "adele.vance@contoso.example,Adele Again,GB,,\n"
                + "someone@fabrikam.example,Someone,GB,,\n"
                + "nina.novak@contoso.example,Nina Twice,GB,,\n"
                + "olga@contoso.example,Olga,,SPE_F9,No Such Group\n"
                + "\"pat, o'neil@contoso.example\",,GB,,\n", person);

        assertEquals("", preview.problem());
        assertEquals(6, preview.rows().size());
        assertEquals(1, preview.good(), preview.rows().toString());
        assertTrue(preview.rows().get(0).good());
        assertTrue(preview.rows().get(1).problems().contains("The sign-in name is taken."));
        assertTrue(preview.rows().get(2).problems().get(0).contains("not a verified domain"));
        assertTrue(preview.rows().get(3).problems().get(0).contains("in the file twice"));
        String olga = preview.rows().get(4).problems().toString();
        assertTrue(olga.contains("no SPE_F9 subscription") && olga.contains("No assigned group 'No Such Group'"),
                olga);
        assertTrue(preview.rows().get(5).problems().toString().contains("display name"));
        assertEquals(List.of(), imports().check(contoso.id(), "email,name\nx,y\n", person).rows(),
                "a file with unknown columns is refused whole");
        assertTrue(contoso.user("nina.novak@" + CONTOSO).isEmpty(), "nothing created by a check");
    }

    @Test
    void goodRowsAreQueuedByTheActionCreatedByTheJobAndTheirPasswordsGivenOnce() throws Exception {
        BulkImport.Preview preview = imports().check(contoso.id(), HEADER
                + "nina.novak@contoso.example,Nina Novak,GB,ENTERPRISEPREMIUM,Sales\n"
                + "omar.ali@contoso.example,Omar Ali,GB,,\n", person);
        PluginActionRuns.Submitted submitted = runs(25).submit("user-management.bulk-create", contoso.id(),
                Map.of("rows", String.join("\n", preview.goodLines())), (int) preview.good(), "");

        assertFalse(submitted.waitingForApproval());
        assertTrue(submitted.result().startsWith("2 user(s) queued"), submitted.result());
        // The import asks for the job's run in this tenant now; no other tenant is visited for it
        assertEquals(List.of(contoso.id()), schedule.asks().stream().map(MemorySchedule.Ask::tenantId).toList());
        assertTrue(schedule.start(BulkJob.ID, contoso.id()), "due now");
        assertEquals(2, BulkJob.runDue(imports(), new MemoryClaims(), contoso.id()).orElseThrow());
        assertFalse(imports().waiting(contoso.id()), "nothing left for a next run");

        assertTrue(contoso.user("nina.novak@" + CONTOSO).isPresent());
        assertTrue(contoso.user("omar.ali@" + CONTOSO).isPresent());
        BulkImport.Batch batch = imports().recent(contoso.id(), 1).get(0);
        assertEquals("DONE", batch.state());
        assertEquals(2, batch.created());
        String passwords = imports().takePasswords(contoso.id(), batch.id(), person).orElseThrow();
        String nina = passwords.lines().filter(line -> line.startsWith("nina.novak@")).findFirst().orElseThrow()
                .split(",", 2)[1];
        assertTrue(contoso.user("nina.novak@" + CONTOSO).orElseThrow().passwordMatches(nina));
        assertTrue(imports().takePasswords(contoso.id(), batch.id(), person).isEmpty(), "given once");
        assertFalse(records.toString().contains(nina), "never kept in clear");
        assertEquals(0, BulkJob.runDue(imports(), new MemoryClaims(), contoso.id()).orElseThrow(), "nothing twice");
    }

    @Test
    void anImportOverTheBulkThresholdWaitsForASecondPerson() throws Exception {
        BulkImport.Preview preview = imports().check(contoso.id(), HEADER + "a1@contoso.example,A One,GB,,\n"
                + "a2@contoso.example,A Two,GB,,\n" + "a3@contoso.example,A Three,GB,,\n", person);
        MemoryActionRuns runs = runs(2);

        PluginActionRuns.Submitted submitted = runs.submit("user-management.bulk-create", contoso.id(),
                Map.of("rows", String.join("\n", preview.goodLines())), (int) preview.good(), "New starters");

        assertTrue(submitted.waitingForApproval());
        assertTrue(imports().recent(contoso.id(), 5).isEmpty(), "nothing queued before the approval");
        assertTrue(runs.approve(submitted.approvalId()).startsWith("3 user(s) queued"));
        assertEquals(3, BulkJob.runDue(imports(), new MemoryClaims(), contoso.id()).orElseThrow());
    }

    @Test
    void anImportAStoppedServerInterruptedGoesOnWithoutCreatingARowTwice() throws Exception {
        String id = imports().queue(contoso.id(), List.of(
                CsvRows.line(CsvRows.parse(HEADER + "b1@contoso.example,B One,GB,,").get(0)),
                CsvRows.line(CsvRows.parse(HEADER + "b2@contoso.example,B Two,GB,,").get(0))), person
                .userPrincipalName());
        // The server created b1 and recorded it, then stopped
        BulkImport.BatchRow first = imports().rows(contoso.id(), id, "WAITING", 10).get(0);
        imports().saveRow(contoso.id(), new BulkImport.BatchRow(id, first.line(), first.csv(),
                first.userPrincipalName(), "CREATED", "Created before the stop", "id-b1", null));
        emulator.requestLog().clear();

        assertEquals(1, BulkJob.runDue(imports(), new MemoryClaims(), contoso.id()).orElseThrow());

        assertEquals(1, emulator.requestLog().matching(entry -> entry.method().equals("POST")
                && entry.path().endsWith("/users")).size(), "only b2 was created");
        assertTrue(contoso.user("b2@" + CONTOSO).isPresent());
        assertTrue(contoso.user("b1@" + CONTOSO).isEmpty());
    }
}
