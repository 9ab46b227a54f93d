package dev.tenantry.portal.plugin.internal;

import dev.tenantry.portal.plugin.JobFigures;
import dev.tenantry.portal.plugin.JobRun;
import dev.tenantry.portal.plugin.JobScheduler;
import dev.tenantry.portal.tenant.TenantRemoved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job scheduler's queue and each job's last run per tenant ({@code plugin_job_state}), and the runs of the last
 * hours ({@code plugin_job_run}); each change in a transaction of its own, as runs are long.
 *
 * <p>A row is due at {@code due_at}; {@code NULL} takes it out of the queue while its job does not work in the tenant.
 * Which tenants a job works in is read where it is kept, in the same statements: the {@code tenant} table (active
 * tenants), {@code plugin_tenant_off} and {@code plugin_install} (enabled plugins), so that no tenant list is ever read
 * into memory and no tenant is looked at one by one. The due runs come from one statement over all jobs, an indexed
 * range of each ({@code plugin_job_state_job_due}: job, due time, tenant).
 */
@ApplicationScoped
public class JpaJobStates {

    /** Tenants where a row's job works: the tenant is active and its plugin not switched off there. */
    private static final String WORKS_THERE = "EXISTS (SELECT 1 FROM tenant t WHERE t.id = s.tenant_id "
            + "AND t.status = 'ACTIVE') AND NOT EXISTS (SELECT 1 FROM plugin_tenant_off o "
            + "WHERE o.plugin_id = s.plugin_id AND o.tenant_id = s.tenant_id)";

