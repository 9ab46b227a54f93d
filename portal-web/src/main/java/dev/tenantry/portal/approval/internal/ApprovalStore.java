package dev.tenantry.portal.approval.internal;

import dev.tenantry.portal.approval.ApprovalDecision;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code approval_request} table; every method joins the caller's transaction unless it says otherwise. */
@ApplicationScoped
public class ApprovalStore {

    /**
     * The size of the {@code parameters} column (V30): a plugin action's list of a million characters, as JSON inside
     * JSON.
     */
    static final int MAX_PARAMETERS = ApprovalEntity.MAX_PARAMETERS;
    static final int MAX_GROUPS = 4000;
    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Type PARAMETERS = new LinkedHashMap<String, String>() {
        private static final long serialVersionUID = 1L;
    }.getClass().getGenericSuperclass();

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    @Transactional(TxType.MANDATORY)
    public ApprovalRequest insert(String id, String action, String tenantId, Map<String, String> parameters, String summary,
            String reason, String requestedBy, Collection<String> requesterGroups, Instant requestedAt, Instant expiresAt) {
        String groups = String.join("\n", requesterGroups);
        if (groups.length() > MAX_GROUPS) {
            throw new ApprovalException("The requester belongs to too many groups to record with the request");
        }
        String json = JSON.toJson(new LinkedHashMap<>(parameters));
        if (json.length() > MAX_PARAMETERS) {
            throw new ApprovalException("The parameters of this request are too large to store (" + json.length()
                    + " characters as JSON, at most " + MAX_PARAMETERS + ")");
        }
        ApprovalEntity entity = new ApprovalEntity(id, action, tenantId, json, summary, reason, requestedBy, groups,
                requestedAt, expiresAt);
        entityManager.persist(entity);
        return toRequest(entity);
    }

    /** The request, its row locked until the transaction ends, so two decisions on it run one after the other. */
    @Transactional(TxType.MANDATORY)
    public Optional<ApprovalRequest> lock(String id) {
        return Optional.ofNullable(entityManager.find(ApprovalEntity.class, id, LockModeType.PESSIMISTIC_WRITE))
                .map(ApprovalStore::toRequest);
    }

    @Transactional(TxType.MANDATORY)
    public ApprovalRequest decide(String id, Status status, String by, Instant at, String note, String outcome) {
        ApprovalEntity entity = entityManager.find(ApprovalEntity.class, id);
        entity.decide(status.name(), by, at, note, outcome);
        return toRequest(entity);
    }

    /** Records what an approved action did when it ran after its decision: its outcome, and FAILED if it could not run. */
    @Transactional(TxType.MANDATORY)
    public ApprovalRequest ran(String id, Status status, String outcome) {
        ApprovalEntity entity = entityManager.find(ApprovalEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        entity.ran(status.name(), outcome);
        return toRequest(entity);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<ApprovalRequest> find(String id) {
        return Optional.ofNullable(entityManager.find(ApprovalEntity.class, id)).map(ApprovalStore::toRequest);
    }

    /**
     * Requests newest first, at most {@code max}: those waiting at {@code now} when {@code waiting}, else all; only in
     * {@code tenantIds} (null: every tenant and the portal-wide ones) or asked by {@code requestedBy} when given.
     */
    @Transactional(TxType.SUPPORTS)
    public List<ApprovalRequest> list(boolean waiting, Instant now, Collection<String> tenantIds, String requestedBy, int max) {
        StringBuilder jpql = new StringBuilder("select a from ApprovalEntity a where 1 = 1");
        if (waiting) {
            jpql.append(" and a.status = 'PENDING' and a.expiresAt > :now");
        }
        if (tenantIds != null) {
            jpql.append(tenantIds.isEmpty() ? " and 1 = 0" : " and a.tenantId in :tenants");
        }
        if (requestedBy != null) {
            jpql.append(" and a.requestedBy = :requestedBy");
        }
        jpql.append(" order by a.requestedAt desc, a.id");
        TypedQuery<ApprovalEntity> query = entityManager.createQuery(jpql.toString(), ApprovalEntity.class);
        if (waiting) {
            query.setParameter("now", now);
        }
        if (tenantIds != null && !tenantIds.isEmpty()) {
            query.setParameter("tenants", tenantIds);
        }
        if (requestedBy != null) {
            query.setParameter("requestedBy", requestedBy);
        }
        return query.setMaxResults(max).getResultList().stream().map(ApprovalStore::toRequest).toList();
    }

    /**
     * Where the requests among {@code ids} for {@code action} stand, in one query that leaves their parameters in the
     * database: only those whose first parameter is {@code key} with a value starting with {@code valueStart}.
     */
    @Transactional(TxType.SUPPORTS)
    public List<ApprovalDecision> decisions(Collection<String> ids, String action, String key, String valueStart) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String json = JSON.toJson(Map.of(key, valueStart));
        // {"key":"value  as the stored JSON begins, the value's closing quote and brace cut off
        String start = json.substring(0, json.length() - 2);
        return entityManager.createQuery("select a.id, a.tenantId, a.requestedBy, a.expiresAt, a.status, a.decidedBy,"
                + " a.decidedAt, a.decisionNote, a.outcome from ApprovalEntity a where a.id in :ids"
                + " and a.action = :action and a.parameters like :start escape '!'", Object[].class)
                .setParameter("ids", ids).setParameter("action", action)
                .setParameter("start", start.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
                .getResultList().stream().map(row -> new ApprovalDecision((String) row[0], (String) row[1],
                        (String) row[2], (Instant) row[3], Status.valueOf((String) row[4]), (String) row[5],
                        (Instant) row[6], (String) row[7], (String) row[8])).toList();
    }

    /** The ids of requests still marked waiting whose time ran out by {@code now}, oldest first. */
    @Transactional(TxType.SUPPORTS)
    public List<String> overdue(Instant now, int max) {
        return entityManager.createQuery("select a.id from ApprovalEntity a where a.status = 'PENDING'"
                + " and a.expiresAt <= :now order by a.expiresAt, a.id", String.class)
                .setParameter("now", now).setMaxResults(max).getResultList();
    }

    private static ApprovalRequest toRequest(ApprovalEntity entity) {
        Map<String, String> parameters = JSON.fromJson(entity.parameters(), PARAMETERS);
        return new ApprovalRequest(entity.id(), entity.action(), entity.tenantId(), parameters, entity.summary(),
                entity.reason(), entity.requestedBy(), entity.requestedAt(), entity.expiresAt(),
                Status.valueOf(entity.status()), entity.decidedBy(), entity.decidedAt(), entity.decisionNote(),
                entity.outcome(), entity.requesterGroups() == null || entity.requesterGroups().isEmpty() ? List.of()
                : List.of(entity.requesterGroups().split("\n")));
    }
}
