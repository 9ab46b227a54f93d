package dev.tenantry.portal.access;

import dev.tenantry.plugin.api.manifest.PluginManifest.RoleDeclaration;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.RequestCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * assignment to all tenants). Assignments and plugin roles change here, audited in their own transaction (custom roles
 * are made and changed by this package's custom-roles service, on top of these answers).
 */
@ApplicationScoped
public class AccessControl {

    @Inject
    JpaAccessStore store;

    @Inject
    AuditLog audit;

    @Inject
    CurrentStaff caller;

    @Inject
    RequestCaller requestCaller;

    @Inject
    TaggedTenants tenantTags;

    @Inject
    jakarta.enterprise.inject.Instance<ContributedPermissions> contributed;

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
                permissions.addAll(rolePermissions.computeIfAbsent(assignment.roleId(), this::permissionsOfRole));
            }
        }
        return permissions;
    }

    /** A role's permissions; Owner holds every permission plugins add besides its own. */
    private Set<String> permissionsOfRole(String roleId) {
        Set<String> permissions = new LinkedHashSet<>(store.role(roleId).map(Role::permissions).orElse(Set.of()));
        if (Role.OWNER.equals(roleId)) {
            permissions.addAll(contributedPermissions());
        }
        return permissions;
    }

    private Set<String> contributedPermissions() {
        Set<String> all = new LinkedHashSet<>();
        contributed.forEach(source -> all.addAll(source.contributed()));
        return all;
    }

    /**
     * Adds or updates the roles a plugin declares (source: the plugin), as the system; audited. Their assignments
     * stay when the plugin is upgraded. A role holding a host permission beyond reading, or another plugin's, is
     * refused (the manifest check refuses it first).
     */
    @Transactional(TxType.REQUIRED)
    public void registerPluginRoles(String pluginId, List<RoleDeclaration> roles) {
        for (var declared : roles) {
            Set<String> permissions = Set.copyOf(declared.permissions());
            permissions.stream().filter(permission -> !permission.startsWith(pluginId + ":")
                    && !PluginManifests.HOST_PERMISSIONS_FOR_ROLES.contains(permission)).findFirst()
                    .ifPresent(permission -> {
                        throw new IllegalArgumentException("Role " + declared.id() + " of plugin " + pluginId
                                + " may not hold " + permission + ": a plugin's role holds its own permissions only");
                    });
            java.util.Optional<Role> existing = store.role(declared.id());
            if (!declared.id().startsWith(pluginId + ".")
                    || existing.filter(role -> role.builtIn() || !pluginId.equals(role.source())).isPresent()) {
                throw new IllegalArgumentException("Role " + declared.id() + " is not plugin " + pluginId + "'s to "
                        + "register: a plugin's roles are named <plugin-id>.<role> and never replace another's");
            }
            if (existing.isPresent() && existing.get().name().equals(declared.name())
                    && java.util.Objects.equals(existing.get().description(), declared.description())
                    && existing.get().permissions().equals(permissions)) {
                continue;
            }
            if (existing.isPresent()) {
                store.updateRole(declared.id(), declared.name(), declared.description(), permissions);
            } else {
                store.addRole(new Role(declared.id(), declared.name(), declared.description(), false, pluginId,
                        permissions));
            }
            audit.record(AuditEvent.of("system", null, "rbac.role-register", declared.id(), Outcome.SUCCESS)
                    .with("plugin", pluginId).with("permissions", String.join(",", new java.util.TreeSet<>(permissions))));
        }
    }

    /**
     * Where the user holds a permission (none when this request's API token of theirs does not allow it): empty when
     * everywhere (an assignment to all tenants grants it), otherwise
     * the ids of the tenants it is granted in (possibly none).
     */
    @Transactional(TxType.SUPPORTS)
    public java.util.Optional<Set<String>> tenantsWith(String user, Collection<String> groups, String permission) {
        if (!ceiling(user).map(ceiling -> ceiling.contains(permission)).orElse(true)) {
            return java.util.Optional.of(Set.of());
        }
        Set<String> tenants = new LinkedHashSet<>();
        for (RoleAssignment assignment : store.assignmentsOf(user, groups)) {
            boolean grants = permissionsOfRole(assignment.roleId()).contains(permission);
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

    /** Every permission the user holds somewhere, through their own or their groups' roles, whatever the scope. */
    @Transactional(TxType.SUPPORTS)
    public Set<String> permissionsAnywhere(String user, Collection<String> groups) {
        Set<String> permissions = new java.util.TreeSet<>();
        for (RoleAssignment assignment : store.assignmentsOf(user, groups)) {
            permissions.addAll(permissionsOfRole(assignment.roleId()));
        }
        return permissions;
    }

    /** Those of {@code groups} that hold a role somewhere: the only groups access decisions can depend on today. */
    @Transactional(TxType.SUPPORTS)
    public List<String> groupsWithRoles(Collection<String> groups) {
        Set<String> lower = new java.util.HashSet<>();
        groups.forEach(group -> lower.add(group.toLowerCase(java.util.Locale.ROOT)));
        return store.assignmentsOf("", groups).stream()
                .filter(assignment -> assignment.principalType() == PrincipalType.GROUP)
                .map(RoleAssignment::principal).filter(lower::contains).distinct().sorted().toList();
    }

    /** Whether the caller holds the permission in at least one tenant or portal-wide. */
    @Transactional(TxType.SUPPORTS)
    public boolean holdsAnywhere(String user, Collection<String> groups, String permission) {
        return tenantsWith(user, groups, permission).map(tenants -> !tenants.isEmpty()).orElse(true);
    }

    /**
     * The caller's permissions (their own and their groups' roles) in a tenant, or portal-wide for null; through an API
     * token, only those the token allows.
     */
    @Transactional(TxType.SUPPORTS)
    public Set<String> callerPermissions(String tenantId) {
        return caller.user().map(user -> capped(user, permissionsOf(user, caller.groups(), tenantId))).orElse(Set.of());
    }

    /** The API token's cap on {@code user} in this request; none outside a request (jobs, approvals run elsewhere). */
    private java.util.Optional<Set<String>> ceiling(String user) {
        return requestCaller.staff().flatMap(staff -> staff.permissionCeiling(user));
    }

    /** What {@code user} may use of {@code held} in this request: all of it, unless an API token caps it. */
    Set<String> capped(String user, Set<String> held) {
        return ceiling(user).map(ceiling -> {
            Set<String> within = new LinkedHashSet<>(held);
            within.retainAll(ceiling);
            return within;
        }).orElse(held);
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

    /** The host's permissions and those running plugins add: what a custom role may be made of. */
    @Transactional(TxType.SUPPORTS)
    public Set<String> knownPermissions() {
        Set<String> known = new java.util.TreeSet<>(Permissions.HOST);
        known.addAll(contributedPermissions());
        return known;
    }

    /** Every assignment: who may do what where, which only those who manage access may see. */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.SUPPORTS)
    public List<RoleAssignment> assignments() {
        return store.assignments();
    }

    /**
     * Assigns a role; the caller needs {@code rbac:manage} and every permission of the role wherever the assignment
     * reaches, so nobody hands out more than they hold (an Administrator cannot make anyone, themselves included, a
     * plugin's deployer). Owner is never assigned here: it needs a second person's approval, which files the request
     * and, once approved, grants it through {@link #grant}.
     */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public RoleAssignment assign(PrincipalType type, String principal, String roleId, AssignmentScope scope) {
        String actor = actor();
        Role role = store.role(roleId).orElseThrow(() -> new IllegalArgumentException("No role '" + roleId + "'"));
        if (role.id().equals(Role.OWNER)) {
            throw new ApprovalRequiredException("Granting Owner needs a second person: request it for approval, and another "
                    + "Owner approves it");
        }
        requireToHand(actor, role, scope);
        return grant(actor, type, principal, roleId, scope, UnaryOperator.identity());
    }

    /**
     * Refuses, audited, unless {@code actor} holds each permission of {@code role} over all of {@code scope}: for all
     * tenants, in each listed tenant, or for each tag (portal-wide or through an assignment to that tag, since the
     * tag reaches tenants tagged later too).
     */
    private void requireToHand(String actor, Role role, AssignmentScope scope) {
        List<RoleAssignment> held = store.assignmentsOf(actor, caller.groups());
        for (String permission : permissionsOfRole(role.id())) {
            List<RoleAssignment> granting = held.stream()
                    .filter(assignment -> permissionsOfRole(assignment.roleId()).contains(permission)).toList();
            boolean everywhere = granting.stream().anyMatch(a -> a.scope().kind() == AssignmentScope.Kind.ALL);
            boolean reaches = switch (scope.kind()) {
                case ALL -> everywhere;
                case TENANTS -> scope.values().stream().allMatch(tenant -> permissionsOf(actor, caller.groups(), tenant)
                        .contains(permission));
                case TAG -> everywhere || scope.values().stream().allMatch(tag -> granting.stream().anyMatch(a -> a
                        .scope().kind() == AssignmentScope.Kind.TAG && a.scope().values().contains(tag)));
            };
            if (!reaches || !capped(actor, Set.of(permission)).contains(permission)) {
                audit.recordSecurityEvent(AuditEvent.of(actor, null, "access.denied", "assign " + role.id(),
                        Outcome.DENIED).with("permission", permission).with("scope", scope.encoded()));
                throw new AccessDeniedException("To assign " + role.name() + " (" + scope.encoded() + ") you must hold "
                        + permission + " there yourself");
            }
        }
    }

    /**
     * Refuses, audited, unless the caller may change tenant {@code tenantId}'s tags by {@code changed} (tags added or
     * removed): that changes who has access to it through tag-scoped assignments, so it is an access change — the
     * caller needs {@code rbac:manage} there and every permission of each role a changed tag hands out or takes away
     * there, as if they assigned it. Returns those assignments, for the record.
     */
    @Transactional(TxType.SUPPORTS)
    public List<RoleAssignment> requireToRetag(String tenantId, Set<String> changed) {
        String actor = actor();
        if (changed.isEmpty()) {
            return List.of();
        }
        require(actor, caller.groups(), tenantId, "tags of tenant " + tenantId, null, Permissions.RBAC_MANAGE);
        List<RoleAssignment> reached = store.assignmentsTagged(changed);
        for (RoleAssignment assignment : reached) {
            Role role = store.role(assignment.roleId()).orElse(null);
            if (role != null) {
                requireToHand(actor, role, AssignmentScope.tenants(tenantId));
            }
        }
        return reached;
    }

    /**
     * Moves the roles assigned to user name {@code from} onto {@code to}, when the person behind a user name changes
     * it (renamed: their roles follow them) or loses it (reused for someone else: their roles stay with them, under
     * {@code former:<object id>}, and never reach the new holder). Sign-in calls it; the caller records why.
     *
     * @return how many assignments moved
     */
    @Transactional(TxType.REQUIRED)
    public int moveUserAssignments(String from, String to) {
        return store.moveUserAssignments(from, to);
    }

    /** Removes an assignment; never the last Owner of all tenants, which would lock everyone out of access control. */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public void unassign(String assignmentId) {
        String actor = actor();
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
     * While fewer than two people are Owner of all tenants, makes each configured bootstrap owner who holds no role an
     * Owner of all tenants: how the first people get in, without any default password, and how an installation left
     * with a single Owner recovers (granting Owner, installing and approving plugins need a second Owner): whoever
     * runs the server names a second person in {@code tenantry.bootstrap.owners} and restarts. With two Owners or more
     * it does nothing, so a bootstrap owner whose roles were taken away (someone who left) does not become Owner again.
     *
     * @return whether it made anyone Owner
     */
    @Transactional(TxType.REQUIRED)
    public boolean bootstrapOwners(Collection<String> owners) {
        if (store.allTenantsAssignmentCount(Role.OWNER) >= 2) {
            return false;
        }
        boolean made = false;
        for (String owner : owners) {
            if (store.assignmentsOf(owner, List.of()).isEmpty()) {
                grant("system", PrincipalType.USER, owner, Role.OWNER, AssignmentScope.allTenants(),
                        event -> event.with("why", "tenantry.bootstrap.owners"));
                made = true;
            }
        }
        return made;
    }

    String actor() {
        return caller.user().orElseThrow(() -> new AccessDeniedException("Sign in to change access"));
    }

    /**
     * Stores an assignment with its {@code rbac.assign} audit record, in the caller's transaction; whoever calls has
     * decided that {@code actor} may. {@code details} adds to the record (why, on whose request).
     */
    public RoleAssignment grant(String actor, PrincipalType type, String principal, String roleId, AssignmentScope scope,
            UnaryOperator<AuditEvent> details) {
        RoleAssignment assignment = store.assign(type, principal, roleId, scope, actor);
        audit.record(details.apply(AuditEvent.of(actor, null, "rbac.assign", principal, Outcome.SUCCESS)
                .with("role", roleId).with("scope", scope.encoded())));
        return assignment;
    }

    /**
     * Refuses, with an audited {@code access.denied} record naming the first one missing, unless {@code user} (with
     * {@code groups}) holds every one of {@code permissions} in the tenant (portal-wide for null) and, when this request
     * acts with an API token of theirs, the token allows each. The one place every
     * entry point denies through.
     *
     * @param target        what was attempted, for the record
     * @param correlationId ties the refusal to the operation it belongs to (null: a new one)
     */
    @Transactional(TxType.SUPPORTS)
    public void require(String user, Collection<String> groups, String tenantId, String target, String correlationId,
            String... permissions) {
        Set<String> held = capped(user, permissionsOf(user, groups, tenantId));
        for (String permission : permissions) {
            if (!held.contains(permission)) {
                audit.recordSecurityEvent(AuditEvent.of(user, tenantId, "access.denied", target, Outcome.DENIED)
                        .with("permission", permission).correlatedWith(correlationId));
                throw new AccessDeniedException(user + " lacks " + permission
                        + (tenantId == null ? "" : " in tenant " + tenantId));
            }
        }
    }

    /**
     * Refuses, audited as {@link #require}, unless {@code user} holds {@code permission} in at least one tenant or
     * portal-wide (within this request's API token): for lists that then show only where it is held.
     */
    @Transactional(TxType.SUPPORTS)
    public void requireSomewhere(String user, Collection<String> groups, String target, String correlationId,
            String permission) {
        if (!holdsAnywhere(user, groups, permission)) {
            audit.recordSecurityEvent(AuditEvent.of(user, null, "access.denied", target, Outcome.DENIED)
                    .with("permission", permission).with("where", "any tenant").correlatedWith(correlationId));
            throw new AccessDeniedException(user + " lacks " + permission + " in every tenant");
        }
    }
}
