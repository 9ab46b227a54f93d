package dev.tenantry.portal.consent.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Requests for consent only a tenant's administrator can give (JPA), in the caller's transaction. */
@ApplicationScoped
public class ConsentRequestStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /** The tenant's open request for exactly these scope sets (ids joined by commas). */
    public Optional<ConsentRequestEntity> open(String tenantId, String scopeSetIds) {
        return entityManager.createQuery("select r from ConsentRequestEntity r where r.tenantId = :tenant and "
                + "r.scopeSetIds = :ids and r.state = 'OPEN'", ConsentRequestEntity.class)
                .setParameter("tenant", tenantId).setParameter("ids", scopeSetIds).getResultStream().findFirst();
    }

    public void add(ConsentRequestEntity row) {
        entityManager.persist(row);
    }

    /** Every open request, oldest first. */
    public List<ConsentRequestEntity> open() {
        return entityManager.createQuery("select r from ConsentRequestEntity r where r.state = 'OPEN' order by "
                + "r.createdAt", ConsentRequestEntity.class).getResultList();
    }

    /** The tenant's open requests; changes to them are kept. */
    public List<ConsentRequestEntity> openIn(String tenantId) {
        return entityManager.createQuery("select r from ConsentRequestEntity r where r.tenantId = :tenant and "
                + "r.state = 'OPEN'", ConsentRequestEntity.class).setParameter("tenant", tenantId).getResultList();
    }

    /** The tenant's newest requests, at most {@code max}. */
    public List<ConsentRequestEntity> ofTenant(String tenantId, int max) {
        return entityManager.createQuery("select r from ConsentRequestEntity r where r.tenantId = :tenant order by "
                + "r.createdAt desc", ConsentRequestEntity.class).setParameter("tenant", tenantId).setMaxResults(max)
                .getResultList();
    }

    /** The request whose admin-consent link carries the state with this hash; changes to it are kept. */
    public Optional<ConsentRequestEntity> byLinkStateHash(String hash) {
        return entityManager.createQuery("select r from ConsentRequestEntity r where r.linkStateHash = :hash",
                ConsentRequestEntity.class).setParameter("hash", hash).getResultStream().findFirst();
    }

    /** A request by id; changes to it are kept. */
    public Optional<ConsentRequestEntity> find(String requestId) {
        return Optional.ofNullable(requestId == null ? null : entityManager.find(ConsentRequestEntity.class, requestId));
    }
}
