package dev.tenantry.portal.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;

/**
 * The portal-wide roles of a signed-in person: {@code staff} (may use the portal) and {@code owner}. Until roles and
 * assignments are managed in the portal, the owners configured in {@code tenantry.bootstrap.owners} are the staff;
 * anyone else who signs in successfully has no access yet.
 */
@ApplicationScoped
public class StaffRoles {

    public static final String STAFF = "staff";
    public static final String OWNER = "owner";

    @Inject
    IdentitySettings settings;

    public Set<String> of(SignedInStaff staff) {
        String upn = staff.userPrincipalName().toLowerCase(Locale.ROOT);
        return settings.bootstrapOwners().contains(upn) ? Set.of(STAFF, OWNER) : Set.of();
    }
}
