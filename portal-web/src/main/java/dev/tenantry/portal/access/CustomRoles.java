package dev.tenantry.portal.access;

import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Set;

/**
 * Custom roles: made, changed and deleted by those who manage access, of permissions each of them holds for all
 * tenants, so nobody makes a role stronger than themselves; built-in and plugin roles are not changed here. Audited.
 */
@ApplicationScoped
public class CustomRoles {

    @Inject
    JpaAccessStore store;

    @Inject
    AuditLog audit;

    @Inject
    CurrentStaff caller;

    @Inject
    AccessControl access;

    /**
     * Creates a custom role. Its permissions must be known and each held by the caller for all tenants, so nobody can
     * make a role stronger than themselves.
     */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public Role createRole(String name, String description, Set<String> permissions) {
        String actor = access.actor();
        RoleText text = roleText(name, description);
        if (store.roles().stream().anyMatch(role -> role.name().equalsIgnoreCase(text.name()))) {
            throw new IllegalArgumentException("A role named '" + text.name() + "' exists already; choose another name");
        }
        String slug = text.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.substring(0, Math.min(slug.length(), 48)).replaceAll("(^-+|-+$)", "");
        String base = "custom-" + (slug.isEmpty() ? "role" : slug);
        String id = base;
        for (int n = 2; store.role(id).isPresent(); n++) {
            id = base + "-" + n;
        }
        Role role = store.addRole(new Role(id, text.name(), text.description(), false, "custom",
                grantable(actor, permissions)));
        audit.record(AuditEvent.of(actor, null, "rbac.role-create", role.id(), Outcome.SUCCESS)
                .with("permissions", String.join(",", new java.util.TreeSet<>(role.permissions()))));
        return role;
    }

    /** Changes a custom role's name, description and permissions (as {@link #createRole}); built-in roles stay. */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public Role updateRole(String roleId, String name, String description, Set<String> permissions) {
        return updateRole(roleId, name, description, permissions, null);
    }

    /**
     * {@link #updateRole(String, String, String, Set)} of the role as it was at {@code expectedVersion} (null: as it
     * is now): a change made from a copy someone else changed meanwhile is refused ({@link RoleConflictException}).
     */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public Role updateRole(String roleId, String name, String description, Set<String> permissions,
            Long expectedVersion) {
        String actor = access.actor();
        Role before = editable(roleId);
        RoleText text = roleText(name, description);
        if (store.roles().stream()
                .anyMatch(role -> !role.id().equals(roleId) && role.name().equalsIgnoreCase(text.name()))) {
            throw new IllegalArgumentException("A role named '" + text.name() + "' exists already; choose another name");
        }
        Set<String> granted = grantable(actor, permissions);
        Role role = store.updateRole(roleId, text.name(), text.description(), granted, expectedVersion).orElseThrow();
        audit.record(AuditEvent.of(actor, null, "rbac.role-update", roleId, Outcome.SUCCESS)
                .with("permissions", String.join(",", new java.util.TreeSet<>(granted)))
                .with("before", String.join(",", new java.util.TreeSet<>(before.permissions()))));
        return role;
    }

    /** Deletes a custom role nobody holds. */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public void deleteRole(String roleId) {
        String actor = access.actor();
        Role role = editable(roleId);
        long holders = store.assignmentCount(roleId);
        if (holders > 0) {
            throw new IllegalArgumentException(role.name() + " is assigned " + holders
                    + " time(s); remove those assignments first");
        }
        store.removeRole(roleId);
        audit.record(AuditEvent.of(actor, null, "rbac.role-delete", roleId, Outcome.SUCCESS).with("name", role.name()));
    }

    private record RoleText(String name, String description) {
    }

    private static RoleText roleText(String name, String description) {
        String cleanName = name == null ? "" : name.strip();
        String cleanDescription = description == null || description.isBlank() ? null : description.strip();
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            throw new IllegalArgumentException("A role's name holds 1 to 100 characters");
        }
        if (cleanDescription != null && cleanDescription.length() > 500) {
            throw new IllegalArgumentException("A role's description holds at most 500 characters");
        }
        return new RoleText(cleanName, cleanDescription);
    }

    private Role editable(String roleId) {
        Role role = store.role(roleId == null ? "" : roleId)
                .orElseThrow(() -> new IllegalArgumentException("There is no role '" + roleId + "'"));
        if (role.builtIn() || !"custom".equals(role.source())) {
            throw new IllegalArgumentException(role.name() + " is " + (role.builtIn() ? "built in" : "added by "
                    + role.source()) + " and cannot be changed here; create a custom role instead");
        }
        return role;
    }

    private Set<String> grantable(String actor, Set<String> permissions) {
        if (permissions == null || permissions.isEmpty()) {
            throw new IllegalArgumentException("A role needs at least one permission");
        }
        Set<String> known = access.knownPermissions();
        Set<String> held = access.capped(actor, access.permissionsOf(actor, caller.groups(), null));
        Set<String> chosen = new java.util.TreeSet<>();
        for (String permission : permissions) {
            if (!known.contains(Permissions.check(permission))) {
                throw new IllegalArgumentException("There is no permission '" + permission + "'");
            }
            if (Permissions.OWNER_ONLY.contains(permission)) {
                throw new IllegalArgumentException(permission + " stays with the Owner role, which is granted only "
                        + "with a second person's approval");
            }
            if (!held.contains(permission)) {
                throw new AccessDeniedException("A role you make can only hold permissions you hold for all tenants; "
                        + "you lack " + permission);
            }
            chosen.add(permission);
        }
        return chosen;
    }
}
