package dev.tenantry.portal.signin;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The container roles of a signed-in person: {@code staff} when they hold any role assignment in Tenantry (may use
 * the portal at all), {@code owner} when one of them is the Owner role. What they may do where is decided per action
 * by {@link AccessControl}; anyone without an assignment sees "no access yet".
 */
@ApplicationScoped
public class StaffRoles {

    public static final String STAFF = "staff";
    public static final String OWNER = "owner";

    @Inject
    AccessControl access;

    public Set<String> of(SignedInStaff staff) {
        Set<String> roles = new LinkedHashSet<>();
        if (access.mayUseThePortal(staff.userPrincipalName(), staff.groups())) {
            roles.add(STAFF);
        }
        if (access.holdsRole(staff.userPrincipalName(), staff.groups(), Role.OWNER)) {
            roles.add(OWNER);
        }
        return roles;
    }
}
