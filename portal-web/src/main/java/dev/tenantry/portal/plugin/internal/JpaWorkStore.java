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

    /**
     * Progress of running work. One statement touching only the progress columns: a read-modify-write of the whole
     * row could put back a state or a cancellation another thread changed meanwhile.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void progress(String id, int done, int total, String message) {
        entityManager.createQuery("update WorkEntity w set w.done = :done, w.total = :total, w.message = :message, "
                        + "w.updatedAt = :now where w.id = :id and w.state = 'RUNNING'")
                .setParameter("done", Math.max(0, done)).setParameter("total", Math.max(0, total))
                .setParameter("message", clip(message)).setParameter("now", Instant.now()).setParameter("id", id)
                .executeUpdate();
    }

    /** Work ended ({@code state}), with its summary or reason; SUCCESS counts every step done. */
    @Transactional(TxType.REQUIRES_NEW)
    public void finished(String id, String state, String message) {
        Instant now = Instant.now();
        String allDone = "SUCCESS".equals(state) ? ", w.done = case when w.total > 0 then w.total else w.done end" : "";
        entityManager.createQuery("update WorkEntity w set w.state = :state, w.message = :message, "
                        + "w.finishedAt = :now, w.updatedAt = :now" + allDone + " where w.id = :id")
                .setParameter("state", state).setParameter("message", clip(message)).setParameter("now", now)
                .setParameter("id", id).executeUpdate();
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
