package dev.tenantry.it.rest;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.apitoken.IssuedApiToken;
import dev.tenantry.portal.apitoken.internal.ApiTokenIssuer;
import dev.tenantry.portal.apitoken.internal.JpaApiTokenStore;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Test staff for the REST suites, made inside the server: users with a role in a scope, each with an API token carrying
 * every permission they hold, and the demo tenants they work in. {@link #clear} undoes it all.
 */
@ApplicationScoped
public class ApiStaff {

    public static final String CONTOSO = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";
    public static final String ADATUM = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";

    @Inject
    JpaAccessStore access;

    @Inject
    AccessControl control;

    @Inject
    JpaTenantStore tenants;

    @Inject
    ApiTokenIssuer issuer;

    @Inject
    JpaApiTokenStore tokens;

    private final List<String> assignments = new ArrayList<>();
    private final List<String> issued = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();
    private final List<String> addedTenants = new ArrayList<>();

    /** Makes sure Contoso (tagged managed) and Adatum (tagged pilot) are in Tenantry. */
    @Transactional
    public void tenants() {
        tenant(CONTOSO, "Contoso (API test)", "contoso.example", "managed");
        tenant(ADATUM, "Adatum (API test)", "adatum.example", "pilot");
    }

    private void tenant(String id, String name, String domain, String tag) {
        if (tenants.find(id).isEmpty()) {
            tenants.add(new CustomerTenant(id, name, domain, Set.of(tag), null, CustomerTenant.Status.ACTIVE,
                    "api-test", null));
            addedTenants.add(id);
        }
    }

    /** A new user holding {@code roleId} in {@code scope}, and a token with all their permissions; its secret. */
    @Transactional
    public String tokenFor(String user, String roleId, AssignmentScope scope) {
        RoleAssignment assignment = access.assign(PrincipalType.USER, user, roleId, scope, "api-test");
        assignments.add(assignment.id());
        return keep(issuer.issue(user, List.of(), "api test", control.permissionsAnywhere(user, List.of()), 1));
    }

    /** A token for {@code user} carrying only {@code permissions}. */
    @Transactional
    public String narrowTokenFor(String user, Set<String> permissions) {
        return keep(issuer.issue(user, List.of(), "narrow api test", permissions, 1));
    }

    private String keep(IssuedApiToken token) {
        issued.add(token.token().id());
        return token.secret();
    }

    /** A custom role with exactly these permissions. */
    @Transactional
    public String role(String id, Set<String> permissions) {
        if (access.role(id).isEmpty()) {
            access.addRole(new Role(id, "API test " + id, null, false, "custom", permissions));
            roles.add(id);
        }
        return id;
    }

    /** Takes away the roles this class assigned; its tokens stay valid, and powerless. */
    @Transactional
    public void removeAssignments() {
        assignments.forEach(access::unassign);
        assignments.clear();
    }

    /** Removes what this class made; its tokens are revoked (and stay, as a record). */
    @Transactional
    public void clear() {
        issued.forEach(id -> tokens.revoke(id, java.time.Instant.now(), "api-test"));
        issued.clear();
        assignments.forEach(access::unassign);
        assignments.clear();
        for (String role : roles) {
            access.assignments().stream().filter(a -> a.roleId().equals(role)).forEach(a -> access.unassign(a.id()));
            access.removeRole(role);
        }
        roles.clear();
        addedTenants.forEach(tenants::remove);
        addedTenants.clear();
    }
}
