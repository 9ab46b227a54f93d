package dev.tenantry.portal.tenant;

import dev.tenantry.portal.access.TaggedTenants;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Facts about tenants for the system rather than a person: which tags they carry (access control asks for tag-scoped
 * assignments, so this cannot be guarded by it), and the tenants plugin jobs and work run for. Never a list shown to
 * someone; pages and the API read through {@link TenantDirectory}, which checks who may see what.
 */
@ApplicationScoped
public class TenantLookup implements TaggedTenants {

    @Inject
    JpaTenantStore store;

    @Override
    @Transactional(TxType.SUPPORTS)
    public Set<String> of(String tenantId) {
        return tenantId == null ? Set.of() : store.find(tenantId).map(CustomerTenant::tags).orElse(Set.of());
    }

    @Override
    @Transactional(TxType.SUPPORTS)
    public Set<String> tenantsTagged(Set<String> tags) {
        return store.idsTagged(tags);
    }

    /** A tenant, whatever its state. */
    @Transactional(TxType.SUPPORTS)
    public Optional<CustomerTenant> find(String tenantId) {
        return store.find(tenantId == null ? "" : tenantId);
    }

    /** Active tenants but {@code excluded} matching {@code text}, by name, a page at a time (in SQL). */
    @Transactional(TxType.SUPPORTS)
    public List<CustomerTenant> searchActive(String text, Set<String> excluded, int first, int max) {
        return store.searchActive(text, excluded, first, max);
    }

    /** How many {@link #searchActive} finds. */
    @Transactional(TxType.SUPPORTS)
    public long countActive(String text, Set<String> excluded) {
        return store.countActive(text, excluded);
    }

    /** The active tenants among {@code ids}, read at once. */
    @Transactional(TxType.SUPPORTS)
    public List<CustomerTenant> activeAmong(java.util.Collection<String> ids) {
        return store.activeAmong(ids);
    }

    /** Active tenants by name, at most {@code max}. */
    @Transactional(TxType.SUPPORTS)
    public List<CustomerTenant> active(int max) {
        return store.allActive(max);
    }
}
