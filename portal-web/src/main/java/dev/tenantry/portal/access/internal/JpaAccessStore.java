package dev.tenantry.portal.access.internal;

import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.access.RoleConflictException;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Roles and assignments in the portal's database. Principals are stored in lower case. */
@ApplicationScoped
public class JpaAccessStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Inject
    Instance<RequestAccessReads> requestReads;

    @Inject
    BeanManager beans;

    /** What this request read already; empty outside a request. */
    private Optional<RequestAccessReads> reads() {
        try {
            return beans.getContext(RequestScoped.class).isActive() ? Optional.of(requestReads.get())
                    : Optional.empty();
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }

    /** Every write of roles or assignments: what this request read of them is read again. */
    private void changed() {
        reads().ifPresent(RequestAccessReads::forget);
    }

    public List<Role> roles() {
        return entityManager.createQuery("select r from RoleEntity r order by r.builtIn desc, r.name", RoleEntity.class)
                .getResultStream().map(JpaAccessStore::toRole).toList();
    }

    public Optional<Role> role(String id) {
        return reads().map(reads -> reads.role(id, this::readRole)).orElseGet(() -> readRole(id));
    }

    private Optional<Role> readRole(String id) {
        return Optional.ofNullable(entityManager.find(RoleEntity.class, id)).map(JpaAccessStore::toRole);
    }

    public Role addRole(Role role) {
        changed();
        entityManager.persist(new RoleEntity(role.id(), role.name(), role.description(), role.builtIn(), role.source(),
                role.permissions()));
        return role;
    }

    public Optional<Role> updateRole(String id, String name, String description, Set<String> permissions) {
        return updateRole(id, name, description, permissions, null);
    }

    /**
     * Describes the role anew, if it is still at {@code expectedVersion} (null: whatever it is at).
     *
     * @throws RoleConflictException when someone else changed it since that version, or changes it at the same time
     */
    public Optional<Role> updateRole(String id, String name, String description, Set<String> permissions,
            Long expectedVersion) {
        changed();
        RoleEntity entity = entityManager.find(RoleEntity.class, id);
        if (entity == null) {
            return Optional.empty();
        }
        if (expectedVersion != null && entity.version() != expectedVersion) {
            throw conflict(entity.name());
        }
        entity.describe(name, description, permissions);
        try {
            entityManager.flush();
        } catch (jakarta.persistence.OptimisticLockException e) {
            throw conflict(name);
        }
        return Optional.of(toRole(entity));
    }

    private static RoleConflictException conflict(String name) {
        return new RoleConflictException("The role " + name + " was changed by someone else while you edited it; "
                + "nothing of your change was saved. Open it again to see theirs, then make yours.");
    }

    public boolean removeRole(String id) {
        changed();
        RoleEntity entity = entityManager.find(RoleEntity.class, id);
        if (entity == null) {
            return false;
        }
        entityManager.remove(entity);
        return true;
    }

    public long assignmentCount(String roleId) {
        return entityManager.createQuery("select count(a) from AssignmentEntity a where a.roleId = :role", Long.class)
                .setParameter("role", roleId).getSingleResult();
    }

    /** How many assignments give {@code roleId} for all tenants (counted in the database). */
    public long allTenantsAssignmentCount(String roleId) {
        return entityManager.createQuery("select count(a) from AssignmentEntity a where a.roleId = :role"
                + " and a.scopeKind = :all", Long.class).setParameter("role", roleId)
                .setParameter("all", AssignmentScope.Kind.ALL.name()).getSingleResult();
    }

    public RoleAssignment assign(PrincipalType type, String principal, String roleId, AssignmentScope scope,
            String createdBy) {
        changed();
        AssignmentEntity entity = new AssignmentEntity(UUID.randomUUID().toString(), type.name(),
                principal.toLowerCase(Locale.ROOT), roleId, scope.kind().name(),
                scope.values().isEmpty() ? null : String.join(",", scope.values().stream().sorted().toList()),
                createdBy, Instant.now().truncatedTo(ChronoUnit.MICROS));
        entityManager.persist(entity);
        return toAssignment(entity);
    }

    /** Moves every assignment to user {@code from} onto {@code to}; how many moved. */
    public int moveUserAssignments(String from, String to) {
        changed();
        return entityManager.createQuery("update AssignmentEntity a set a.principal = :to where a.principalType = "
                + "'USER' and a.principal = :from").setParameter("to", to.toLowerCase(Locale.ROOT))
                .setParameter("from", from.toLowerCase(Locale.ROOT)).executeUpdate();
    }

    public boolean unassign(String assignmentId) {
        changed();
        AssignmentEntity entity = entityManager.find(AssignmentEntity.class, assignmentId);
        if (entity == null) {
            return false;
        }
        entityManager.remove(entity);
        return true;
    }

    /** The assignments of a user and of the groups they belong to. */
    public List<RoleAssignment> assignmentsOf(String user, Collection<String> groups) {
        return reads().map(reads -> reads.assignmentsOf(user, groups, () -> readAssignmentsOf(user, groups)))
                .orElseGet(() -> readAssignmentsOf(user, groups));
    }

    private List<RoleAssignment> readAssignmentsOf(String user, Collection<String> groups) {
        List<String> lowerGroups = groups.stream().map(group -> group.toLowerCase(Locale.ROOT)).toList();
        return entityManager.createQuery("select a from AssignmentEntity a where (a.principalType = 'USER' and "
                        + "a.principal = :user) or (a.principalType = 'GROUP' and a.principal in :groups)",
                        AssignmentEntity.class)
                .setParameter("user", user.toLowerCase(Locale.ROOT))
                .setParameter("groups", lowerGroups.isEmpty() ? List.of("") : lowerGroups)
                .getResultStream().map(JpaAccessStore::toAssignment).toList();
    }

    /** The assignments that reach tenants by tag, one of {@code tags} among them. */
    public List<RoleAssignment> assignmentsTagged(Collection<String> tags) {
        return entityManager.createQuery("select a from AssignmentEntity a where a.scopeKind = 'TAG'",
                        AssignmentEntity.class)
                .getResultStream().map(JpaAccessStore::toAssignment)
                .filter(assignment -> assignment.scope().values().stream().anyMatch(tags::contains)).toList();
    }

    public List<RoleAssignment> assignments() {
        return entityManager.createQuery("select a from AssignmentEntity a order by a.createdAt", AssignmentEntity.class)
                .getResultStream().map(JpaAccessStore::toAssignment).toList();
    }

    private static Role toRole(RoleEntity entity) {
        return new Role(entity.id(), entity.name(), entity.description(), entity.builtIn(), entity.source(),
                Set.copyOf(entity.permissions()), entity.version());
    }

    private static RoleAssignment toAssignment(AssignmentEntity entity) {
        Set<String> tenants = entity.scopeValues() == null ? Set.of()
                : Arrays.stream(entity.scopeValues().split(",")).collect(Collectors.toSet());
        return new RoleAssignment(entity.id(), PrincipalType.valueOf(entity.principalType()), entity.principal(),
                entity.roleId(), new AssignmentScope(AssignmentScope.Kind.valueOf(entity.scopeKind()), tenants),
                entity.createdBy(), entity.createdAt());
    }
}
