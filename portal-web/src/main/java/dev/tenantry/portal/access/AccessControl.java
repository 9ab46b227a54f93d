package dev.tenantry.portal.access;

import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.tenant.TenantTags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Who may do what where: effective permissions are the union of the permissions of every role assigned to the user
 * or to one of their groups, over the assignments that cover the tenant in question (portal-wide questions need an
 * assignment to all tenants). Changes to roles and assignments are audited in their own transaction.
 */
@ApplicationScoped
public class AccessControl {

    @Inject
    JpaAccessStore store;

    @Inject
    AuditLog audit;

    @Inject
    SecurityContext security;

    @Inject
    CurrentStaff caller;

    @Inject
    TenantTags tenantTags;

    @Inject
    ApprovalService approvals;

    @Transactional(TxType.SUPPORTS)
    public Set<String> permissionsOf(String user, Collection<String> groups, String tenantId) {
        Map<String, Set<String>> rolePermissions = new HashMap<>();
        Set<String> permissions = new LinkedHashSet<>();
        Set<String> tags = null;
        for (RoleAssignment assignment : store.assignmentsOf(user, groups)) {
            if (assignment.scope().kind() == AssignmentScope.Kind.TAG && tags == null) {
                tags = tenantTags.of(tenantId);
            }
            if (assignment.scope().covers(tenantId, tags == null ? Set.of() : tags)) {
                permissions.addAll(rolePermissions.computeIfAbsent(assignment.roleId(),
                        id -> store.role(id).map(Role::permissions).orElse(Set.of())));
            }
        }
        return permissions;
    }

    /**
     * Where the caller holds a permission: empty when everywhere (an assignment to all tenants grants it), otherwise
     * the ids of the tenants it is granted in (possibly none).
     */
    @Transactional(TxType.SUPPORTS)
    public java.util.Optional<Set<String>> tenantsWith(String user, Collection<String> groups, String permission) {
        Set<String> tenants = new LinkedHashSet<>();
        for (RoleAssignment assignment : store.assignmentsOf(user, groups)) {
            boolean grants = store.role(assignment.roleId()).map(role -> role.permissions().contains(permission))
                    .orElse(false);
            if (grants && assignment.scope().kind() == AssignmentScope.Kind.ALL) {
                return java.util.Optional.empty();
            }
            if (grants && assignment.scope().kind() == AssignmentScope.Kind.TENANTS) {
                tenants.addAll(assignment.scope().values());
            } else if (grants) {
                tenants.addAll(tenantTags.tenantsTagged(assignment.scope().values()));
            }
        }
        return java.util.Optional.of(tenants);
    }

    /** Whether the caller holds the permission in at least one tenant or portal-wide. */
    @Transactional(TxType.SUPPORTS)
    public boolean holdsAnywhere(String user, Collection<String> groups, String permission) {
        return tenantsWith(user, groups, permission).map(tenants -> !tenants.isEmpty()).orElse(true);
    }

    /** The signed-in caller's permissions (their own and their groups' roles) in a tenant, or portal-wide for null. */
    @Transactional(TxType.SUPPORTS)
    public Set<String> callerPermissions(String tenantId) {
        return caller.user().map(user -> permissionsOf(user, caller.groups(), tenantId)).orElse(Set.of());
    }

    /** Where the signed-in caller holds a permission, as {@link #tenantsWith}; nowhere when nobody is signed in. */
    @Transactional(TxType.SUPPORTS)
    public java.util.Optional<Set<String>> callerTenantsWith(String permission) {
        return caller.user().map(user -> tenantsWith(user, caller.groups(), permission))
                .orElse(java.util.Optional.of(Set.of()));
    }

    @Transactional(TxType.SUPPORTS)
    public boolean callerHoldsAnywhere(String permission) {
        return callerTenantsWith(permission).map(tenants -> !tenants.isEmpty()).orElse(true);
    }

    @Transactional(TxType.SUPPORTS)
    public boolean mayUseThePortal(String user, Collection<String> groups) {
        return !store.assignmentsOf(user, groups).isEmpty();
    }

    @Transactional(TxType.SUPPORTS)
    public boolean holdsRole(String user, Collection<String> groups, String roleId) {
        return store.assignmentsOf(user, groups).stream().anyMatch(assignment -> assignment.roleId().equals(roleId));
    }

    @Transactional(TxType.SUPPORTS)
    public List<Role> roles() {
        return store.roles();
    }

