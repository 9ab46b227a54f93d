package dev.tenantry.portal.tenant.internal;

import dev.tenantry.portal.persistence.LikePatterns;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantException;
import dev.tenantry.portal.tenant.TenantPage;
import dev.tenantry.portal.tenant.TenantQuery;
import dev.tenantry.portal.tenant.TenantStatusChanged;
import dev.tenantry.portal.tenant.TenantTagsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Customer tenants in the portal's database. Queries bind every value; nothing is concatenated into JPQL. */
@ApplicationScoped
public class JpaTenantStore {

    /** Fired on adding a tenant and on switching one off or on, in the transaction that does it. */
    @jakarta.inject.Inject
    jakarta.enterprise.event.Event<TenantStatusChanged> statusChanged;

    /** Fired on giving a tenant other tags, in the transaction that does it. */
    @jakarta.inject.Inject
    jakarta.enterprise.event.Event<TenantTagsChanged> tagsChanged;

    @PersistenceContext(unitName = "tenantry")
    EntityManager entityManager;

    public Optional<CustomerTenant> find(String id) {
        return Optional.ofNullable(entityManager.find(TenantEntity.class, id)).map(JpaTenantStore::toTenant);
    }

    public CustomerTenant add(CustomerTenant tenant) {
        TenantEntity entity = new TenantEntity(tenant.id(), tenant.displayName(), tenant.primaryDomain(),
                tenant.tags().isEmpty() ? null : String.join(",", tenant.tags().stream().sorted().toList()),
                tenant.notes(), tenant.status().name(), tenant.addedBy(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        entityManager.persist(entity);
        statusChanged.fire(new TenantStatusChanged(tenant.id(), tenant.status()));
        return toTenant(entity);
    }

    public Optional<CustomerTenant> setStatus(String id, CustomerTenant.Status status) {
        TenantEntity entity = entityManager.find(TenantEntity.class, id);
        if (entity == null) {
            return Optional.empty();
        }
        entity.status(status.name());
        statusChanged.fire(new TenantStatusChanged(id, status));
        return Optional.of(toTenant(entity));
    }

    public Optional<CustomerTenant> update(String id, String displayName, Set<String> tags, String notes) {
        return update(id, displayName, tags, notes, null);
    }

    /**
     * Describes the tenant anew, if it is still at {@code expectedVersion} (null: whatever it is at).
     *
     * @throws TenantException (conflict) when someone else changed it since that version, or changes it at the same
     *                         time
     */
    public Optional<CustomerTenant> update(String id, String displayName, Set<String> tags, String notes,
            Long expectedVersion) {
        TenantEntity entity = entityManager.find(TenantEntity.class, id);
        if (entity == null) {
            return Optional.empty();
        }
        if (expectedVersion != null && entity.version() != expectedVersion) {
            throw conflict(entity.displayName());
        }
        String storedTags = tags.isEmpty() ? null : String.join(",", tags.stream().sorted().toList());
        boolean retagged = !java.util.Objects.equals(storedTags, entity.tags());
        entity.describe(displayName, storedTags, notes);
        try {
            entityManager.flush();
        } catch (jakarta.persistence.OptimisticLockException e) {
            throw conflict(displayName);
        }
        if (retagged) {
            tagsChanged.fire(new TenantTagsChanged(id, tags));
        }
        return Optional.of(toTenant(entity));
    }

    private static TenantException conflict(String name) {
        return new TenantException(TenantException.Reason.CONFLICT, name + " was changed by someone else while you "
                + "edited it; nothing of your change was saved. Open it again to see theirs, then make yours.");
    }

    /** Active tenants by name, at most {@code max}. */
    public List<CustomerTenant> allActive(int max) {
        return entityManager.createQuery("select t from TenantEntity t where t.status = 'ACTIVE' order by "
                + "t.displayName, t.id", TenantEntity.class).setMaxResults(max).getResultStream()
                .map(JpaTenantStore::toTenant).toList();
    }

    public boolean remove(String id) {
        TenantEntity entity = entityManager.find(TenantEntity.class, id);
        if (entity == null) {
            return false;
        }
        entityManager.remove(entity);
        return true;
    }

    /**
     * The ids of the tenants carrying at least one of the tags (tags are stored sorted, comma-separated), found in SQL:
     * only the ids of matching tenants are read.
     */
    public Set<String> idsTagged(Set<String> tags) {
        if (tags.isEmpty()) {
            return Set.of();
        }
        StringBuilder where = new StringBuilder();
        List<String> patterns = new java.util.ArrayList<>();
        for (String tag : tags) {
            where.append(where.isEmpty() ? "" : " or ").append("concat(',', t.tags, ',') like :tag")
                    .append(patterns.size()).append(LikePatterns.ESCAPE);
            patterns.add(LikePatterns.literal("%,", tag, ",%"));
        }
        TypedQuery<String> select = entityManager.createQuery("select t.id from TenantEntity t where t.tags is not "
                + "null and (" + where + ")", String.class);
        for (int i = 0; i < patterns.size(); i++) {
            select.setParameter("tag" + i, patterns.get(i));
        }
        return Set.copyOf(select.getResultList());
    }

    /**
     * Active tenants, but {@code excluded}, whose name, primary domain or id contains {@code text} (blank: all), by name,
     * a page at a time.
     */
    public List<CustomerTenant> searchActive(String text, Set<String> excluded, int first, int max) {
        TypedQuery<TenantEntity> select = entityManager.createQuery("select t from TenantEntity t"
                + activeMatching(excluded) + " order by t.displayName, t.id", TenantEntity.class);
        matching(select, text, excluded);
        return select.setFirstResult(first).setMaxResults(max).getResultStream().map(JpaTenantStore::toTenant)
                .toList();
    }

    /** How many tenants {@link #searchActive} finds. */
    public long countActive(String text, Set<String> excluded) {
        TypedQuery<Long> count = entityManager.createQuery("select count(t) from TenantEntity t"
                + activeMatching(excluded), Long.class);
        matching(count, text, excluded);
        return count.getSingleResult();
    }

    /** The active tenants among {@code ids}, read at once. */
    public List<CustomerTenant> activeAmong(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return entityManager.createQuery("select t from TenantEntity t where t.status = 'ACTIVE' and t.id in :ids",
                TenantEntity.class).setParameter("ids", Set.copyOf(ids)).getResultStream().map(JpaTenantStore::toTenant)
                .toList();
    }

    private static String activeMatching(Set<String> excluded) {
        return " where t.status = 'ACTIVE' and " + textMatches(false)
                + (excluded.isEmpty() ? "" : " and t.id not in :excluded");
    }

    private static void matching(TypedQuery<?> query, String text, Set<String> excluded) {
        searchFor(query, text);
        if (!excluded.isEmpty()) {
            query.setParameter("excluded", excluded);
        }
    }

    /**
     * The condition that a tenant's name, primary domain or id (and tags, if asked) contains the text searched for,
     * whatever the case; true for blank text. Its parameters are set by {@link #searchFor}.
     */
    private static String textMatches(boolean tags) {
        String like = " like :like" + LikePatterns.ESCAPE;
        return "(:filter = '' or lower(t.displayName)" + like + " or lower(t.primaryDomain)" + like + " or lower(t.id)"
                + like + (tags ? " or lower(t.tags)" + like : "") + ")";
    }

    private static void searchFor(TypedQuery<?> query, String text) {
        String filter = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        query.setParameter("filter", filter).setParameter("like", LikePatterns.literal("%", filter, "%"));
    }

    /** Whether there is any tenant among {@code visibleIds} (any at all when null): one row looked for, not counted. */
    public boolean any(Collection<String> visibleIds) {
        if (visibleIds != null && visibleIds.isEmpty()) {
            return false;
        }
        TypedQuery<String> first = entityManager.createQuery("select t.id from TenantEntity t"
                + (visibleIds == null ? "" : " where t.id in :visible"), String.class);
        if (visibleIds != null) {
            first.setParameter("visible", visibleIds);
        }
        return first.setMaxResults(1).getResultStream().findFirst().isPresent();
    }

    /** A page of the tenants among {@code visibleIds} (all tenants when null). */
    public TenantPage page(TenantQuery query, Collection<String> visibleIds) {
        if (visibleIds != null && visibleIds.isEmpty()) {
            return new TenantPage(List.of(), 0);
        }
        String where = " where " + textMatches(true) + (visibleIds == null ? "" : " and t.id in :visible");
        String order = " order by t." + query.sort() + (query.ascending() ? " asc" : " desc") + ", t.id";
        TypedQuery<TenantEntity> select = entityManager.createQuery("select t from TenantEntity t" + where + order,
                TenantEntity.class);
        TypedQuery<Long> count = entityManager.createQuery("select count(t) from TenantEntity t" + where, Long.class);
        for (TypedQuery<?> typed : List.<TypedQuery<?>>of(select, count)) {
            searchFor(typed, query.filter());
            if (visibleIds != null) {
                typed.setParameter("visible", visibleIds);
            }
        }
        List<CustomerTenant> tenants = select.setFirstResult(query.first()).setMaxResults(query.pageSize())
                .getResultStream().map(JpaTenantStore::toTenant).toList();
        return new TenantPage(tenants, count.getSingleResult());
    }

    private static CustomerTenant toTenant(TenantEntity entity) {
        Set<String> tags = entity.tags() == null ? Set.of()
                : Arrays.stream(entity.tags().split(",")).collect(Collectors.toSet());
        return new CustomerTenant(entity.id(), entity.displayName(), entity.primaryDomain(), tags, entity.notes(),
                CustomerTenant.Status.valueOf(entity.status()), entity.addedBy(), entity.addedAt(), entity.version());
    }
}
