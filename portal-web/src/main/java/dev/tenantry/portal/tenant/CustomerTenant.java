package dev.tenantry.portal.tenant;

import java.time.Instant;
import java.util.Set;

/**
 * A customer's Entra tenant as Tenantry knows it.
 *
 * @param version how many times it was changed: a change made from this copy is refused once someone else changed it
 */
public record CustomerTenant(String id, String displayName, String primaryDomain, Set<String> tags, String notes,
        Status status, String addedBy, Instant addedAt, long version) {

    public enum Status { ACTIVE, DISABLED }

    public CustomerTenant {
        tags = Set.copyOf(tags);
    }

    /** A tenant not stored yet. */
    public CustomerTenant(String id, String displayName, String primaryDomain, Set<String> tags, String notes,
            Status status, String addedBy, Instant addedAt) {
        this(id, displayName, primaryDomain, tags, notes, status, addedBy, addedAt, 0);
    }
}