    /** Takes rows out of the queue; the version counts the change, as for any other. */
    private static final String PARK = "UPDATE plugin_job_state s SET due_at = NULL, version = version + 1 WHERE ";

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /**
     * Queues {@code jobId} in every tenant it works in and is not queued in, due at {@code firstDue} (now; for a job run
     * when asked, an interval on): a tenant seen for the first time, or one where it works again (the tenant active
     * again, the plugin switched on again), where a run the plugin asked for meanwhile comes first. Another node doing
     * the same at the same moment may make this fail on a duplicate row; the next tick finds nothing left to do.
     *
     * @return how many runs it queued
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int enqueue(String jobId, String pluginId, Instant now, Instant firstDue) {
        Instant at = micros(now);
        Instant first = micros(firstDue);
        int again = entityManager.createNativeQuery("UPDATE plugin_job_state s SET due_at = CASE WHEN s.asked_at IS "
                + "NOT NULL AND s.asked_at < :first THEN GREATEST(s.asked_at, :now) ELSE :first END, "
                + "version = version + 1 WHERE s.job_id = :job AND s.due_at IS NULL AND " + WORKS_THERE)
                .setParameter("now", at).setParameter("first", first).setParameter("job", jobId).executeUpdate();
        int added = entityManager.createNativeQuery("INSERT INTO plugin_job_state (job_id, tenant_id, plugin_id, "
                + "due_at) SELECT CAST(:job AS VARCHAR(80)), t.id, CAST(:plugin AS VARCHAR(40)), "
                + "CAST(:first AS TIMESTAMP WITH TIME ZONE) FROM tenant t WHERE t.status = 'ACTIVE' "
                + "AND NOT EXISTS (SELECT 1 FROM plugin_job_state s WHERE s.job_id = :job AND s.tenant_id = t.id) "
                + "AND NOT EXISTS (SELECT 1 FROM plugin_tenant_off o WHERE o.plugin_id = :plugin "
                + "AND o.tenant_id = t.id)")
                .setParameter("job", jobId).setParameter("plugin", pluginId).setParameter("first", first)
                .executeUpdate();
        return again + added;
    }

    /**
     * Brings forward to {@code now} the runs of {@code jobId} due later than one {@code every} from now: they were
     * scheduled under a longer interval than the job has now (its setting was shortened and the server restarted), and
     * would otherwise keep the old cadence until they ran once. Runs going on (due at their lease's end) and runs
     * waiting for Microsoft's {@code Retry-After} keep their time.
     *
     * @return how many runs it brought forward
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int bringForward(String jobId, Duration every, Instant now) {
        Instant at = micros(now);
        return entityManager.createNativeQuery("UPDATE plugin_job_state s SET due_at = :now, version = version + 1 "
                + "WHERE s.job_id = :job AND s.due_at > :horizon AND (s.outcome IS NULL OR s.outcome NOT IN ('"
                + JobScheduler.RUNNING + "', '" + JobScheduler.THROTTLED + "'))").setParameter("now", at)
                .setParameter("job", jobId).setParameter("horizon", at.plus(every)).executeUpdate();
    }

    /**
     * Makes due now the runs of {@code jobIds} in {@code tenantId} whose last run ended for want of consent: after a
     * consent in the tenant, what waited for it runs at once rather than at its next interval. Runs out of the queue
     * (the job does not work in the tenant) stay out.
     *
     * @return how many runs it made due
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int consentArrived(String tenantId, Collection<String> jobIds, Instant now) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        Instant at = micros(now);
        return entityManager.createNativeQuery("UPDATE plugin_job_state s SET due_at = :now, version = version + 1 "
                + "WHERE s.job_id IN (:jobs) AND s.tenant_id = :tenant AND s.outcome = '"
                + JobScheduler.CONSENT_REQUIRED + "' AND s.due_at > :now").setParameter("now", at)
                .setParameter("jobs", jobIds).setParameter("tenant", tenantId).executeUpdate();
    }

    /**
     * Takes out of the queue the due runs whose job does not work in their tenant (any more): the tenant is not active,
     * the plugin is switched off there or not enabled ({@code hostId}: Tenantry's own jobs, always enabled), or the job
     * is no longer one its running plugin schedules ({@code scheduled}: by running plugin, the jobs it schedules).
     * Only due rows are looked at (an index range): a row not due yet is taken out when it becomes due.
     *
     * @return how many it took out
     */
    @Transactional(TxType.REQUIRES_NEW)
    public int park(Instant now, String hostId, Map<String, ? extends Collection<String>> scheduled) {
        Instant at = micros(now);
        int parked = entityManager.createNativeQuery(PARK + "s.due_at <= :now AND (NOT EXISTS (SELECT 1 FROM tenant t "
                + "WHERE t.id = s.tenant_id AND t.status = 'ACTIVE') OR EXISTS (SELECT 1 FROM plugin_tenant_off o "
                + "WHERE o.plugin_id = s.plugin_id AND o.tenant_id = s.tenant_id) OR (s.plugin_id <> :host "
                + "AND NOT EXISTS (SELECT 1 FROM plugin_install p WHERE p.id = s.plugin_id AND p.status = 'ENABLED')))")
                .setParameter("now", at).setParameter("host", hostId).executeUpdate();
        for (Map.Entry<String, ? extends Collection<String>> plugin : scheduled.entrySet()) {
            parked += (plugin.getValue().isEmpty()
                    ? entityManager.createNativeQuery(PARK + "s.plugin_id = :plugin AND s.due_at <= :now")
                    : entityManager.createNativeQuery(PARK + "s.plugin_id = :plugin AND s.job_id NOT IN (:jobs) "
                            + "AND s.due_at <= :now").setParameter("jobs", plugin.getValue()))
                    .setParameter("plugin", plugin.getKey()).setParameter("now", at).executeUpdate();
        }
        return parked;
    }

    /** Forgets the runs started before {@code before}. */
    @Transactional(TxType.REQUIRES_NEW)
    public int prune(Instant before) {
        return entityManager.createQuery("delete from JobRunEntity r where r.startedAt < :before")
                .setParameter("before", before).executeUpdate();
    }

