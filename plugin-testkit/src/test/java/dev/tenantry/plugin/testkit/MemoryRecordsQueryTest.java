package dev.tenantry.plugin.testkit;

import java.util.Map;
import java.util.Set;

/** The test kit's records answer queries as the host's do. */
class MemoryRecordsQueryTest extends RecordQueryContract {

    @Override
    protected Fixture fixture(Set<String> worksIn, Map<String, Set<String>> permissionToTenants) {
        MemoryTenants tenants = new MemoryTenants();
        worksIn.forEach(id -> tenants.add(id, "Tenant " + id, id + ".example"));
        MemoryPortalUser person = permissionToTenants == null ? null
                : new MemoryPortalUser("adele.vance@northwind-msp.example", "Adele Vance");
        if (person != null) {
            permissionToTenants.forEach((permission, ids) -> ids.forEach(id -> person.holding(permission, id)));
        }
        MemoryRecords records = new MemoryRecords().seenThrough(tenants, person);
        return () -> records;
    }
}
