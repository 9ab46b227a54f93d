package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.graph.GraphGateway;
import dev.tenantry.portal.plugin.PluginCaller;
import java.io.Serial;
import java.io.Serializable;

/**
 * One plugin's {@link GraphAccess}: only its own scope sets (Graph ones for Graph, Exchange Online ones for cmdlets),
 * only in tenants it works in, and, when a member of staff is behind the call, only in tenants where they hold the
 * permission of the page, action or work the call is made in ({@link PluginCaller}); the {@link GraphGateway} does the
 * rest.
 */
public final class HostGraphAccess implements GraphAccess, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String pluginId;

    public HostGraphAccess(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) throws Exception {
        return gateway().call(tenantId, scopeSet(tenantId, scopeSetId), call);
    }

    @Override
    public <T> T call(String tenantId, java.util.List<String> scopeSetIds, GraphCall<T> call) throws Exception {
        if (scopeSetIds.isEmpty()) {
            throw new IllegalArgumentException("No scope set to call with");
        }
        return gateway().call(tenantId, scopeSetIds.stream().map(id -> scopeSet(tenantId, id)).toList(), call);
    }

    @Override
    public java.util.List<java.util.Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
            java.util.Map<String, Object> parameters) throws Exception {
        return gateway().exchange(tenantId, scopeSet(tenantId, scopeSetId, ScopeSet.Resource.EXCHANGE_ONLINE), cmdlet,
                parameters);
    }

    @Override
    public ConsentStatus consent(String tenantId, String scopeSetId) {
        return gateway().consent(tenantId, scopeSet(tenantId, scopeSetId, null));
    }

    @Override
    public java.util.Optional<AccountSignIn> account(String tenantId, String accountId) {
        HostBeans host = HostBeans.get();
        host.catalogue().runningManifest(pluginId).flatMap(manifest -> manifest.account(accountId))
                .orElseThrow(() -> new IllegalArgumentException("Plugin " + pluginId + " declares no account "
                        + accountId));
        requireWorksIn(host, tenantId);
        return host.consent().connection(tenantId, dev.tenantry.portal.consent.Connection.Key.account(accountId))
                .map(connection -> new AccountSignIn(tenantId, accountId, connection.account(),
                        connection.connected(), connection.reason(), connection.connectedBy(),
                        connection.connectedAt(), connection.lastUsedAt(), connection.granted()));
    }

    private ScopeSet scopeSet(String tenantId, String scopeSetId) {
        return scopeSet(tenantId, scopeSetId, ScopeSet.Resource.MICROSOFT_GRAPH);
    }

    /**
     * The plugin's scope set for {@code resource} (null: any resource), once the plugin, the tenant and the caller may
     * use it.
     */
    private ScopeSet scopeSet(String tenantId, String scopeSetId, ScopeSet.Resource resource) {
        HostBeans host = HostBeans.get();
        ScopeSet scopeSet = host.catalogue().runningManifest(pluginId).flatMap(manifest -> manifest.scopeSet(scopeSetId))
                .orElseThrow(() -> new IllegalArgumentException(
                        "Plugin " + pluginId + " declares no scope set " + scopeSetId));
        if (resource != null && scopeSet.resource() != resource) {
            throw new IllegalArgumentException("Scope set " + scopeSetId + " is for " + scopeSet.resource().key()
                    + ", not " + resource.key());
        }
        requireWorksIn(host, tenantId);
        PluginCaller.require(host.access(), pluginId, tenantId, host.caller().staff().isPresent());
        return scopeSet;
    }

    /** Refuses a tenant the plugin does not work in. */
    private void requireWorksIn(HostBeans host, String tenantId) {
        if (tenantId == null || !host.catalogue().enabledFor(pluginId, tenantId)) {
            throw new IllegalArgumentException("Plugin " + pluginId + " does not work in tenant " + tenantId);
        }
    }

    private static GraphGateway gateway() {
        return HostBeans.get().gateway();
    }
}
