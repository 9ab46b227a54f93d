package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the contract cannot say of the host: how the test kit's records learn the tenants and the person. */
class MemoryRecordsTest {

    private static final RecordKind INCIDENT = RecordKind.of("incident").text("state");
    private static final RecordQuery VISIBLE = RecordQuery.of(INCIDENT).visibleWith("hello:view");

    static class Inbox {
        @HostService
        PluginRecords records;

        @HostService
        PortalUser user;
    }

    private static MemoryRecords writtenInContosoAndFabrikam() {
        MemoryRecords records = new MemoryRecords();
        records.put("contoso", INCIDENT, "i1", "{}", Map.of("state", "OPEN"));
        records.put("fabrikam", INCIDENT, "i1", "{}", Map.of("state", "OPEN"));
        return records;
    }

    @Test
    void untoldTenantQueriesReachEveryTenantWithRecordsAndAVisibleQueryFindsNoPerson() {
        MemoryRecords records = writtenInContosoAndFabrikam();

        assertEquals(2, records.count(RecordQuery.of(INCIDENT)));
        assertEquals(1, records.count(RecordQuery.of(INCIDENT).inTenants(List.of("contoso", "northwind"))));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> records.count(VISIBLE));
        assertTrue(refused.getMessage().contains("no person"), refused.getMessage());
    }

    @Test
    void theTestHostShowsTheRecordsThroughTheTenantsAndThePersonItIsGiven() {
        MemoryRecords records = writtenInContosoAndFabrikam();
        MemoryTenants tenants = MemoryTenants.of();
        tenants.add("contoso", "Contoso", "contoso.example");
        tenants.add("fabrikam", "Fabrikam", "fabrikam.example");
        MemoryPortalUser adele = new MemoryPortalUser("adele@northwind.example", "Adele").holding("hello:view",
                "fabrikam");

        Inbox inbox = TestHost.with(adele, tenants, records).fill(new Inbox());

        assertSame(records, inbox.records);
        assertEquals(List.of("fabrikam"), inbox.records.query(VISIBLE, 0, 10).stream()
                .map(PluginRecords.Found::tenantId).toList());
        tenants.remove("fabrikam");
        assertEquals(0, inbox.records.count(VISIBLE), "a tenant the plugin no longer works in counts at once");
        assertEquals(1, inbox.records.count(RecordQuery.of(INCIDENT)));
    }

    @Test
    void aServiceTheTestHostIsNotGivenLeavesWhatTheRecordsWereToldOfIt() {
        MemoryRecords records = writtenInContosoAndFabrikam();
        MemoryPortalUser adele = new MemoryPortalUser("adele@northwind.example", "Adele").holding("hello:view");
        records.seenThrough(null, adele);

        TestHost.with(MemoryTenants.of(), records);

        assertEquals(0, records.count(RecordQuery.of(INCIDENT)), "the tenants it was given");
        assertEquals(0, records.count(VISIBLE), "and still the person it was told");
        records.seenThrough(null, null);
        assertEquals(Set.of("contoso", "fabrikam"), Set.copyOf(records.query(RecordQuery.of(INCIDENT), 0, 10)
                .stream().map(PluginRecords.Found::tenantId).toList()));
    }

    @Test
    void textIsInCodePointOrderBeyondTheBasicPlaneTooAsInADatabaseWithABinaryCollation() {
        RecordKind named = RecordKind.of("named").text("name");
        MemoryRecords records = new MemoryRecords();
        records.put("contoso", named, "emoji", "{}", Map.of("name", "\uD83D\uDE00"));
        records.put("contoso", named, "replacement", "{}", Map.of("name", "\uFFFD"));
        records.put("contoso", named, "latin", "{}", Map.of("name", "z"));

        assertEquals(List.of("latin", "replacement", "emoji"), records.query(RecordQuery.of(named)
                .orderBy("name", false), 0, 10).stream().map(PluginRecords.Found::key).toList(),
                "U+1F600 comes after U+FFFD, though its first UTF-16 unit does not");
        assertEquals(1, records.count(RecordQuery.of(named).atLeast("name", "\uFFFE")));
    }

    @Test
    void writesAreRefusedAsTheHostRefusesThem() {
        MemoryRecords records = new MemoryRecords();

        assertThrows(IllegalArgumentException.class, () -> records.put("contoso", "incident", "i1", null));
        assertThrows(IllegalArgumentException.class, () -> records.put("contoso", INCIDENT, "", "{}", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> records.put("contoso", "Incident", "i1", "{}"));
        assertThrows(IllegalArgumentException.class, () -> records.query(RecordQuery.of(INCIDENT), 0, 0));
    }
}
