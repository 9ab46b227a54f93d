package dev.tenantry.portal.tenant;

import java.util.List;

/** The tenants of one page and how many match in all. */
public record TenantPage(List<CustomerTenant> tenants, long total) {
}
