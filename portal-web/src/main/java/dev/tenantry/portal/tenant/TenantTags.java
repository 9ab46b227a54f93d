package dev.tenantry.portal.tenant;

import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Set;

/**
 * Which tags tenants carry, for access decisions about tag-scoped assignments. Answers facts only; it is not guarded
 * because the guard itself asks it.
 */
@ApplicationScoped
public class TenantTags {

    @Inject
    JpaTenantStore store;

    @Transactional(TxType.SUPPORTS)
    public Set<String> of(String tenantId) {
        return tenantId == null ? Set.of() : store.find(tenantId).map(CustomerTenant::tags).orElse(Set.of());
    }

    /** The ids of the tenants carrying at least one of the tags. */
    @Transactional(TxType.SUPPORTS)
    public Set<String> tenantsTagged(Set<String> tags) {
        return store.idsTagged(tags);
    }
}
