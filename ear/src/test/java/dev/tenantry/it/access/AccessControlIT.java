package dev.tenantry.it.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.access.RoleConflictException;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditQuery;
import dev.tenantry.portal.audit.internal.JpaAuditRecords;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantDirectory;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Roles, assignments and effective permissions inside the server, against the migrated database. */
@ExtendWith(ArquillianExtension.class)
class AccessControlIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(AccessControlIT.class);
    }

    @Inject
    AccessControl access;

    @Inject
    JpaAccessStore store;

    @Inject
    JpaTenantStore tenants;

    @Inject
    AuditLog auditLog;

    @Inject
    JpaAuditRecords auditRecords;

    @Resource
    UserTransaction transaction;

    @Inject
    CurrentStaff staff;

    @Inject
    TenantDirectory directory;

    @Inject
    dev.tenantry.portal.access.CustomRoles customRoles;

    @Test
    void theBuiltInRolesAreDataWithTheirPermissions() {
        List<Role> roles = access.roles();

        Role owner = roles.stream().filter(role -> role.id().equals(Role.OWNER)).findFirst().orElseThrow();
        assertTrue(owner.builtIn());
        assertTrue(owner.permissions().containsAll(Set.of(Permissions.RBAC_MANAGE, Permissions.RBAC_GRANT_OWNER,
                Permissions.TENANTS_MANAGE, Permissions.CONSENT_MANAGE, Permissions.AUDIT_READ)));
        Role administrator = roles.stream().filter(role -> role.id().equals(Role.ADMINISTRATOR)).findFirst().orElseThrow();
        assertTrue(!administrator.permissions().contains(Permissions.RBAC_GRANT_OWNER), "only owners grant Owner");
        assertEquals(Set.of(Permissions.TENANTS_READ), roles.stream().filter(role -> role.id().equals(Role.TECHNICIAN))
                .findFirst().orElseThrow().permissions());
    }

    @Test
    void theConfiguredBootstrapOwnerOwnsAllTenants() {
        Set<String> permissions = access.permissionsOf("Alex.Morgan@northwind-msp.example", List.of(), null);

        assertTrue(permissions.contains(Permissions.RBAC_GRANT_OWNER), permissions.toString());
        assertTrue(access.permissionsOf("alex.morgan@northwind-msp.example", List.of(), "any-tenant")
                .contains(Permissions.TENANTS_MANAGE));
        assertTrue(auditRecords.page(new AuditQuery(0, 500, "system", "rbac.assign", null, null, null, null), null)
                .records().stream().anyMatch(record -> record.event().action().equals("rbac.assign")
                && record.event().target().equals("alex.morgan@northwind-msp.example")
                && "tenantry.bootstrap.owners".equals(record.details().get("why"))));
    }

    @Test
    void aBootstrapOwnerIsMadeOwnerOnlyWhileFewerThanTwoOwnersExist() {
        // Someone listed in tenantry.bootstrap.owners who has since left and lost every role: at the next start they
        // must not become Owner again, since the installation has its Owners
        String leaver = "left-" + UUID.randomUUID() + "@northwind-msp.example";

        assertFalse(access.bootstrapOwners(List.of(leaver)));

        assertTrue(access.permissionsOf(leaver, List.of(), null).isEmpty(), "the leaver holds nothing");
        assertTrue(store.assignmentsOf(leaver, List.of()).isEmpty());
    }

    @Test
    void anInstallationLeftWithOneOwnerRecoversASecondOwnerFromTheBootstrapList() throws Exception {
        String second = "second-" + UUID.randomUUID() + "@northwind-msp.example";
        transaction.begin();
        try {
            List<String> others = store.assignments().stream().filter(a -> a.roleId().equals(Role.OWNER)
                    && a.scope().kind() == AssignmentScope.Kind.ALL).map(a -> a.id()).skip(1).toList();
            others.forEach(store::unassign);
            assertEquals(1, store.allTenantsAssignmentCount(Role.OWNER), "one Owner left: no four eyes possible");

            assertTrue(access.bootstrapOwners(List.of(second)));

            assertTrue(access.permissionsOf(second, List.of(), null).contains(Permissions.RBAC_GRANT_OWNER));
            assertEquals(2, store.allTenantsAssignmentCount(Role.OWNER));
            assertFalse(access.bootstrapOwners(List.of("third-" + UUID.randomUUID() + "@northwind-msp.example")),
                    "two Owners: the list changes nothing more");
        } finally {
            transaction.rollback();
        }
    }

    @Test
    void permissionsAreTheUnionOverAssignmentsThatCoverTheTenant() throws Exception {
        String user = "tech-" + UUID.randomUUID() + "@northwind-msp.example";
        String group = UUID.randomUUID().toString();
        transaction.begin();
        store.assign(PrincipalType.USER, user, Role.TECHNICIAN, AssignmentScope.tenants("contoso", "fabrikam"), "test");
        store.assign(PrincipalType.GROUP, group, Role.READ_ONLY, AssignmentScope.tenants("contoso"), "test");
        transaction.commit();

        assertEquals(Set.of(Permissions.TENANTS_READ), access.permissionsOf(user, List.of(), "fabrikam"));
        assertEquals(Set.of(), access.permissionsOf(user, List.of(), "adatum"), "outside the assignment's tenants");
        assertEquals(Set.of(), access.permissionsOf(user, List.of(), null), "portal-wide needs all tenants");
        assertEquals(Set.of(Permissions.TENANTS_READ, Permissions.AUDIT_READ),
                access.permissionsOf(user, List.of(group), "contoso"), "the group's role adds to the user's");
        assertTrue(access.mayUseThePortal(user, List.of()));
        assertTrue(!access.mayUseThePortal("nobody-" + UUID.randomUUID() + "@northwind-msp.example", List.of()));
    }

    @Test
    void aTagScopedAssignmentCoversEveryTenantCarryingTheTagIncludingOnesTaggedLater() throws Exception {
        String tag = "t" + Long.toHexString(System.nanoTime());
        String user = "tagged-" + UUID.randomUUID() + "@northwind-msp.example";
        String tagged = UUID.randomUUID().toString();
        String later = UUID.randomUUID().toString();
        String untagged = UUID.randomUUID().toString();
        transaction.begin();
        tenants.add(tenant(tagged, Set.of(tag, "managed")));
        tenants.add(tenant(untagged, Set.of("managed")));
        store.assign(PrincipalType.USER, user, Role.TECHNICIAN, AssignmentScope.tagged(tag), "test");
        transaction.commit();

        assertEquals(Set.of(Permissions.TENANTS_READ), access.permissionsOf(user, List.of(), tagged));
        assertEquals(Set.of(), access.permissionsOf(user, List.of(), untagged));
        assertEquals(Set.of(), access.permissionsOf(user, List.of(), null), "a tag is never portal-wide");
        transaction.begin();
        tenants.add(tenant(later, Set.of(tag)));
        transaction.commit();
        assertEquals(java.util.Optional.of(Set.of(tagged, later)),
                access.tenantsWith(user, List.of(), Permissions.TENANTS_READ));
        assertThrows(IllegalArgumentException.class, () -> AssignmentScope.tagged("Not A Tag"));
    }

    @Test
    void anAdministratorCannotAssignARoleStrongerThanTheirOwn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String administrator = "admin-" + run + "@northwind-msp.example";
        String helper = "helper-" + run + "@northwind-msp.example";
        String strong = "it-strong-" + run;
        transaction.begin();
        store.addRole(new Role(strong, "Deployer " + run, "Deploys policies", false, "it-plugin",
                Set.of(Permissions.TENANTS_READ, "it-plugin:deploy-policy")));
        store.assign(PrincipalType.USER, administrator, Role.ADMINISTRATOR, AssignmentScope.allTenants(), "test");
        transaction.commit();
        actAs(administrator);

        AccessDeniedException stronger = assertThrows(AccessDeniedException.class, () -> access.assign(
                PrincipalType.USER, administrator, strong, AssignmentScope.allTenants()));
        access.assign(PrincipalType.USER, helper, Role.TECHNICIAN, AssignmentScope.allTenants());

        assertTrue(stronger.getMessage().contains("it-plugin:deploy-policy"), stronger.getMessage());
        assertTrue(store.assignmentsOf(administrator, List.of()).stream().noneMatch(a -> a.roleId().equals(strong)),
                "not even to themselves");
        assertEquals(1, store.assignmentsOf(helper, List.of()).size(), "what they hold they may hand on");
        assertTrue(auditLog.latest(50).stream().anyMatch(record -> record.event().action().equals("access.denied")
                && record.event().actor().equals(administrator)
                && "it-plugin:deploy-policy".equals(record.details().get("permission"))));
    }

    @Test
    void aRoleHeldInOneTenantCanBeHandedOnOnlyThere() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String administrator = "admin-" + run + "@northwind-msp.example";
        String helper = "helper-" + run + "@northwind-msp.example";
        String tenant = UUID.randomUUID().toString();
        String deployer = "it-deployer-" + run;
        transaction.begin();
        store.addRole(new Role(deployer, "Deployer " + run, "Deploys policies", false, "it-plugin",
                Set.of("it-plugin:deploy-policy")));
        store.assign(PrincipalType.USER, administrator, Role.ADMINISTRATOR, AssignmentScope.allTenants(), "test");
        store.assign(PrincipalType.USER, administrator, deployer, AssignmentScope.tenants(tenant), "test");
        transaction.commit();
        actAs(administrator);

        AccessDeniedException everywhere = assertThrows(AccessDeniedException.class, () -> access.assign(
                PrincipalType.USER, helper, deployer, AssignmentScope.allTenants()));
        AccessDeniedException tagged = assertThrows(AccessDeniedException.class, () -> access.assign(
                PrincipalType.USER, helper, deployer, AssignmentScope.tagged("managed")));
        access.assign(PrincipalType.USER, helper, deployer, AssignmentScope.tenants(tenant));

        assertTrue(everywhere.getMessage().contains("it-plugin:deploy-policy"), everywhere.getMessage());
        assertTrue(tagged.getMessage().contains("TAG:managed"), tagged.getMessage());
        assertEquals(List.of(AssignmentScope.tenants(tenant).encoded()), store.assignmentsOf(helper, List.of())
                .stream().map(a -> a.scope().encoded()).toList(), "only where they hold it themselves");
    }

    @Test
    void changingATenantsTagsIsAnAccessChangeThatNeedsRbacManageThere() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String editor = "editor-" + run + "@northwind-msp.example";
        String tenant = UUID.randomUUID().toString();
        String editorRole = "it-editor-" + run;
        transaction.begin();
        tenants.add(tenant(tenant, Set.of("managed")));
        store.addRole(new Role(editorRole, "Editor " + run, "Edits tenants", false, "it",
                Set.of(Permissions.TENANTS_READ, Permissions.TENANTS_MANAGE)));
        store.assign(PrincipalType.USER, editor, editorRole, AssignmentScope.allTenants(), "test");
        transaction.commit();
        actAs(editor);

        assertEquals("Renamed " + run, directory.update(tenant, "Renamed " + run, Set.of("managed"), null)
                .displayName(), "the same tags are no access change");
        AccessDeniedException retag = assertThrows(AccessDeniedException.class,
                () -> directory.update(tenant, null, Set.of("managed", "gold"), null));

        assertTrue(retag.getMessage().contains(Permissions.RBAC_MANAGE), retag.getMessage());
        assertEquals(Set.of("managed"), tenants.find(tenant).orElseThrow().tags());
        assertTrue(auditLog.latest(50).stream().anyMatch(record -> record.event().action().equals("access.denied")
                && record.event().actor().equals(editor) && tenant.equals(record.event().tenantId())));
    }

    @Test
    void aTagThatWouldHandOutARoleNeedsItsPermissionsAndIsRecordedAsAnAccessChange() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String administrator = "admin-" + run + "@northwind-msp.example";
        String helper = "helper-" + run + "@northwind-msp.example";
        String tenant = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String deployer = "it-tagdeployer-" + run;
        String tag = "deploy" + run;
        transaction.begin();
        tenants.add(tenant(tenant, Set.of()));
        tenants.add(tenant(other, Set.of()));
        store.addRole(new Role(deployer, "Deployer " + run, "Deploys policies", false, "it-plugin",
                Set.of("it-plugin:deploy-policy")));
        store.assign(PrincipalType.USER, helper, deployer, AssignmentScope.tagged(tag), "test");
        store.assign(PrincipalType.USER, administrator, Role.ADMINISTRATOR, AssignmentScope.allTenants(), "test");
        store.assign(PrincipalType.USER, administrator, deployer, AssignmentScope.tenants(other), "test");
        transaction.commit();
        actAs(administrator);

        AccessDeniedException stronger = assertThrows(AccessDeniedException.class,
                () -> directory.update(tenant, null, Set.of(tag), null));
        assertTrue(stronger.getMessage().contains("it-plugin:deploy-policy"), stronger.getMessage());
        assertEquals(Set.of(), access.permissionsOf(helper, List.of(), tenant), "the helper got nothing there");

        directory.update(other, null, Set.of(tag), null);
        assertEquals(Set.of("it-plugin:deploy-policy"), access.permissionsOf(helper, List.of(), other),
                "where the administrator holds the role, the tag may hand it on");
        var change = auditLog.latest(50).stream().filter(record -> record.event().action().equals(
                "access.tenant-tags") && other.equals(record.event().tenantId())).findFirst().orElseThrow();
        assertEquals(administrator, change.event().actor());
        assertEquals(tag, change.details().get("added"));
        assertTrue(change.details().get("assignments").contains(helper + " " + deployer), change.details().toString());
    }

    @Test
    void aRoleChangedFromACopySomeoneElseChangedIsRefusedInsteadOfWrittenOver() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String administrator = "admin-" + run + "@northwind-msp.example";
        transaction.begin();
        store.assign(PrincipalType.USER, administrator, Role.ADMINISTRATOR, AssignmentScope.allTenants(), "test");
        transaction.commit();
        actAs(administrator);
        Role opened = customRoles.createRole("Auditors " + run, "Read the audit log", Set.of(Permissions.AUDIT_READ));

        customRoles.updateRole(opened.id(), "Auditors " + run, "Read the audit log and the tenants",
                Set.of(Permissions.AUDIT_READ, Permissions.TENANTS_READ), opened.version());
        RoleConflictException conflict = assertThrows(RoleConflictException.class, () -> customRoles.updateRole(
                opened.id(), "Auditors " + run, "Only the audit log", Set.of(Permissions.AUDIT_READ), opened.version()));

        assertTrue(conflict.getMessage().contains("changed by someone else"), conflict.getMessage());
        Role now = store.role(opened.id()).orElseThrow();
        assertEquals(Set.of(Permissions.AUDIT_READ, Permissions.TENANTS_READ), now.permissions(), "the first change stays");
        assertEquals(opened.version() + 1, now.version());
    }

    /** This request acts as {@code user}, through a token that caps none of the host's permissions nor the plugin's. */
    private void actAs(String user) {
        Set<String> uncapped = new java.util.HashSet<>(Permissions.HOST);
        uncapped.add("it-plugin:deploy-policy");
        staff.actWithApiToken(new ApiTokenCaller("it", "access test", user, List.of(), uncapped));
    }

    private static CustomerTenant tenant(String id, Set<String> tags) {
        return new CustomerTenant(id, "Tenant " + id, id.substring(0, 8) + ".example", tags, null,
                CustomerTenant.Status.ACTIVE, "test", null);
    }

    @Test
    void aCallerWithoutThePermissionIsRefusedBeforeAnythingChangesAndTheRefusalIsAudited() {
        String principal = "never-" + UUID.randomUUID() + "@northwind-msp.example";

        AccessDeniedException denied = assertThrows(AccessDeniedException.class, () -> access.assign(
                PrincipalType.USER, principal, Role.OWNER, AssignmentScope.allTenants()));

        assertTrue(denied.getMessage().contains(Permissions.RBAC_MANAGE), denied.getMessage());
        assertTrue(store.assignments().stream().noneMatch(assignment -> assignment.principal().equals(principal)));
        assertThrows(AccessDeniedException.class, () -> access.assignments(), "who holds what is not for everyone");
        assertTrue(auditLog.latest(50).stream().anyMatch(record -> record.event().action().equals("access.denied")
                && record.event().outcome() == Outcome.DENIED
                && Permissions.RBAC_MANAGE.equals(record.details().get("permission"))));
    }
}