    /**
     * Runs of {@code jobIds} due at {@code now} in tenants where they work, held by no claim (a run of the job in the
     * tenant going on, started by a person or another node): of each job its {@code perJob} oldest due at most, each
     * job's an index range of {@code plugin_job_state_job_due} (job, due time, tenant) read in its order and only up to
     * its limit (the order by job first, as H2 takes an order from an index only so), all in one statement; oldest due
     * first, then by tenant and job.
     */
    @Transactional(TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<JobScheduler.Due> due(Instant now, Collection<String> jobIds, int perJob) {
        if (jobIds.isEmpty() || perJob < 1) {
            return List.of();
        }
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(jobIds));
        StringBuilder sql = new StringBuilder("SELECT d.* FROM (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("(SELECT s.* FROM plugin_job_state s WHERE s.job_id = :job")
                    .append(i).append(" AND s.due_at <= :now AND ").append(WORKS_THERE).append(" AND NOT EXISTS "
                    + "(SELECT 1 FROM plugin_run_claim c WHERE c.claim_id = s.plugin_id || '|' || s.tenant_id "
                    + "|| '|job:' || s.job_id AND c.lease_until > :now) ORDER BY s.job_id, s.due_at, s.tenant_id "
                    + "FETCH FIRST ")
                    .append(perJob).append(" ROWS ONLY)");
        }
        sql.append(") d ORDER BY d.due_at, d.tenant_id, d.job_id");
        jakarta.persistence.Query query = entityManager.createNativeQuery(sql.toString(), JobStateEntity.class)
                .setParameter("now", micros(now));
        for (int i = 0; i < ids.size(); i++) {
            query.setParameter("job" + i, ids.get(i));
        }
        List<JobStateEntity> rows = query.getResultList();
        return rows.stream().map(row -> new JobScheduler.Due(row.jobId(), row.tenantId(), row.dueAt())).toList();
    }

    /** The earliest time after {@code now} at which a run of {@code jobIds} is due. */
    @Transactional(TxType.SUPPORTS)
    public Optional<Instant> nextDue(Instant now, Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(entityManager.createQuery("select min(s.dueAt) from JobStateEntity s "
                + "where s.dueAt > :now and s.jobId in :jobs", Instant.class).setParameter("now", micros(now))
                .setParameter("jobs", jobIds).getSingleResult());
    }

    /**
     * Marks a run started at {@code now}, due again at {@code leaseUntil} should it never end, and records it.
     * {@code seenDue} is the due time it was read with: if the row's is another, someone started it since and this
     * does nothing. {@code null}: started by a person, whenever it was due (the row is made if the tenant has none).
     *
     * @return whether it was marked
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean started(String jobId, String tenantId, String pluginId, Instant seenDue, Instant now,
            Instant leaseUntil) {
        Instant at = micros(now);
        Long lag = seenDue == null ? null : Math.max(0, Duration.between(seenDue, at).toMillis());
        if (seenDue == null) {
            JobStateEntity state = entityManager.find(JobStateEntity.class, new JobStateEntity.Key(jobId, tenantId));
            if (state == null) {
                state = new JobStateEntity(jobId, tenantId, pluginId);
                entityManager.persist(state);
            }
            state.started(at, micros(leaseUntil), null);
        } else if (entityManager.createQuery("update JobStateEntity s set s.startedAt = :now, s.finishedAt = null, "
                + "s.outcome = :running, s.message = null, s.dueAt = :lease, s.lagMillis = :lag, "
                + "s.askedAt = case when s.askedAt <= :now then null else s.askedAt end, "
                + "s.version = s.version + 1 where s.jobId = :job and s.tenantId = :tenant and s.dueAt = :seen")
                .setParameter("now", at).setParameter("running", JobScheduler.RUNNING)
                .setParameter("lease", micros(leaseUntil)).setParameter("lag", lag).setParameter("job", jobId)
                .setParameter("tenant", tenantId).setParameter("seen", seenDue).executeUpdate() == 0) {
            return false;
        }
        entityManager.persist(new JobRunEntity(jobId, tenantId, pluginId, seenDue, at, lag));
        return true;
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void progress(String jobId, String tenantId, String message) {
        Optional.ofNullable(entityManager.find(JobStateEntity.class, new JobStateEntity.Key(jobId, tenantId)))
                .ifPresent(state -> state.progress(clip(message)));
    }

    /**
     * Records how the run started at {@code startedAt} ended and when the job is due next in the tenant: at
     * {@code nextDue}, or at a run the plugin asked for before then (not for a throttled run, which waits for
     * Microsoft); nothing if a later run took its place (this one outlived its lease). One statement, so that an ask
     * coming at the same moment is either seen here or brings the due time forward after.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void finished(String jobId, String tenantId, Instant startedAt, String outcome, String message,
            Instant finishedAt, Instant nextDue) {
        String due = JobScheduler.THROTTLED.equals(outcome) ? ":next"
                : "case when s.askedAt is not null and s.askedAt < :next then s.askedAt else :next end";
        entityManager.createQuery("update JobStateEntity s set s.finishedAt = :at, s.outcome = :outcome, "
                + "s.message = :message, s.dueAt = " + due + ", s.version = s.version + 1 where s.jobId = :job "
                + "and s.tenantId = :tenant and (s.startedAt is null or s.startedAt = :started)")
                .setParameter("at", micros(finishedAt)).setParameter("outcome", outcome)
                .setParameter("message", clip(message)).setParameter("next", micros(nextDue))
                .setParameter("job", jobId).setParameter("tenant", tenantId)
                .setParameter("started", micros(startedAt)).executeUpdate();
    }

    /**
     * A plugin asks for a run of {@code jobId} in {@code tenantId} at {@code at}: kept as the row's ask (the earliest
     * one), and the row made due then if it is due later, not running and not waiting for Microsoft's
     * {@code Retry-After}. A tenant without the job's row yet gets it here, due then (a job run when asked would
     * otherwise be queued an interval on at the next tick, the ask lost). Where the job does not work now (the tenant
     * not active, the plugin switched off there) the row stays out of the queue and the ask is kept for when it works
     * there again. Another node adding the row at the same moment makes this fail on a duplicate row: ask again.
     *
     * @return whether the tenant is known (it has the row now)
     */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean ask(String jobId, String pluginId, String tenantId, Instant at) {
        Instant when = micros(at);
        int asked = entityManager.createNativeQuery("UPDATE plugin_job_state s SET asked_at = LEAST(COALESCE("
                + "s.asked_at, :at), :at), due_at = CASE WHEN s.due_at > :at AND (s.outcome IS NULL OR s.outcome NOT "
                + "IN ('" + JobScheduler.RUNNING + "', '" + JobScheduler.THROTTLED + "')) THEN :at ELSE s.due_at END, "
                + "version = s.version + 1 WHERE s.job_id = :job AND s.tenant_id = :tenant")
                .setParameter("at", when).setParameter("job", jobId).setParameter("tenant", tenantId)
                .executeUpdate();
        if (asked > 0) {
            return true;
        }
        return entityManager.createNativeQuery("INSERT INTO plugin_job_state (job_id, tenant_id, plugin_id, due_at, "
                + "asked_at) SELECT CAST(:job AS VARCHAR(80)), t.id, CAST(:plugin AS VARCHAR(40)), CASE WHEN "
                + "t.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM plugin_tenant_off o WHERE o.plugin_id = :plugin "
                + "AND o.tenant_id = t.id) THEN CAST(:at AS TIMESTAMP WITH TIME ZONE) END, CAST(:at AS TIMESTAMP "
                + "WITH TIME ZONE) FROM tenant t WHERE t.id = :tenant AND NOT EXISTS (SELECT 1 FROM plugin_job_state "
                + "s WHERE s.job_id = :job AND s.tenant_id = t.id)")
                .setParameter("job", jobId).setParameter("plugin", pluginId).setParameter("at", when)
                .setParameter("tenant", tenantId).executeUpdate() > 0;
    }

    /** A plugin's jobs in its tenants, the last started first, a page of them. */
    @Transactional(TxType.SUPPORTS)
    public List<JobRun> ofPlugin(String pluginId, int first, int max) {
        return entityManager.createQuery("select s from JobStateEntity s where s.pluginId = :plugin "
                + "order by s.startedAt desc nulls last, s.jobId, s.tenantId", JobStateEntity.class)
                .setParameter("plugin", pluginId).setFirstResult(Math.max(0, first)).setMaxResults(max)
                .getResultStream().map(JpaJobStates::toRun).toList();
    }

    @Transactional(TxType.SUPPORTS)
    public long countOfPlugin(String pluginId) {
        return entityManager.createQuery("select count(s) from JobStateEntity s where s.pluginId = :plugin",
                Long.class).setParameter("plugin", pluginId).getSingleResult();
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<JobRun> last(String jobId, String tenantId) {
        return Optional.ofNullable(entityManager.find(JobStateEntity.class, new JobStateEntity.Key(jobId, tenantId)))
                .map(JpaJobStates::toRun);
    }

    /**
     * How a job keeps up, over every node: runs started in the {@code window} before {@code now} and the distinct
     * tenants they ran in, the tenants the job works in, the median and 95th percentile of how late the scheduled runs
     * started (counted and ranked by the database), runs due and not started, runs waiting for a throttled tenant's
     * {@code Retry-After}, runs going on.
     */
    @Transactional(TxType.SUPPORTS)
    public JobFigures figures(JobScheduler.Job job, Instant now, Duration window) {
        Instant at = micros(now);
        Instant since = at.minus(window);
        long runs = count("select count(r) from JobRunEntity r where r.jobId = :job and r.startedAt >= :since",
                job.id(), "since", since);
        long tenantsRun = count("select count(distinct r.tenantId) from JobRunEntity r where r.jobId = :job "
                + "and r.startedAt >= :since", job.id(), "since", since);
        long tenants = entityManager.createQuery("select count(s) from JobStateEntity s where s.jobId = :job",
                Long.class).setParameter("job", job.id()).getSingleResult();
        long late = count("select count(r) from JobRunEntity r where r.jobId = :job and r.startedAt >= :since "
                + "and r.lagMillis is not null", job.id(), "since", since);
        long queued = count("select count(s) from JobStateEntity s where s.jobId = :job and s.dueAt <= :now",
                job.id(), "now", at);
        long deferred = count("select count(s) from JobStateEntity s where s.jobId = :job and s.dueAt > :now "
                + "and s.outcome = '" + JobScheduler.THROTTLED + "'", job.id(), "now", at);
        long running = count("select count(s) from JobStateEntity s where s.jobId = :job and s.dueAt > :now "
                + "and s.outcome = '" + JobScheduler.RUNNING + "'", job.id(), "now", at);
        return new JobFigures(job.id(), job.pluginId(), job.every(), window, runs, tenantsRun, tenants,
                lag(job.id(), since, late, 0.5),
                lag(job.id(), since, late, 0.95), queued, deferred, running);
    }

    private long count(String query, String jobId, String name, Instant value) {
        return entityManager.createQuery(query, Long.class).setParameter("job", jobId).setParameter(name, value)
                .getSingleResult();
    }

    /** The {@code quantile} of the {@code late} lags since {@code since} by nearest rank; null without any. */
    private Duration lag(String jobId, Instant since, long late, double quantile) {
        if (late == 0) {
            return null;
        }
        int rank = (int) Math.max(1, Math.min(late, (long) Math.ceil(quantile * late)));
        TypedQuery<Long> lags = entityManager.createQuery("select r.lagMillis from JobRunEntity r where r.jobId = :job "
                + "and r.startedAt >= :since and r.lagMillis is not null order by r.lagMillis", Long.class)
                .setParameter("job", jobId).setParameter("since", since).setFirstResult(rank - 1).setMaxResults(1);
        return lags.getResultStream().findFirst().map(Duration::ofMillis).orElse(null);
    }

    /** A removed tenant's job states go with it; its runs of the last hours go when they are pruned. */
    @Transactional(TxType.REQUIRED)
    void forget(@Observes TenantRemoved removed) {
        entityManager.createQuery("delete from JobStateEntity s where s.tenantId = :tenant")
                .setParameter("tenant", removed.tenantId()).executeUpdate();
    }

    private static JobRun toRun(JobStateEntity state) {
        return new JobRun(state.jobId(), state.tenantId(), state.pluginId(), state.startedAt(), state.finishedAt(),
                state.outcome(), state.message(), state.dueAt(),
                state.lagMillis() == null ? null : Duration.ofMillis(state.lagMillis()));
    }

    /** Times as the database keeps them, so that one read back compares equal to the one written. */
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static String clip(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
