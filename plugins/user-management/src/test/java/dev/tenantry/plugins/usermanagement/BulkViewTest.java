package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryActionRuns;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySecrets;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.MemorySchedule;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.bulk.BulkImport;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk import page: an import of many users goes to a second person whole, is listed as waiting while it waits,
 * and then as refused (by whom, why) or approved beside the import it became.
 */
@EmulatorTest
class BulkViewTest {

    static final String HEADER = "userPrincipalName,displayName,usageLocation,department,jobTitle,companyName\n";

    EmulatorGraphAccess graph;
    MemoryRecords records;
    MemoryAudit audit;
    MemorySecrets secrets;
    MemoryTenants tenants;
    Tenant contoso;
    final MemoryPortalUser person = new MemoryPortalUser("admin@northwind-msp.example", "User Administrator")
            .holding(UserIds.VIEW).holding(UserIds.CREATE);

    @BeforeEach
    void arrange(M365Emulator emulator) throws Exception {
        contoso = emulator.tenant(Grants.CONTOSO);
        graph = Grants.inContoso(emulator, UserIds.DIRECTORY_SCOPES, UserIds.CREATE_SCOPES, UserIds.LICENCE_SCOPES,
                UserIds.GROUP_SCOPES);
        records = new MemoryRecords();
        audit = new MemoryAudit();
        secrets = new MemorySecrets();
        tenants = new MemoryTenants();
        tenants.add(contoso.id(), "Contoso", Grants.CONTOSO);
        new DirectorySync(graph, new UserStore(records), new MemoryClaims(), new ThreadTasks(), Clock.systemUTC(),
                Duration.ofDays(1))
                .sync(contoso.id(), true);
    }

    MemoryActionRuns runs(int threshold) {
        BulkCreateAction action = TestHost.with(graph, records, audit, secrets, person,
                new MemorySchedule(new BulkJob())).fill(new BulkCreateAction());
        return new MemoryActionRuns(threshold, person, action);
    }

    BulkView page(MemoryActionRuns runs) {
        BulkView page = TestHost.with(person, graph, records, tenants, audit, secrets, runs).fill(new BulkView());
        page.setTenant(contoso.id());
        return page;
    }

    /** A CSV of {@code count} new starters, {@code prefix}1… */
    static String starters(String prefix, int count) {
        return HEADER + IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i + "@contoso.example,New Starter "
                + prefix + i + ",GB,Sales and Marketing,Account Executive,Contoso Ltd")
                .collect(Collectors.joining("\n"));
    }

    /** Checks {@code csv} on {@code page} and imports its good rows, saying why. */
    static void importRows(BulkView page, String csv) {
        page.setCsv(csv);
        page.check();
        page.setReason("New office opens");
        page.submit();
    }

    @Test
    void anImportOfSixtyUsersGoesToApprovalWholeAndIsListedAsWaiting() {
        MemoryActionRuns runs = runs(25);
        BulkView page = page(runs);

        importRows(page, starters("s", 60));

        MemoryActionRuns.Waiting waiting = runs.waiting().get(0);
        assertEquals(60, waiting.parameters().get("rows").lines().count());
        assertTrue(waiting.parameters().get("rows").length() > ActionParameter.MAX_LENGTH,
                "more than a line of text takes: " + waiting.parameters().get("rows").length());
        List<BulkImport.Batch> batches = page.getBatches();
        assertEquals(1, batches.size());
        assertEquals("AWAITING_APPROVAL", batches.get(0).state());
        assertEquals(60, batches.get(0).rows());
        assertEquals(waiting.id(), batches.get(0).approvalId());
        assertFalse(page.isWorking(), "the page does not poll for days while it waits");
        assertTrue(contoso.user("s1@" + Grants.CONTOSO).isEmpty(), "nothing created before the approval");
    }

    @Test
    void aRefusedImportIsListedAsRefusedOnceAndAnApprovedOneBesideTheImportItBecame() {
        MemoryActionRuns runs = runs(2);
        importRows(page(runs), starters("r", 3));
        importRows(page(runs), starters("a", 4));
        List<MemoryActionRuns.Waiting> waiting = runs.waiting();

        runs.reject(waiting.get(0).id(), "lead@northwind-msp.example", "These starters begin next month");
        runs.approve(waiting.get(1).id(), "lead@northwind-msp.example", "");
        Map<String, BulkImport.Batch> byState = page(runs).getBatches().stream().collect(Collectors.toMap(
                BulkImport.Batch::state, batch -> batch));

        assertEquals(Map.of("REFUSED", 3, "APPROVED", 4, "QUEUED", 4), byState.entrySet().stream().collect(
                Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().rows())));
        assertEquals("Refused by lead@northwind-msp.example: These starters begin next month. Nothing was created.",
                byState.get("REFUSED").message());
        assertEquals("Approved by lead@northwind-msp.example: queued as an import of its own.",
                byState.get("APPROVED").message());
        assertTrue(page(runs).isWorking(), "the approved import is queued");
        page(runs).getBatches();
        assertEquals(1, audit.of("bulk-create.refused").size(), "recorded once, however often it is looked at");
        assertEquals("REJECTED", audit.of("bulk-create.refused").get(0).details().get("decision"));
        assertTrue(contoso.user("r1@" + Grants.CONTOSO).isEmpty());
    }
}
