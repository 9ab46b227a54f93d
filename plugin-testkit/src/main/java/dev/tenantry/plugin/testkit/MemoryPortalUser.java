package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PortalUser;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed-in member of staff, for a plugin's tests: who they are, the tenant chosen in the top bar, and the portal
 * permissions they hold for all tenants or in one; anything not granted is not held.
 */
public final class MemoryPortalUser implements PortalUser {

    private static final String ALL = "";

    private final String userPrincipalName;
    private final String displayName;
    private volatile String selectedTenantId;
    private final Map<String, Set<String>> permissions = new ConcurrentHashMap<>();

    public MemoryPortalUser(String userPrincipalName, String displayName) {
        this.userPrincipalName = userPrincipalName;
        this.displayName = displayName;
    }

    /** Grants {@code permission} for all tenants; returns this user. */
    public MemoryPortalUser holding(String permission) {
        return holding(permission, null);
    }

    /** Grants {@code permission} in one tenant ({@code null}: all tenants); returns this user. */
    public MemoryPortalUser holding(String permission, String tenantId) {
        permissions.computeIfAbsent(tenantId == null ? ALL : tenantId, key -> ConcurrentHashMap.newKeySet())
                .add(permission);
        return this;
    }

    /** Chooses a tenant in the top bar ({@code null}: none); returns this user. */
    public MemoryPortalUser choosing(String tenantId) {
        selectedTenantId = tenantId;
        return this;
    }

    @Override
    public String userPrincipalName() {
        return userPrincipalName;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Optional<String> selectedTenantId() {
        return Optional.ofNullable(selectedTenantId);
    }

    /** Held for all tenants counts in every tenant; held in one tenant does not count for all of them. */
    @Override
    public boolean holds(String permission, String tenantId) {
        return permissions.getOrDefault(ALL, Set.of()).contains(permission)
                || tenantId != null && permissions.getOrDefault(tenantId, Set.of()).contains(permission);
    }
}
