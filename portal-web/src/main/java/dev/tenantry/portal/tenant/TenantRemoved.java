package dev.tenantry.portal.tenant;

/**
 * A CDI event: a tenant was removed from Tenantry, in the removing transaction. Observers forget what they keep of it
 * (its connections and their tokens, first of all).
 */
public record TenantRemoved(String tenantId) {
}
