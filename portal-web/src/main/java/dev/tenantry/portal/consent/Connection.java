package dev.tenantry.portal.consent;

import java.time.Instant;
import java.util.Set;

/**
 * How Tenantry acts in one customer tenant, as the tenant's page shows it: never its tokens.
 *
 * @param kind     DELEGATED (an integration account of the tenant) or APPLICATION (admin consent)
 * @param accountId for the account of a plugin (a service account it declares, signed in as itself), its id; empty for
 *                 the tenant's integration account and the application connection
 * @param state    CONNECTED, or NEEDS_REAUTHENTICATION (its refresh token was revoked or expired: sign in again)
 * @param account  the account's user principal name (delegated)
 * @param granted  the permissions the tenant has granted Tenantry through it, by Microsoft's names, as last read
 * @param reason   why it needs attention; empty when connected
 */
public record Connection(String tenantId, Kind kind, String accountId, String state, String account,
        Set<String> granted, String reason, String connectedBy, Instant connectedAt, Instant lastUsedAt) {

    /** The two ways Tenantry acts in a tenant; a scope set names the one it needs. */
    public enum Kind {
        DELEGATED, APPLICATION
    }

    public boolean connected() {
        return "CONNECTED".equals(state);
    }

    /** Which of the tenant's connections this is. */
    public Key key() {
        return new Key(kind, accountId);
    }

    /**
     * Which connection of a tenant: its integration account ({@link #DELEGATED}), Tenantry itself
     * ({@link #APPLICATION}), or an account a plugin declares (delegated, named by the account's id), such as a service
     * account that provisions teams signed in as itself.
     *
     * @param accountId the plugin account's id ({@code <plugin-id>.<account>}); empty for the other two
     */
    public record Key(Kind kind, String accountId) {

        public static final Key DELEGATED = new Key(Kind.DELEGATED, "");
        public static final Key APPLICATION = new Key(Kind.APPLICATION, "");

        public Key {
            java.util.Objects.requireNonNull(kind, "kind");
            accountId = accountId == null ? "" : accountId;
            if (kind == Kind.APPLICATION && !accountId.isEmpty()) {
                throw new IllegalArgumentException("A plugin's account signs in: it is delegated, not " + kind);
            }
        }

        /** The connection of a plugin's account. */
        public static Key account(String accountId) {
            if (accountId == null || accountId.isBlank()) {
                throw new IllegalArgumentException("A plugin account has an id");
            }
            return new Key(Kind.DELEGATED, accountId);
        }

        /** Whether this is a plugin's account rather than the tenant's integration account or the application. */
        public boolean pluginAccount() {
            return !accountId.isEmpty();
        }

        /** As the database keeps it: {@code DELEGATED}, {@code APPLICATION} or {@code DELEGATED:<account id>}. */
        public String column() {
            return accountId.isEmpty() ? kind.name() : kind.name() + ":" + accountId;
        }

        /** The key a {@link #column()} value stands for. */
        public static Key parse(String column) {
            int colon = column.indexOf(':');
            return colon < 0 ? new Key(Kind.valueOf(column), "")
                    : new Key(Kind.valueOf(column.substring(0, colon)), column.substring(colon + 1));
        }

        @Override
        public String toString() {
            return column();
        }
    }
}
