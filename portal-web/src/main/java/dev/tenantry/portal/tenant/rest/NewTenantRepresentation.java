package dev.tenantry.portal.tenant.rest;

import java.util.List;

/**
 * A tenant to add.
 *
 * @param domain a verified domain of the tenant, or its tenant id
 */
public record NewTenantRepresentation(String domain, String displayName, List<String> tags, String notes) {
}
