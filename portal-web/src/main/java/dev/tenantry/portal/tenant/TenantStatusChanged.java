package dev.tenantry.portal.tenant;

/**
 * A CDI event: a tenant came into Tenantry, or was switched off or on again, in the transaction that does it. What is
 * kept about the active tenants (answers of cross-tenant queries) is no longer current once it ends.
 */
public record TenantStatusChanged(String tenantId, CustomerTenant.Status status) {
}
