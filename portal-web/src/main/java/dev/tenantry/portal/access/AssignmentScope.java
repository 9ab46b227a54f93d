package dev.tenantry.portal.access;

import java.util.List;
import java.util.Set;

/** Where an assignment applies: every tenant, or the listed tenant ids. */
public record AssignmentScope(Kind kind, Set<String> tenantIds) {

    public enum Kind { ALL, TENANTS }

    public AssignmentScope {
        tenantIds = Set.copyOf(tenantIds);
        if (kind == Kind.TENANTS && tenantIds.isEmpty()) {
            throw new IllegalArgumentException("An assignment to listed tenants needs at least one tenant");
        }
    }

    public static AssignmentScope allTenants() {
        return new AssignmentScope(Kind.ALL, Set.of());
    }

    public static AssignmentScope tenants(String... ids) {
        return new AssignmentScope(Kind.TENANTS, Set.copyOf(List.of(ids)));
    }

    /** Whether the assignment covers the tenant; portal-wide questions ({@code null}) need all tenants. */
    public boolean covers(String tenantId) {
        return kind == Kind.ALL || tenantId != null && tenantIds.contains(tenantId);
    }
}
