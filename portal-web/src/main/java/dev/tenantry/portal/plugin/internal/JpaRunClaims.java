package dev.tenantry.portal.plugin.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;

/**
 * Claims in the database, each taken or given back in a transaction of its own: taking one is a single statement that
 * only one of several servers can win (an insert on the primary key, or an update of a claim whose lease ran out).
 */
@ApplicationScoped
public class JpaRunClaims {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /**
     * Takes the claim for {@code holder} unless someone holds it with a lease still running; whether it did.
     *
     * @throws PersistenceException when another server inserted the claim at the same moment (the caller checks
     *                              {@link #held})
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean take(String pluginId, String tenantId, String key, String holder, Instant now, Instant leaseUntil) {
        String id = RunClaimEntity.id(pluginId, tenantId, key);
        int expired = entityManager.createQuery("update RunClaimEntity c set c.holder = :holder, c.claimedAt = :now, "
                + "c.leaseUntil = :until where c.id = :id and c.leaseUntil < :now")
                .setParameter("holder", holder).setParameter("now", now).setParameter("until", leaseUntil)
                .setParameter("id", id).executeUpdate();
        if (expired == 1) {
            return true;
        }
        if (entityManager.find(RunClaimEntity.class, id) != null) {
            return false;
        }
        entityManager.persist(new RunClaimEntity(pluginId, tenantId, key, holder, now, leaseUntil));
        entityManager.flush();
        return true;
    }

    /** Whether anyone holds the claim (whatever its lease). */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean held(String pluginId, String tenantId, String key) {
        return entityManager.find(RunClaimEntity.class, RunClaimEntity.id(pluginId, tenantId, key)) != null;
    }

    /** Gives the claim back, if {@code holder} still holds it. */
    @Transactional(TxType.REQUIRES_NEW)
    public void giveBack(String pluginId, String tenantId, String key, String holder) {
        entityManager.createQuery("delete from RunClaimEntity c where c.id = :id and c.holder = :holder")
                .setParameter("id", RunClaimEntity.id(pluginId, tenantId, key)).setParameter("holder", holder)
                .executeUpdate();
    }
}
