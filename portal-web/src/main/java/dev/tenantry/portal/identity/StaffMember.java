package dev.tenantry.portal.identity;

import java.time.Instant;
import java.util.List;

/**
 * A member of the MSP's staff as Tenantry knows them: by their Entra object id, shown by their user principal name,
 * with the groups their last sign-in listed.
 *
 * @param groupsOverage their last sign-in listed no groups because they are in too many (Entra's groups overage)
 */
public record StaffMember(String objectId, String userPrincipalName, String displayName, List<String> groups,
        boolean groupsOverage, Instant firstSignIn, Instant lastSignIn) {

    public StaffMember {
        groups = List.copyOf(groups);
    }
}
