package dev.tenantry.portal.signin;

import java.util.List;

/**
 * Who signed in, from the ID token Entra issued for the portal: with the object ids of their groups.
 *
 * @param groupsOverage the user is in more groups than a token lists (Entra's "groups overage"): {@code groups} is
 *                      then empty and roles held through groups cannot be seen from the sign-in alone
 */
public record SignedInStaff(String objectId, String tenantId, String userPrincipalName, String displayName,
        List<String> groups, boolean groupsOverage) {

    public SignedInStaff {
        groups = List.copyOf(groups);
    }
}
