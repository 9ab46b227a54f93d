package dev.tenantry.it.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.apitoken.ApiToken;
import dev.tenantry.portal.apitoken.ApiTokens;
import dev.tenantry.portal.apitoken.IssuedApiToken;
import dev.tenantry.portal.apitoken.internal.ApiTokenIssuer;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.signin.SignedInStaff;
import dev.tenantry.portal.signin.StaffBindings;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Staff are keyed on their Entra object id: what a user name named follows the person, not the name. */
@ExtendWith(ArquillianExtension.class)
class StaffIdentityIT {

    private static final String MSP = "northwind-msp.example";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(StaffIdentityIT.class);
    }

    @Inject
    StaffBindings bindings;

    @Inject
    JpaAccessStore store;

    @Inject
    AccessControl access;

    @Inject
    ApiTokenIssuer issuer;

    @Inject
    ApiTokens tokens;

    @Inject
    AuditLog audit;

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Resource
    UserTransaction transaction;

    @Test
    void aUserNameGivenToANewPersonBringsThemNothingOfItsFormerHolder() throws Exception {
        String name = "sam-" + UUID.randomUUID().toString().substring(0, 8) + "@" + MSP;
        String former = UUID.randomUUID().toString();
        String newcomer = UUID.randomUUID().toString();
        bindings.bind(signIn(former, name, List.of()));
        IssuedApiToken token = given(name, Role.ADMINISTRATOR);

        bindings.bind(signIn(newcomer, name, List.of()));

        assertEquals(Set.of(), access.permissionsOf(name, List.of(), null), "no role of the former holder");
        assertEquals(Set.of(Permissions.TENANTS_READ, Permissions.TENANTS_MANAGE, Permissions.RBAC_MANAGE,
                Permissions.CONSENT_MANAGE, Permissions.AUDIT_READ, Permissions.APPROVALS_DECIDE,
                Permissions.PLUGINS_MANAGE), access.permissionsOf("former:" + former, List.of(), null),
                "kept with the former holder, where it reaches nobody");
        assertFalse(tokens.verify(token.secret()).accepted(), "the former holder's token no longer acts");
        assertTrue(audit.latest(50).stream().anyMatch(r -> r.event().action().equals("staff.user-name-reused")
                && name.equals(r.event().target()) && former.equals(r.details().get("formerObjectId"))));
    }

    @Test
    void aRenamedMemberOfStaffKeepsTheirRolesAndTokens() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String before = "kim-" + run + "@" + MSP;
        String after = "kim.lee-" + run + "@" + MSP;
        String objectId = UUID.randomUUID().toString();
        bindings.bind(signIn(objectId, before, List.of()));
        IssuedApiToken token = given(before, Role.TECHNICIAN);

        bindings.bind(signIn(objectId, after, List.of()));

        assertEquals(Set.of(Permissions.TENANTS_READ), access.permissionsOf(after, List.of(), null));
        assertEquals(Set.of(), access.permissionsOf(before, List.of(), null), "the old name holds nothing now");
        ApiTokens.Verification verified = tokens.verify(token.secret());
        assertTrue(verified.accepted());
        assertEquals(after, verified.caller().user());
        assertTrue(audit.latest(50).stream().anyMatch(r -> r.event().action().equals("staff.renamed")
                && after.equals(r.event().target()) && before.equals(r.details().get("from"))));
    }

    @Test
    void anApiTokenActsThroughTheGroupsOfItsOwnersLastSignInWhileItIsRecent() throws Exception {
        String name = "ari-" + UUID.randomUUID().toString().substring(0, 8) + "@" + MSP;
        String objectId = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        transaction.begin();
        store.assign(PrincipalType.GROUP, group, Role.TECHNICIAN, AssignmentScope.allTenants(), "test");
        transaction.commit();
        bindings.bind(signIn(objectId, name, List.of(group)));
        IssuedApiToken token = issuer.issue(name, List.of(group), "automation", Set.of(Permissions.TENANTS_READ), 30);
        assertEquals(List.of(group), tokens.verify(token.secret()).caller().groups());

        bindings.bind(signIn(objectId, name, List.of()));
        assertEquals(List.of(), tokens.verify(token.secret()).caller().groups(),
                "left the group: the token no longer acts through it");

        bindings.bind(signIn(objectId, name, List.of(group)));
        transaction.begin();
        entityManager.createQuery("update StaffMemberEntity s set s.lastSignIn = :long where s.objectId = :id")
                .setParameter("long", Instant.now().minus(15, ChronoUnit.DAYS)).setParameter("id", objectId)
                .executeUpdate();
        transaction.commit();
        assertEquals(List.of(), tokens.verify(token.secret()).caller().groups(),
                "no sign-in for longer than tenantry.api-tokens.groups-valid-for: group rights lapse");
    }

    /** {@code name} holds {@code roleId} for all tenants and has a token with every permission of it. */
    private IssuedApiToken given(String name, String roleId) throws Exception {
        transaction.begin();
        store.assign(PrincipalType.USER, name, roleId, AssignmentScope.allTenants(), "test");
        transaction.commit();
        IssuedApiToken token = issuer.issue(name, List.of(), "test", access.permissionsAnywhere(name, List.of()), 30);
        assertTrue(tokens.verify(token.secret()).accepted());
        assertEquals(ApiToken.Status.ACTIVE, token.token().statusAt(Instant.now()));
        return token;
    }

    private static SignedInStaff signIn(String objectId, String name, List<String> groups) {
        return new SignedInStaff(objectId, "0a1b2c3d-0000-4000-8000-000000000001", name, name, groups, false);
    }
}
