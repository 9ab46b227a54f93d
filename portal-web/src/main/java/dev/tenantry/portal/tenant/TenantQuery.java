package dev.tenantry.portal.tenant;

/**
 * One page of the tenant list, sorted and filtered on the server.
 *
 * @param filter text matched against name, domain, id and tags (case-insensitive); blank for all
 * @param sort   {@code displayName}, {@code primaryDomain}, {@code status} or {@code addedAt}
 */
public record TenantQuery(int first, int pageSize, String sort, boolean ascending, String filter) {

    public TenantQuery {
        if (first < 0 || pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("A page starts at 0 or later and holds 1 to 500 tenants");
        }
        sort = switch (sort == null ? "" : sort) {
            case "primaryDomain", "status", "addedAt" -> sort;
            default -> "displayName";
        };
        filter = filter == null ? "" : filter.strip();
    }
}
