package dev.tenantry.portal.audit.internal;

import dev.tenantry.portal.audit.AuditEvent;
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

    private static AuditRecord toRecord(AuditRecordEntity entity) {
        Map<String, String> details = entity.details() == null ? Map.of() : JSON.fromJson(entity.details(), DETAILS);
        AuditEvent event = new AuditEvent(entity.actor(), entity.tenantId(), entity.action(), entity.target(),
                AuditEvent.Outcome.valueOf(entity.outcome()), details, entity.correlationId());
        return new AuditRecord(entity.id(), entity.occurredAt(), event);
    }
}
