package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.api.manifest.ScopeSet.Connection;
import dev.tenantry.plugin.api.manifest.ScopeSet.MicrosoftPermission;
import java.util.List;
import java.util.Optional;

/**
 * The scope sets Tenantry itself asks for, declared like a plugin's ({@code tenantry.<purpose>}) so that the consent
 * card, the permissions document and Settings → Consent treat them the same way. Asked only when someone with
 * {@code consent:manage} opens the live check or the revoke of excess permissions; no plugin can use them.
 */
public final class HostScopeSets {

    /** The owner of the host's scope sets, as scope set ids and the permissions document name it. */
    public static final String OWNER = "tenantry";

    /**
     * Reading what the tenant granted Tenantry. Microsoft's least privileged permission for listing
     * {@code oauth2PermissionGrants} is {@code Directory.Read.All}; it also reads service principals and their app role
     * assignments, so {@code Application.Read.All} is not asked besides it.
     */
    public static final ScopeSet REVIEW = new ScopeSet(OWNER + ".consent-review", ScopeSet.Resource.MICROSOFT_GRAPH,
            Connection.DELEGATED, "Compare what the tenant granted Tenantry with what its features need",
            List.of(new MicrosoftPermission("Directory.Read.All", Connection.DELEGATED, true,
                    "Lists the delegated permission grants (oauth2PermissionGrants) and application permission "
                            + "assignments (appRoleAssignments) of Tenantry's service principal, and the permissions "
                            + "Microsoft Graph publishes, to show missing and excess permissions. Microsoft accepts no "
                            + "narrower permission for listing permission grants; nothing is written.")),
            List.of(OWNER + ".consent-check"), List.of());

    /**
     * Taking back what the tenant granted Tenantry and nothing needs: narrowing or deleting its delegated grants and
     * deleting its application permission assignments — only those of Tenantry's own service principal.
     */
    public static final ScopeSet MAINTENANCE = new ScopeSet(OWNER + ".consent-maintenance",
            ScopeSet.Resource.MICROSOFT_GRAPH, Connection.DELEGATED,
            "Revoke permissions the tenant granted Tenantry that no feature needs any more",
            List.of(new MicrosoftPermission("DelegatedPermissionGrant.ReadWrite.All", Connection.DELEGATED, true,
                            "Removes unneeded delegated permissions from Tenantry's own oauth2PermissionGrants "
                                    + "(update, or delete when nothing is left), after a second person approved it."),
                    new MicrosoftPermission("AppRoleAssignment.ReadWrite.All", Connection.DELEGATED, true,
                            "Deletes unneeded application permission assignments of Tenantry's own service "
                                    + "principal, after a second person approved it.")),
            List.of(OWNER + ".consent-revoke"), List.of());

    private static final List<ScopeSet> ALL = List.of(REVIEW, MAINTENANCE);

    private HostScopeSets() {
    }

    public static List<ScopeSet> all() {
        return ALL;
    }

    public static boolean isHost(String scopeSetId) {
        return scopeSetId != null && scopeSetId.startsWith(OWNER + ".");
    }

    public static Optional<ScopeSet> find(String scopeSetId) {
        return ALL.stream().filter(set -> set.id().equals(scopeSetId)).findFirst();
    }
}
