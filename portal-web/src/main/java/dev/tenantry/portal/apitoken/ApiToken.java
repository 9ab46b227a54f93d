package dev.tenantry.portal.apitoken;

import java.time.Instant;
import java.util.Set;

/**
 * A personal API token as Tenantry keeps it: never its secret, only the last characters ({@code hint}) to recognise it.
 *
 * @param permissions the most the token may do; its owner's roles still decide where
 */
public record ApiToken(String id, String name, String owner, Set<String> permissions, String hint, Instant createdAt,
        Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy) {

    /** How every token's secret starts, so that scanners recognise a leaked one. */
    public static final String PREFIX = "tnt_";
    public static final int MAX_LIFETIME_DAYS = 365;
    public static final int MAX_ACTIVE_PER_OWNER = 20;

    public enum Status { ACTIVE, EXPIRED, REVOKED }

    public ApiToken {
        permissions = Set.copyOf(permissions);
    }

    public Status statusAt(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return now.isBefore(expiresAt) ? Status.ACTIVE : Status.EXPIRED;
    }
}
