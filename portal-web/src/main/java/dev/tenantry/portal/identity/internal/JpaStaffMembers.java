package dev.tenantry.portal.identity.internal;

import dev.tenantry.portal.identity.StaffMember;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Staff members in the portal's database, by object id and by user name. */
@ApplicationScoped
public class JpaStaffMembers {

    private static final int MAX_GROUPS = 8000;

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Transactional(TxType.SUPPORTS)
    public Optional<StaffMember> find(String objectId) {
        return Optional.ofNullable(entityManager.find(StaffMemberEntity.class, objectId)).map(JpaStaffMembers::member);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<StaffMember> byUserPrincipalName(String userPrincipalName) {
        return entityManager.createQuery("select s from StaffMemberEntity s where s.userPrincipalName = :name",
                StaffMemberEntity.class).setParameter("name", userPrincipalName).getResultStream().findFirst()
                .map(JpaStaffMembers::member);
    }

    /** Takes the user name away from {@code objectId}, which no longer holds it (it is kept as a former name). */
    @Transactional(TxType.MANDATORY)
    public void release(String objectId) {
        StaffMemberEntity entity = entityManager.find(StaffMemberEntity.class, objectId, LockModeType.PESSIMISTIC_WRITE);
        entity.signedIn("former:" + objectId, entity.displayName(), entity.groups(), entity.groupsOverage(),
                entity.lastSignIn());
        entityManager.flush();
    }

    /** Binds {@code name} to {@code objectId} with the groups of this sign-in, adding the member when new. */
    @Transactional(TxType.MANDATORY)
    public StaffMember save(String objectId, String name, String displayName, List<String> groups, boolean overage,
            Instant now) {
        StaffMemberEntity entity = entityManager.find(StaffMemberEntity.class, objectId, LockModeType.PESSIMISTIC_WRITE);
        boolean first = entity == null;
        if (first) {
            entity = new StaffMemberEntity(objectId, now);
        }
        String joined = String.join(",", groups);
        entity.signedIn(name, displayName, joined.length() > MAX_GROUPS ? null : joined,
                overage || joined.length() > MAX_GROUPS, now);
        if (first) {
            entityManager.persist(entity);
        }
        entityManager.flush();
        return member(entity);
    }

    private static StaffMember member(StaffMemberEntity entity) {
        List<String> groups = entity.groups() == null || entity.groups().isEmpty() ? List.of()
                : Arrays.asList(entity.groups().split(","));
        return new StaffMember(entity.objectId(), entity.userPrincipalName(), entity.displayName(), groups,
                entity.groupsOverage(), entity.firstSignIn(), entity.lastSignIn());
    }
}
