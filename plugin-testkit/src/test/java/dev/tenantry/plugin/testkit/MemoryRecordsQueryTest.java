package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The test kit's records answer queries as the host's do. */
class MemoryRecordsQueryTest extends RecordQueryContract {

    @Override
    protected Fixture fixture(Set<String> worksIn, Map<String, Set<String>> permissionToTenants) {
        return taggedFixture(worksIn.stream().collect(Collectors.toMap(id -> id, id -> Set.of())),
                permissionToTenants);
    }

    @Override
    protected Fixture taggedFixture(Map<String, Set<String>> tagsOfTenants,
            Map<String, Set<String>> permissionToTenants) {
        MemoryTenants tenants = new MemoryTenants();
        tagsOfTenants.forEach((id, tags) -> tenants.add(new PluginTenants.Tenant(id, "Tenant " + id, id + ".example",
                tags)));
        MemoryPortalUser person = permissionToTenants == null ? null
                : new MemoryPortalUser("adele.vance@northwind-msp.example", "Adele Vance");
        if (person != null) {
            permissionToTenants.forEach((permission, ids) -> ids.forEach(id -> person.holding(permission, id)));
        }
        MemoryRecords records = new MemoryRecords().seenThrough(tenants, person);
        return () -> records;
    }

    @Test
    void aTaggedQueryReadsTheTagsOfTheTenantsItIsToldAtEachQueryAsThePortalKeepsThem() {
        RecordKind kind = RecordKind.of("memory-tagged").text("state");
        MemoryTenants tenants = MemoryTenants.of(new PluginTenants.Tenant("t1", "One", "one.example",
                Set.of(" Managed ")));
        MemoryRecords records = new MemoryRecords();
        records.put("t1", kind, "r1", "{}", Map.of("state", "OPEN"));
        RecordQuery managed = RecordQuery.of(kind).taggedWith("managed");

        assertThrows(IllegalStateException.class, () -> records.count(managed), "told no tenants, it cannot know");
        records.seenThrough(tenants, null);
        assertEquals(1, records.count(managed), "a tag written in another case is the portal's lower-case one");

        tenants.add(new PluginTenants.Tenant("t1", "One", "one.example", Set.of("pilot")));
        assertEquals(0, records.count(managed), "the tags of the tenant as they are now");
        assertEquals(1, records.count(RecordQuery.of(kind).taggedWith("pilot")));
    }
}
