package dev.tenantry.portal.tenant;

import java.util.Set;

/**
 * A CDI event: a tenant was given other tags, in the transaction that does it. What is kept about tagged tenants
 * (answers of cross-tenant queries by tag) is no longer current once it ends.
 *
 * @param tags the tags it carries now
 */
public record TenantTagsChanged(String tenantId, Set<String> tags) {

    public TenantTagsChanged {
        tags = Set.copyOf(tags);
    }
}
