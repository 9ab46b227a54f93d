package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginWork.WorkStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Work and its progress in {@code plugin_work}; each change in a transaction of its own, as work runs long. */
@ApplicationScoped
public class JpaWorkStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Transactional(TxType.REQUIRES_NEW)
    public void started(String id, String pluginId, String title, String tenantId, String startedBy) {
        entityManager.persist(new WorkEntity(id, pluginId, title, tenantId, startedBy, Instant.now()));
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void progress(String id, int done, int total, String message) {
        WorkEntity work = entityManager.find(WorkEntity.class, id);
        if (work != null && "RUNNING".equals(work.state)) {
            work.done = Math.max(0, done);
            work.total = Math.max(0, total);
            work.message = clip(message);
            work.updatedAt = Instant.now();
        }
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void finished(String id, String state, String message) {
        WorkEntity work = entityManager.find(WorkEntity.class, id);
        if (work != null) {
            work.state = state;
            work.message = clip(message);
            work.finishedAt = Instant.now();
            work.updatedAt = work.finishedAt;
            if ("SUCCESS".equals(state) && work.total > 0) {
                work.done = work.total;
            }
        }
    }

    /** Asks running work to stop; whether it was running. */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean requestCancel(String id) {
        return entityManager.createQuery("update WorkEntity w set w.cancelRequested = true where w.id = :id "
                + "and w.state = 'RUNNING'").setParameter("id", id).executeUpdate() == 1;
    }

    @Transactional(TxType.SUPPORTS)
    public boolean cancelRequested(String id) {
        return entityManager.createQuery("select w.cancelRequested from WorkEntity w where w.id = :id", Boolean.class)
                .setParameter("id", id).getResultStream().findFirst().orElse(true);
    }

    /** Work left RUNNING by a server that stopped, not updated since {@code before}, is marked failed. */
    @Transactional(TxType.REQUIRES_NEW)
    public int abandon(Instant before) {
        return entityManager.createQuery("update WorkEntity w set w.state = 'FAILED', w.finishedAt = :now, "
                + "w.message = 'The server stopped while this ran' where w.state = 'RUNNING' and w.updatedAt < :before")
                .setParameter("now", Instant.now()).setParameter("before", before).executeUpdate();
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<WorkStatus> find(String id) {
        return Optional.ofNullable(entityManager.find(WorkEntity.class, id)).map(JpaWorkStore::status);
    }

    /** The newest work {@code user} started, newest first. */
    @Transactional(TxType.SUPPORTS)
    public List<WorkStatus> startedBy(String user, int max) {
        return entityManager.createQuery("select w from WorkEntity w where w.startedBy = :user order by "
                + "w.startedAt desc, w.id", WorkEntity.class).setParameter("user", user).setMaxResults(max)
                .getResultStream().map(JpaWorkStore::status).toList();
    }

    private static WorkStatus status(WorkEntity w) {
        return new WorkStatus(w.id, w.pluginId, w.title, w.tenantId, w.startedBy, w.state, w.done, w.total,
                w.message == null ? "" : w.message, w.startedAt, w.finishedAt);
    }

    private static String clip(String message) {
        return message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
