package dev.tenantry.plugins.usermanagement.actions;

import dev.tenantry.plugin.api.PortalUser;
import java.util.Optional;
import java.util.Set;

/**
 * The member of staff work runs as when nobody is there to ask (a scheduled offboarding, a queued import): their
 * sign-in name, for the history and the audit, and exactly the permissions in one tenant they were checked to hold
 * when they planned or queued it, nothing more.
 */
public final class ActingAs implements PortalUser {

    private final String userPrincipalName;
    private final String tenantId;
    private final Set<String> permissions;

    public ActingAs(String userPrincipalName, String tenantId, Set<String> permissions) {
        this.userPrincipalName = userPrincipalName;
        this.tenantId = tenantId;
        this.permissions = Set.copyOf(permissions);
    }

    @Override
    public String userPrincipalName() {
        return userPrincipalName;
    }

    @Override
    public String displayName() {
        return userPrincipalName;
    }

    @Override
    public Optional<String> selectedTenantId() {
        return Optional.of(tenantId);
    }

    @Override
    public boolean holds(String permission, String tenant) {
        return tenantId.equals(tenant) && permissions.contains(permission);
    }
}
