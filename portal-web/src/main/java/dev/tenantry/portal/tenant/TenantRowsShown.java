package dev.tenantry.portal.tenant;

import java.util.List;

/**
 * A page of the tenants list is about to be drawn with these tenants: what its rows show of each tenant from other
 * features (consent health) can be read for all of them at once instead of row by row.
 */
public record TenantRowsShown(List<String> tenantIds) {

    public TenantRowsShown {
        tenantIds = List.copyOf(tenantIds);
    }
}
