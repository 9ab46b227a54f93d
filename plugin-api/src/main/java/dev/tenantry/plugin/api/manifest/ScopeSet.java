package dev.tenantry.plugin.api.manifest;

import java.util.List;

/**
 * A named, justified bundle of Microsoft permissions for one purpose, one resource and one kind of connection. The
 * consent manager asks a tenant for a scope set only when a user opens a feature it unlocks.
 *
 * @param id          {@code <plugin-id>.<purpose>}
 * @param features    the plugin features ({@code <plugin-id>.<feature>}) that need it
 * @param roles       roles whose holders use those features (the plugin's own, {@code <plugin-id>.<role>}, or host
 *                    roles such as {@code administrator}); empty when any role with the feature's permission does
 * @param cmdlets     for an Exchange Online scope set, the cmdlets it may run (the gateway refuses others; since 1.4.0);
 *                    empty for Microsoft Graph
 * @param account     for a delegated scope set used by one of the plugin's own accounts, that account's id (see
 *                    {@link PluginManifest#accounts()}): calls are made as that account, signed in to the tenant as
 *                    itself; empty for the tenant's integration account (since 1.11.0)
 */
public record ScopeSet(String id, Resource resource, Connection connection, String purpose,
        List<MicrosoftPermission> permissions, List<String> features, List<String> roles, List<String> cmdlets,
        String account) {

    public ScopeSet {
        permissions = List.copyOf(permissions);
        features = List.copyOf(features);
        roles = List.copyOf(roles);
        cmdlets = List.copyOf(cmdlets);
        account = account == null ? "" : account;
    }

    /** A scope set of the tenant's integration account or of the application. */
    public ScopeSet(String id, Resource resource, Connection connection, String purpose,
            List<MicrosoftPermission> permissions, List<String> features, List<String> roles, List<String> cmdlets) {
        this(id, resource, connection, purpose, permissions, features, roles, cmdlets, "");
    }

    /** A scope set that runs no Exchange Online cmdlet (every Microsoft Graph one). */
    public ScopeSet(String id, Resource resource, Connection connection, String purpose,
            List<MicrosoftPermission> permissions, List<String> features, List<String> roles) {
        this(id, resource, connection, purpose, permissions, features, roles, List.of());
    }

    /** Whether calls with this scope set are made as one of the plugin's own accounts. */
    public boolean byPluginAccount() {
        return !account.isEmpty();
    }

    /** Whether this scope set may run {@code cmdlet} (its manifest names it; case does not matter, as in Exchange). */
    public boolean allowsCmdlet(String cmdlet) {
        return cmdlet != null && cmdlets.stream().anyMatch(cmdlet::equalsIgnoreCase);
    }

    /** The Microsoft API a scope set's permissions belong to, with its application id. */
    public enum Resource {
        MICROSOFT_GRAPH("microsoft-graph", "00000003-0000-0000-c000-000000000000"),
        EXCHANGE_ONLINE("exchange-online", "00000002-0000-0ff1-ce00-000000000000");

        private final String key;
        private final String appId;

        Resource(String key, String appId) {
            this.key = key;
            this.appId = appId;
        }

        public String key() {
            return key;
        }

        public String appId() {
            return appId;
        }

        static Resource of(String key) {
            for (Resource resource : values()) {
                if (resource.key.equals(key)) {
                    return resource;
                }
            }
            throw new IllegalArgumentException(key);
        }
    }

    /** How Tenantry acts in the tenant: as a signed-in account (delegated) or as itself (application). */
    public enum Connection {
        DELEGATED, APPLICATION
    }

    /**
     * One Microsoft permission, by its exact name.
     *
     * @param type                 delegated (a scope) or application (an app role); matches the scope set's connection
     * @param adminConsentRequired whether only an administrator can grant it (Microsoft's answer is checked live)
     * @param justification        why the plugin needs it, for the tenant's administrator
     */
    public record MicrosoftPermission(String name, Connection type, boolean adminConsentRequired, String justification) {
    }
}
