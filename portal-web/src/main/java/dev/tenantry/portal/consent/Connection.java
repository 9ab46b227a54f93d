package dev.tenantry.portal.consent;

import java.time.Instant;
import java.util.Set;

/**
 * How Tenantry acts in one customer tenant, as the tenant's page shows it: never its tokens.
 *
 * @param kind     DELEGATED (an integration account of the tenant) or APPLICATION (admin consent)
 * @param state    CONNECTED, or NEEDS_REAUTHENTICATION (its refresh token was revoked or expired: sign in again)
 * @param account  the account's user principal name (delegated)
 * @param granted  the permissions the tenant has granted Tenantry through it, by Microsoft's names, as last read
 * @param reason   why it needs attention; empty when connected
 */
public record Connection(String tenantId, Kind kind, String state, String account, Set<String> granted,
        String reason, String connectedBy, Instant connectedAt, Instant lastUsedAt) {

    /** The two ways Tenantry acts in a tenant; a scope set names the one it needs. */
    public enum Kind {
        DELEGATED, APPLICATION
    }

    public boolean connected() {
        return "CONNECTED".equals(state);
    }
}
