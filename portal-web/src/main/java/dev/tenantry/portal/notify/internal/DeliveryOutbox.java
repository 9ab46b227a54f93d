package dev.tenantry.portal.notify.internal;

import dev.tenantry.portal.notify.Delivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The queue of deliveries in the database. A delivery is claimed (QUEUED/RETRYING/HELD → SENDING) by a conditional
 * update before it is sent, so two servers never send the same one; one left SENDING by a server that stopped is put
 * back after {@link #STALE_AFTER_SECONDS}. A secret mail not sent by its {@code expires_at} is given up (FAILED) before
 * anything is claimed, whether it waited for a retry or for a mail server, and its sealed body erased; should that race
 * a claim on another server, the mail claimed just before its lifetime ended goes, once.
 */
@ApplicationScoped
public class DeliveryOutbox {

    static final long STALE_AFTER_SECONDS = 300;

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /**
     * What a delivery needs to be sent.
     *
     * @param body      the text or JSON; for a secret mail ({@code sealed}) the text sealed for this delivery
     * @param expiresAt when a secret mail is given up; {@code null} for other deliveries
     */
    public record Due(String id, String channel, String target, String subject, String body, String secretSealed,
            int attempts, boolean sealed, Instant expiresAt) {
    }

    @Transactional(TxType.REQUIRED)
    public void queue(String id, String pluginId, String channel, String target, String subject, String body,
            String secretSealed, String requestedBy) {
        entityManager.persist(new DeliveryEntity(id, pluginId, channel, target, subject, body, secretSealed,
                requestedBy, Instant.now()));
    }

    /** Queues a secret mail whose text {@code sealedBody} was sealed for delivery {@code id}. */
    @Transactional(TxType.REQUIRED)
    public void queueSealed(String id, String pluginId, String target, String subject, String sealedBody,
            String requestedBy, Instant expiresAt) {
        entityManager.persist(DeliveryEntity.secretMail(id, pluginId, target, subject, sealedBody, requestedBy,
                Instant.now(), expiresAt));
    }

    /**
     * Claims up to {@code max} deliveries that are due; held mail only when {@code mailReady}. Secret mail past its
     * lifetime is given up first.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public List<Due> claimDue(int max, boolean mailReady) {
        Instant now = Instant.now();
        entityManager.createQuery("update DeliveryEntity d set d.state = 'RETRYING' where d.state = 'SENDING' "
                + "and d.lastAttemptAt < :stale").setParameter("stale", now.minusSeconds(STALE_AFTER_SECONDS))
                .executeUpdate();
        entityManager.createQuery("select d from DeliveryEntity d where d.sealed = true and d.expiresAt <= :now "
                + "and d.state in ('QUEUED', 'RETRYING', 'HELD')", DeliveryEntity.class).setParameter("now", now)
                .setMaxResults(200).getResultList().forEach(expired -> expired.expire(now));
        entityManager.flush();
        List<String> ids = entityManager.createQuery("select d.id from DeliveryEntity d where (d.state in "
                + "('QUEUED', 'RETRYING') and d.nextAttemptAt <= :now) or (:mailReady = true and d.state = 'HELD' "
                + "and d.channel = 'MAIL') order by d.nextAttemptAt", String.class).setParameter("now", now)
                .setParameter("mailReady", mailReady).setMaxResults(max).getResultList();
        List<Due> claimed = new ArrayList<>();
        for (String id : ids) {
            int taken = entityManager.createQuery("update DeliveryEntity d set d.state = 'SENDING', "
                    + "d.lastAttemptAt = :now, d.attempts = d.attempts + 1 where d.id = :id and d.state in "
                    + "('QUEUED', 'RETRYING', 'HELD')").setParameter("now", now).setParameter("id", id)
                    .executeUpdate();
            if (taken == 1) {
                DeliveryEntity d = entityManager.find(DeliveryEntity.class, id);
                entityManager.refresh(d);
                claimed.add(due(d));
            }
        }
        return claimed;
    }

    /**
     * Ends an attempt: {@code state} SENT, RETRYING (with {@code next}), HELD or FAILED; a secret mail's body is erased
     * once it is SENT or FAILED.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void attempted(String id, String state, Instant next, String error) {
        DeliveryEntity d = entityManager.find(DeliveryEntity.class, id);
        if (d != null) {
            d.attempted(state, next, error);
        }
    }

    /** What sending {@code d} needs. */
    static Due due(DeliveryEntity d) {
        return new Due(d.id, d.channel, d.target, d.subject, d.body, d.secretSealed, d.attempts, d.sealed, d.expiresAt);
    }

    /**
     * Queues a held or failed delivery again, now; not a secret mail that was sent or given up, whose content is
     * erased.
     */
    @Transactional(TxType.REQUIRED)
    public boolean retry(String id) {
        return entityManager.createQuery("update DeliveryEntity d set d.state = 'RETRYING', d.nextAttemptAt = :now "
                + "where d.id = :id and d.state in ('HELD', 'FAILED') and d.body is not null")
                .setParameter("now", Instant.now()).setParameter("id", id).executeUpdate() == 1;
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Delivery> find(String id) {
        return Optional.ofNullable(entityManager.find(DeliveryEntity.class, id)).map(DeliveryEntity::view);
    }

    /** The newest deliveries first, optionally of one plugin and in one state. */
    @Transactional(TxType.SUPPORTS)
    public List<Delivery> recent(String pluginId, String state, int first, int max) {
        TypedQuery<DeliveryEntity> query = entityManager.createQuery("select d from DeliveryEntity d where "
                + "(:plugin is null or d.pluginId = :plugin) and (:state is null or d.state = :state) "
                + "order by d.createdAt desc, d.id", DeliveryEntity.class);
        return query.setParameter("plugin", pluginId).setParameter("state", state).setFirstResult(first)
                .setMaxResults(max).getResultStream().map(DeliveryEntity::view).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public int count(String pluginId, String state) {
        return entityManager.createQuery("select count(d) from DeliveryEntity d where (:plugin is null or "
                + "d.pluginId = :plugin) and (:state is null or d.state = :state)", Long.class)
                .setParameter("plugin", pluginId).setParameter("state", state).getSingleResult().intValue();
    }
}
