package dev.tenantry.portal.tenant.rest;

import dev.tenantry.portal.tenant.CustomerTenant;
import java.util.List;

/** What to change about a tenant; a field left out (null) stays as it is. */
public record TenantChangeRepresentation(String displayName, List<String> tags, String notes,
        CustomerTenant.Status status) {
}
