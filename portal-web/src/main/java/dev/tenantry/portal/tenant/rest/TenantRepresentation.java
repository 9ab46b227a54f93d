package dev.tenantry.portal.tenant.rest;

import dev.tenantry.portal.tenant.CustomerTenant;
import java.time.Instant;
import java.util.List;

/** A customer tenant as the API shows it. */
public record TenantRepresentation(String id, String displayName, String primaryDomain, List<String> tags,
        String notes, CustomerTenant.Status status, String addedBy, Instant addedAt) {

    static TenantRepresentation of(CustomerTenant tenant) {
        return new TenantRepresentation(tenant.id(), tenant.displayName(), tenant.primaryDomain(),
                tenant.tags().stream().sorted().toList(), tenant.notes(), tenant.status(), tenant.addedBy(),
                tenant.addedAt());
    }
}
