package dev.tenantry.portal.identity;


import java.util.List;

/** Who signed in, from the ID token Entra issued for the portal: with the object ids of their groups. */
public record SignedInStaff(String objectId, String tenantId, String userPrincipalName, String displayName,
        List<String> groups) {

    public SignedInStaff {
        groups = List.copyOf(groups);
    }
}
