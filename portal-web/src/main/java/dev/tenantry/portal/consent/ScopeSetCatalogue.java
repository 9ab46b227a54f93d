package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.util.List;
import java.util.Optional;

/**
 * The scope sets there are to consent to: those of the plugins running now, each working in the tenants it is not
 * switched off in. Consent owns the question and the plugin host answers it (its registry implements this), so that
 * consent never depends on the host; nothing is asked for a plugin that does not run or does not work in the tenant.
 */
public interface ScopeSetCatalogue {

    /** The manifests of the plugins running now. */
    List<PluginManifest> running();

    /** The manifest of a running plugin. */
    Optional<PluginManifest> runningManifest(String pluginId);

    /** Whether a plugin runs and works in a tenant ({@code null}: runs at all). */
    boolean enabledFor(String pluginId, String tenantId);

    /** The tenants a plugin is switched off in: it does not work there (few; kept in memory). */
    java.util.Set<String> switchedOffIn(String pluginId);

    /**
     * A scope set of a running plugin that works in {@code tenantId}: the only plugin scope sets anything is asked for.
     *
     * @throws IllegalArgumentException when its plugin does not work in the tenant, or declares no such scope set
     */
    ScopeSet workingScopeSet(String tenantId, String scopeSetId);

    /** The plugin a scope set id ({@code <plugin-id>.<purpose>}) belongs to. */
    static String pluginOf(String scopeSetId) {
        return scopeSetId.contains(".") ? scopeSetId.substring(0, scopeSetId.indexOf('.')) : scopeSetId;
    }
}
