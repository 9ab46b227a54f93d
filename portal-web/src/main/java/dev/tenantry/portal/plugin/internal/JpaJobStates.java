package dev.tenantry.portal.plugin.internal;

import dev.tenantry.portal.plugin.JobRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The last run of each plugin job per tenant; each change in a transaction of its own, as runs are long. */
@ApplicationScoped
public class JpaJobStates {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Transactional(TxType.REQUIRES_NEW)
    public void started(String jobId, String tenantId, String pluginId) {
        JobStateEntity state = entityManager.find(JobStateEntity.class, new JobStateEntity.Key(jobId, tenantId));
        if (state == null) {
            state = new JobStateEntity(jobId, tenantId, pluginId);
            entityManager.persist(state);
        }
        state.started(now());
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void progress(String jobId, String tenantId, String message) {
        Optional.ofNullable(entityManager.find(JobStateEntity.class, new JobStateEntity.Key(jobId, tenantId)))
                .ifPresent(state -> state.progress(clip(message)));
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void finished(String jobId, String tenantId, String outcome, String message) {
        Optional.ofNullable(entityManager.find(JobStateEntity.class, new JobStateEntity.Key(jobId, tenantId)))
                .ifPresent(state -> state.finished(now(), outcome, clip(message)));
    }

    @Transactional(TxType.SUPPORTS)
    public List<JobRun> ofPlugin(String pluginId) {
        return entityManager.createQuery("select s from JobStateEntity s where s.pluginId = :plugin order by s.jobId, "
                + "s.tenantId", JobStateEntity.class).setParameter("plugin", pluginId).getResultStream()
                .map(JpaJobStates::toRun).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<JobRun> last(String jobId, String tenantId) {
        return Optional.ofNullable(entityManager.find(JobStateEntity.class, new JobStateEntity.Key(jobId, tenantId)))
                .map(JpaJobStates::toRun);
    }

    private static JobRun toRun(JobStateEntity state) {
        return new JobRun(state.jobId(), state.tenantId(), state.pluginId(), state.startedAt(), state.finishedAt(),
                state.outcome(), state.message());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String clip(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