    /** Every assignment: who may do what where, which only those who manage access may see. */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.SUPPORTS)
    public List<RoleAssignment> assignments() {
        return store.assignments();
    }

    /**
     * Assigns a role; the caller needs {@code rbac:manage}. Owner is never assigned here: it needs a second person,
     * see {@link #requestOwnerGrant}.
     */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public RoleAssignment assign(PrincipalType type, String principal, String roleId, AssignmentScope scope) {
        String actor = security.getCallerPrincipal().getName();
        Role role = store.role(roleId).orElseThrow(() -> new IllegalArgumentException("No role '" + roleId + "'"));
        if (role.id().equals(Role.OWNER)) {
            throw new ApprovalException("Granting Owner needs a second person: request it for approval (with a single "
                    + "Owner, name the second one in tenantry.bootstrap.owners)");
        }
        return grant(actor, type, principal, roleId, scope, UnaryOperator.identity());
    }

    /**
     * Files a request to grant Owner, which another member of staff who may grant Owner approves; the caller needs
     * {@code rbac:manage} and, checked when the request is filed, {@code rbac:grant-owner} themselves.
     */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public ApprovalRequest requestOwnerGrant(PrincipalType type, String principal, AssignmentScope scope, String reason) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("Name the user or group to make Owner");
        }
        String who = principal.strip().toLowerCase(java.util.Locale.ROOT);
        Map<String, String> parameters = GrantOwnerAction.parameters(type, who, scope);
        return approvals.request(GrantOwnerAction.NAME, null, parameters,
                "Make " + who + " Owner (" + parameters.get("scope") + ")", reason);
    }

    /** Removes an assignment; never the last Owner of all tenants, which would lock everyone out of access control. */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public void unassign(String assignmentId) {
        String actor = security.getCallerPrincipal().getName();
        RoleAssignment assignment = store.assignments().stream().filter(a -> a.id().equals(assignmentId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No assignment " + assignmentId));
        boolean owner = assignment.roleId().equals(Role.OWNER);
        if (owner && !callerPermissions(null).contains(Permissions.RBAC_GRANT_OWNER)) {
            throw new AccessDeniedException("Removing an Owner needs " + Permissions.RBAC_GRANT_OWNER);
        }
        long owners = store.assignments().stream().filter(a -> a.roleId().equals(Role.OWNER)
                && a.scope().kind() == AssignmentScope.Kind.ALL).count();
        if (owner && assignment.scope().kind() == AssignmentScope.Kind.ALL && owners <= 1) {
            throw new IllegalArgumentException("This is the last Owner of all tenants; assign another Owner first");
        }
        store.unassign(assignmentId);
        audit.record(AuditEvent.of(actor, null, "rbac.unassign", assignment.principal(), Outcome.SUCCESS)
                .with("role", assignment.roleId()));
    }

    /**
     * Makes each configured bootstrap owner an Owner of all tenants unless they already hold a role: how the first
     * people get in, without any default password.
     */
    @Transactional(TxType.REQUIRED)
    public void bootstrapOwners(Collection<String> owners) {
        for (String owner : owners) {
            if (store.assignmentsOf(owner, List.of()).isEmpty()) {
                grant("system", PrincipalType.USER, owner, Role.OWNER, AssignmentScope.allTenants(),
                        event -> event.with("why", "tenantry.bootstrap.owners"));
            }
        }
    }

    /**
     * Stores an assignment with its {@code rbac.assign} audit record, in the caller's transaction; whoever calls has
     * decided that {@code actor} may. {@code details} adds to the record (why, on whose request).
     */
    RoleAssignment grant(String actor, PrincipalType type, String principal, String roleId, AssignmentScope scope,
            UnaryOperator<AuditEvent> details) {
        RoleAssignment assignment = store.assign(type, principal, roleId, scope, actor);
        audit.record(details.apply(AuditEvent.of(actor, null, "rbac.assign", principal, Outcome.SUCCESS)
                .with("role", roleId).with("scope", scope.encoded())));
        return assignment;
    }

    /**
     * Refuses, with an audited {@code access.denied} record naming the first one missing, unless {@code user} (with
     * {@code groups}) holds every one of {@code permissions} in the tenant (portal-wide for null). The one place every
     * entry point denies through.
     *
     * @param target        what was attempted, for the record
     * @param correlationId ties the refusal to the operation it belongs to (null: a new one)
     */
    @Transactional(TxType.SUPPORTS)
    public void require(String user, Collection<String> groups, String tenantId, String target, String correlationId,
            String... permissions) {
        Set<String> held = permissionsOf(user, groups, tenantId);
        for (String permission : permissions) {
            if (!held.contains(permission)) {
                audit.recordSecurityEvent(AuditEvent.of(user, tenantId, "access.denied", target, Outcome.DENIED)
                        .with("permission", permission).correlatedWith(correlationId));
                throw new AccessDeniedException(user + " lacks " + permission
                        + (tenantId == null ? "" : " in tenant " + tenantId));
            }
        }
    }
}
