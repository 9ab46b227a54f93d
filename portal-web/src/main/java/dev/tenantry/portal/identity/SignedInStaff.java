package dev.tenantry.portal.identity;

/** Who signed in, from the ID token Entra issued for the portal. */
public record SignedInStaff(String objectId, String tenantId, String userPrincipalName, String displayName) {
}
