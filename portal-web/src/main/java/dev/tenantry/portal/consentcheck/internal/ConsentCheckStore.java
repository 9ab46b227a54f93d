package dev.tenantry.portal.consentcheck.internal;

import dev.tenantry.portal.consentcheck.ConsentCheck;
import dev.tenantry.portal.persistence.Words;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The last live consent check of each tenant, in the database. */
@ApplicationScoped
public class ConsentCheckStore {

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    /** The last check of a tenant, if any. */
    @Transactional(TxType.SUPPORTS)
    public Optional<ConsentCheck> last(String tenantId) {
        return Optional.ofNullable(entityManager.find(ConsentCheckEntity.class, tenantId)).map(ConsentCheckStore::view);
    }

    /** The last checks of these tenants, in one query. */
    @Transactional(TxType.SUPPORTS)
    public Map<String, ConsentCheck> last(List<String> tenantIds) {
        Map<String, ConsentCheck> found = new LinkedHashMap<>();
        if (!tenantIds.isEmpty()) {
            entityManager.createQuery("select c from ConsentCheckEntity c where c.tenantId in :tenants",
                    ConsentCheckEntity.class).setParameter("tenants", tenantIds).getResultStream()
                    .forEach(row -> found.put(row.tenantId, view(row)));
        }
        return found;
    }

    @jakarta.inject.Inject
    dev.tenantry.portal.audit.AuditLog audit;

    /** Keeps a check and, in the same transaction, its audit record. */
    @Transactional(TxType.REQUIRES_NEW)
    public void save(ConsentCheck check, Optional<dev.tenantry.portal.audit.AuditEvent> record) {
        ConsentCheckEntity row = entityManager.find(ConsentCheckEntity.class, check.tenantId());
        boolean created = row == null;
        if (created) {
            row = new ConsentCheckEntity();
            row.tenantId = check.tenantId();
        }
        row.checkedAt = check.checkedAt();
        row.outcome = check.outcome();
        row.missing = clip(String.join("\n", check.missing().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + String.join(" ", entry.getValue())).toList()), 4000);
        row.excess = clip("delegated=" + String.join(" ", check.excessDelegated()) + "\napplication="
                + String.join(" ", check.excessApplication()), 4000);
        row.degraded = clip(String.join(" ", check.degraded()), 4000);
        row.delegatedLive = clip(String.join(" ", check.delegatedLive()), 8000);
        row.applicationLive = clip(String.join(" ", check.applicationLive()), 8000);
        row.disagreements = clip(String.join("\n", check.disagreements()), 8000);
        row.problem = clip(check.problem(), 1000);
        row.checkedBy = check.checkedBy();
        if (created) {
            entityManager.persist(row);
        }
        record.ifPresent(audit::record);
    }

    /** A removed tenant's check goes with it. */
    @Transactional(TxType.REQUIRED)
    void forget(@Observes dev.tenantry.portal.tenant.TenantRemoved removed) {
        entityManager.createQuery("delete from ConsentCheckEntity c where c.tenantId = :tenant")
                .setParameter("tenant", removed.tenantId()).executeUpdate();
    }

    private static ConsentCheck view(ConsentCheckEntity row) {
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (String line : lines(row.missing)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                missing.put(line.substring(0, equals), Words.of(line.substring(equals + 1)));
            }
        }
        Set<String> excessDelegated = Set.of();
        Set<String> excessApplication = Set.of();
        for (String line : lines(row.excess)) {
            if (line.startsWith("delegated=")) {
                excessDelegated = Words.of(line.substring("delegated=".length()));
            } else if (line.startsWith("application=")) {
                excessApplication = Words.of(line.substring("application=".length()));
            }
        }
        return new ConsentCheck(row.tenantId, row.checkedAt, row.outcome, missing, Words.of(row.degraded),
                excessDelegated, excessApplication, lines(row.disagreements), Words.of(row.delegatedLive),
                Words.of(row.applicationLive),
                row.problem == null ? "" : row.problem, row.checkedBy);
    }

    private static List<String> lines(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.split("\n"));
    }

    private static String clip(String text, int max) {
        return text == null ? null : text.length() > max ? text.substring(0, max) : text;
    }
}
