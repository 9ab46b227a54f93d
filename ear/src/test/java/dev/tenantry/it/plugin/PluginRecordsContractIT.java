package dev.tenantry.it.plugin;

import dev.tenantry.it.Deployments;
import dev.tenantry.plugin.testkit.RecordQueryContract;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.plugin.internal.HostPluginRecords;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host's plugin records answer queries exactly as plugin-api specifies and the test kit's memory records do: the
 * test kit's contract, run against the database, with tenants (and their tags) in Tenantry's tenant table and a person
 * whose roles give each permission in the tenants the contract names.
 */
@ExtendWith(ArquillianExtension.class)
class PluginRecordsContractIT extends RecordQueryContract {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(PluginRecordsContractIT.class, RecordQueryContract.class);
    }

    @Inject
    JpaTenantStore tenants;

    @Inject
    JpaAccessStore access;

    @Inject
    CurrentStaff staff;

    @Resource
    UserTransaction transaction;

    /** What a test arranged, taken away after it: other tests list tenants and roles on pages of 25. */
    private final java.util.List<String> tenantsAdded = new java.util.ArrayList<>();
    private final java.util.List<String> assignmentsAdded = new java.util.ArrayList<>();
    private final java.util.List<String> rolesAdded = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void takeAwayWhatWasArranged() throws Exception {
        transaction.begin();
        assignmentsAdded.forEach(access::unassign);
        rolesAdded.forEach(access::removeRole);
        tenantsAdded.forEach(tenants::remove);
        transaction.commit();
        assignmentsAdded.clear();
        rolesAdded.clear();
        tenantsAdded.clear();
    }

    @Override
    protected Fixture fixture(Set<String> worksIn, Map<String, Set<String>> permissionToTenants) {
        return taggedFixture(worksIn.stream().collect(Collectors.toMap(id -> id, id -> Set.of())),
                permissionToTenants);
    }

    /** The tenants in the tenant table with their tags, stored as the tenant directory stores them. */
    @Override
    protected Fixture taggedFixture(Map<String, Set<String>> tagsOfTenants,
            Map<String, Set<String>> permissionToTenants) {
        String run = Long.toString(System.nanoTime(), 36);
        try {
            transaction.begin();
            for (Map.Entry<String, Set<String>> tenant : tagsOfTenants.entrySet()) {
                String id = tenant.getKey();
                tenants.add(new CustomerTenant(id, "Contract " + id.substring(0, 8), id.substring(0, 8) + ".example",
                        tenant.getValue(), null, CustomerTenant.Status.ACTIVE, "test", null));
                tenantsAdded.add(id);
            }
            if (permissionToTenants != null) {
                String person = "contract-" + run + "@northwind-msp.example";
                for (Map.Entry<String, Set<String>> held : permissionToTenants.entrySet()) {
                    // A role holding only this permission, assigned in exactly these tenants
                    String roleId = "contract-" + run + "-" + UUID.randomUUID().toString().substring(0, 8);
                    access.addRole(new Role(roleId, "Contract " + held.getKey() + " " + roleId, "test", false,
                            "custom", Set.of(held.getKey())));
                    rolesAdded.add(roleId);
                    if (!held.getValue().isEmpty()) {
                        assignmentsAdded.add(access.assign(RoleAssignment.PrincipalType.USER, person, roleId,
                                AssignmentScope.tenants(held.getValue().toArray(String[]::new)), "test").id());
                    }
                }
                staff.actWithApiToken(new CurrentStaff.ApiTokenCaller("contract", "record query contract", person,
                        List.of(), permissionToTenants.keySet()));
            }
            transaction.commit();
        } catch (Exception e) {
            throw new IllegalStateException("Could not arrange the contract's tenants and person", e);
        }
        HostPluginRecords records = new HostPluginRecords("contract-" + run);
        return () -> records;
    }
}
