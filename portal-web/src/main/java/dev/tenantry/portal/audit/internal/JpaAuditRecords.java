package dev.tenantry.portal.audit.internal;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditPage;
import dev.tenantry.portal.audit.AuditQuery;
import dev.tenantry.portal.audit.AuditRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log in the portal's database: appends and reads, nothing else. */
@ApplicationScoped
public class JpaAuditRecords {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Type DETAILS = new ParameterizedType() {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {String.class, String.class};
        }

        @Override
        public Type getRawType() {
            return LinkedHashMap.class;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    };

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    public AuditRecord append(AuditEvent event) {
        AuditRecordEntity entity = new AuditRecordEntity(Instant.now().truncatedTo(ChronoUnit.MICROS), event.actor(),
                event.tenantId(), event.action(), event.target(), event.outcome().name(),
                event.details().isEmpty() ? null : JSON.toJson(new LinkedHashMap<>(event.details())),
                event.correlationId());
        entityManager.persist(entity);
        entityManager.flush();
        return toRecord(entity);
    }

    public List<AuditRecord> latest(int max) {
        return entityManager.createQuery("select r from AuditRecordEntity r order by r.id desc", AuditRecordEntity.class)
                .setMaxResults(max)
                .getResultStream()
                .map(JpaAuditRecords::toRecord)
                .toList();
    }

    /**
     * A page of records among the tenants in {@code visibleTenants} (null: every record, portal-wide ones included;
     * otherwise only records of those tenants). Every value is bound; nothing is concatenated into the query.
     */
    public AuditPage page(AuditQuery query, java.util.Collection<String> visibleTenants) {
        if (visibleTenants != null && visibleTenants.isEmpty()) {
            return new AuditPage(List.of(), 0);
        }
        String where = " where (:actor = '' or lower(r.actor) like :actorLike)"
                + " and (:action = '' or r.action = :action or r.action like :actionArea)"
                + " and (:outcome = '' or r.outcome = :outcome)"
                + " and (:tenant = '' or r.tenantId = :tenant)"
                + " and (:fromSet = false or r.occurredAt >= :from)"
                + " and (:toSet = false or r.occurredAt < :to)"
                + (visibleTenants == null ? "" : " and r.tenantId in :visible");
        var select = entityManager.createQuery("select r from AuditRecordEntity r" + where + " order by r.id desc",
                AuditRecordEntity.class);
        var count = entityManager.createQuery("select count(r) from AuditRecordEntity r" + where, Long.class);
        for (jakarta.persistence.TypedQuery<?> typed : List.<jakarta.persistence.TypedQuery<?>>of(select, count)) {
            typed.setParameter("actor", query.actor())
                    .setParameter("actorLike", "%" + escapeLike(query.actor().toLowerCase(java.util.Locale.ROOT)) + "%")
                    .setParameter("action", query.action())
                    .setParameter("actionArea", escapeLike(query.action()) + ".%")
                    .setParameter("outcome", query.outcome() == null ? "" : query.outcome().name())
                    .setParameter("tenant", query.tenantId())
                    .setParameter("fromSet", query.from() != null)
                    .setParameter("from", query.from() == null ? Instant.EPOCH : query.from())
                    .setParameter("toSet", query.to() != null)
                    .setParameter("to", query.to() == null ? Instant.EPOCH : query.to());
            if (visibleTenants != null) {
                typed.setParameter("visible", visibleTenants);
            }
        }
        List<AuditRecord> records = select.setFirstResult(query.first()).setMaxResults(query.pageSize())
                .getResultStream().map(JpaAuditRecords::toRecord).toList();
        return new AuditPage(records, count.getSingleResult());
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static AuditRecord toRecord(AuditRecordEntity entity) {
        Map<String, String> details = entity.details() == null ? Map.of() : JSON.fromJson(entity.details(), DETAILS);
        AuditEvent event = new AuditEvent(entity.actor(), entity.tenantId(), entity.action(), entity.target(),
                AuditEvent.Outcome.valueOf(entity.outcome()), details, entity.correlationId());
        return new AuditRecord(entity.id(), entity.occurredAt(), event);
    }
}
