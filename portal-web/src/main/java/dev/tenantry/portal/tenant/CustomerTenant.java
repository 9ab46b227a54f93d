package dev.tenantry.portal.tenant;

import java.time.Instant;
import java.util.Set;

/** A customer's Entra tenant as Tenantry knows it. */
public record CustomerTenant(String id, String displayName, String primaryDomain, Set<String> tags, String notes,
        Status status, String addedBy, Instant addedAt) {

    public enum Status { ACTIVE, DISABLED }

    public CustomerTenant {
        tags = Set.copyOf(tags);
    }
}
