package dev.tenantry.portal.access;

import java.util.Set;

/**
 * Which tags tenants carry, for deciding tag-scoped assignments; the tenant directory answers (it sits above access
 * control and is guarded by it). Facts only, never guarded, since the guard itself asks.
 */
public interface TaggedTenants {

    /** The tags of a tenant; none for {@code null} or an unknown tenant. */
    Set<String> of(String tenantId);

    /** The ids of the tenants carrying at least one of the tags. */
    Set<String> tenantsTagged(Set<String> tags);
}
