package dev.tenantry.portal.consent.internal;

import dev.tenantry.portal.tenant.TenantRemoved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Optional;

/** The application bundles offered to tenants (JPA), in the caller's transaction. */
@ApplicationScoped
public class ApplicationBundleStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /** Ends the tenant's open offer, if any: its link stops working. */
    public void supersedeOffers(String tenantId) {
        entityManager.createQuery("update ApplicationBundleEntity b set b.state = 'SUPERSEDED', b.linkStateHash = "
                + "null where b.tenantId = :tenant and b.state = 'OFFERED'").setParameter("tenant", tenantId)
                .executeUpdate();
    }

    /** The version the tenant's next bundle gets. */
    public int nextVersion(String tenantId) {
        Integer last = entityManager.createQuery("select max(b.version) from ApplicationBundleEntity b where "
                + "b.tenantId = :tenant", Integer.class).setParameter("tenant", tenantId).getSingleResult();
        return last == null ? 1 : last + 1;
    }

    public void add(ApplicationBundleEntity row) {
        entityManager.persist(row);
    }

    /** The bundle whose admin-consent link carries the state with this hash; changes to it are kept. */
    public Optional<ApplicationBundleEntity> byLinkStateHash(String hash) {
        return entityManager.createQuery("select b from ApplicationBundleEntity b where b.linkStateHash = :hash",
                ApplicationBundleEntity.class).setParameter("hash", hash).getResultStream().findFirst();
    }

    /** Marks the tenant's bundles consented before {@code version} superseded. */
    public void supersedeConsentedBefore(String tenantId, int version) {
        entityManager.createQuery("update ApplicationBundleEntity b set b.state = 'SUPERSEDED' where b.tenantId = "
                + ":tenant and b.state = 'CONSENTED' and b.version < :version").setParameter("tenant", tenantId)
                .setParameter("version", version).executeUpdate();
    }

    /** The tenant's newest bundle in {@code state}. */
    public Optional<ApplicationBundleEntity> latest(String tenantId, String state) {
        return entityManager.createQuery("select b from ApplicationBundleEntity b where b.tenantId = :tenant and "
                + "b.state = :state order by b.version desc", ApplicationBundleEntity.class)
                .setParameter("tenant", tenantId).setParameter("state", state).setMaxResults(1).getResultStream()
                .findFirst();
    }

    /** A removed tenant's bundles go with it. */
    @Transactional(TxType.REQUIRED)
    void forget(@Observes TenantRemoved removed) {
        entityManager.createQuery("delete from ApplicationBundleEntity b where b.tenantId = :tenant")
                .setParameter("tenant", removed.tenantId()).executeUpdate();
    }
}
