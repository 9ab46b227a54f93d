package dev.tenantry.plugin.api;

import java.util.Optional;

/** The member of staff using the portal now, as a plugin may know them. */
public interface PortalUser {

    /** Their user principal name. */
    String userPrincipalName();

    /** Their name for display. */
    String displayName();

    /** The tenant chosen in the top bar, if any. */
    Optional<String> selectedTenantId();

    /** Whether they hold the portal permission in the tenant ({@code null}: for all tenants). */
    boolean holds(String permission, String tenantId);
}
