package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.consent.internal.ConsentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a tenant has granted of a scope set: through the connection the scope set names, the permissions it asks for
 * minus those the connection holds, directly or through a broader one ({@link PermissionCoverage}).
 */
@ApplicationScoped
public class ConsentManager {

    @Inject
    ConsentStore store;

    @Inject
    ScopeSetCatalogue catalogue;

    /** A connection of the tenant, if made. */
    public Optional<Connection> connection(String tenantId, Connection.Key kind) {
        return store.connection(tenantId, kind);
    }

    /** The connections made in a tenant. */
    public List<Connection> connections(String tenantId) {
        return store.connections(tenantId);
    }

    /** Tenants with a working connection of {@code kind}. */
    public List<String> connectedTenants(Connection.Key kind) {
        return store.connectedTenants(kind);
    }

    /** The directory object id of the delegated connection's account, if known. */
    public Optional<String> accountObjectId(String tenantId) {
        return store.accountObjectId(tenantId);
    }

    /** The directory object id of a delegated connection's account (a plugin's account too), if known. */
    public Optional<String> accountObjectId(String tenantId, Connection.Key key) {
        return store.accountObjectId(tenantId, key);
    }

    /**
     * Sets what a connection holds to what the tenant was just read to have granted it (a live check's reading is the
     * truth), when that differs; true when it changed.
     */
    public boolean grantedLive(String tenantId, Connection.Key kind, Set<String> granted) {
        return store.grantedLive(tenantId, kind, granted);
    }

    /** The status of {@code scopeSet} in {@code tenantId}. */
    public ConsentStatus consent(String tenantId, ScopeSet scopeSet) {
        return consent(tenantId, scopeSet, store.connection(tenantId, key(scopeSet)));
    }

    /**
     * A Graph scope set of a plugin working in a tenant (or of Tenantry itself), the connection it uses there, and
     * what it was granted.
     *
     * @param ownerId the plugin id, or {@link HostScopeSets#OWNER}
     * @param owner   its display name
     */
    public record TenantScopeSet(String ownerId, String owner, ScopeSet scopeSet, Optional<Connection> connection,
            ConsentStatus status) {
    }

    /**
     * A scope set anything may be asked for in {@code tenantId}: Tenantry's own, or one of a running plugin that works
     * in the tenant.
     *
     * @throws IllegalArgumentException for any other
     */
    public ScopeSet scopeSet(String tenantId, String scopeSetId) {
        if (HostScopeSets.isHost(scopeSetId)) {
            return HostScopeSets.find(scopeSetId)
                    .orElseThrow(() -> new IllegalArgumentException("No scope set " + scopeSetId));
        }
        return catalogue.workingScopeSet(tenantId, scopeSetId);
    }

    /** Tenantry's own scope sets in {@code tenantId}, with what was granted of them. */
    public List<TenantScopeSet> hostScopeSets(String tenantId) {
        List<Connection> connections = store.connections(tenantId);
        return HostScopeSets.all().stream().map(set -> {
            Optional<Connection> connection = connections.stream().filter(c -> c.key().equals(key(set))).findFirst();
            return new TenantScopeSet(HostScopeSets.OWNER, "Tenantry", set, connection,
                    consent(tenantId, set, connection));
        }).toList();
    }

    /**
     * Every scope set (Microsoft Graph and Exchange Online) of the plugins working in {@code tenantId}, its
     * connections read once.
     */
    public List<TenantScopeSet> scopeSets(String tenantId) {
        return scopeSets(tenantId, store.connections(tenantId));
    }

    /** The same for several tenants, their connections read in one query. */
    public java.util.Map<String, List<TenantScopeSet>> scopeSets(java.util.Collection<String> tenantIds) {
        java.util.Map<String, List<Connection>> connections = store.connections(tenantIds);
        java.util.Map<String, List<TenantScopeSet>> rows = new java.util.LinkedHashMap<>();
        tenantIds.forEach(id -> rows.put(id, scopeSets(id, connections.getOrDefault(id, List.of()))));
        return rows;
    }

    private List<TenantScopeSet> scopeSets(String tenantId, List<Connection> connections) {
        List<TenantScopeSet> rows = new ArrayList<>();
        for (PluginManifest manifest : catalogue.running()) {
            if (!catalogue.enabledFor(manifest.pluginId(), tenantId)) {
                continue;
            }
            for (ScopeSet set : manifest.scopeSets()) {
                Optional<Connection> connection = connections.stream().filter(c -> c.key().equals(key(set)))
                        .findFirst();
                rows.add(new TenantScopeSet(manifest.pluginId(), manifest.displayName(), set, connection,
                        consent(tenantId, set, connection)));
            }
        }
        return rows;
    }

    static ConsentStatus consent(String tenantId, ScopeSet scopeSet, Optional<Connection> connection) {
        List<String> asked = scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
        // A plugin's account is granted through its own sign-in, whoever granted the permissions it holds (the
        // account itself, or an administrator for the whole tenant); the others through the tenant's connection
        boolean account = scopeSet.byPluginAccount();
        String type = kind(scopeSet).name().toLowerCase(Locale.ROOT);
        if (connection.isEmpty()) {
            return new ConsentStatus(tenantId, scopeSet.id(), false, asked, account
                    ? "The account " + scopeSet.account() + " has not signed in to this tenant yet"
                    : "No " + type + " connection to Microsoft Graph in this tenant yet");
        }
        String subject = account ? "The account " + connection.get().account() : "The " + type + " connection";
        if (!connection.get().connected()) {
            return new ConsentStatus(tenantId, scopeSet.id(), false, asked, subject + " must sign in again: "
                    + connection.get().reason());
        }
        Set<String> held = ResourcePermissions.of(connection.get().granted(), scopeSet.resource());
        Set<String> missing = PermissionCoverage.missing(held, asked);
        return missing.isEmpty() ? ConsentStatus.granted(tenantId, scopeSet.id())
                : new ConsentStatus(tenantId, scopeSet.id(), false, List.copyOf(missing),
                        subject + " has not been granted " + String.join(", ", missing));
    }

    /** The connection a scope set uses: the tenant's integration account, the application, or a plugin's account. */
    public static Connection.Key key(ScopeSet scopeSet) {
        return scopeSet.byPluginAccount() ? Connection.Key.account(scopeSet.account())
                : scopeSet.connection() == ScopeSet.Connection.APPLICATION ? Connection.Key.APPLICATION
                : Connection.Key.DELEGATED;
    }

    /** The kind of connection a scope set uses. */
    public static Connection.Kind kind(ScopeSet scopeSet) {
        return scopeSet.connection() == ScopeSet.Connection.APPLICATION ? Connection.Kind.APPLICATION
                : Connection.Kind.DELEGATED;
    }
}
