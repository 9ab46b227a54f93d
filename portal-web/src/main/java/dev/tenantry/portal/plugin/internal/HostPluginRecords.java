package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginRecords;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** One plugin's {@link PluginRecords}: bound to its id when the host fills the field, so it reaches only its own. */
public final class HostPluginRecords implements PluginRecords, Serializable {

    private static final long serialVersionUID = 1L;

    private final String pluginId;

    public HostPluginRecords(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public void put(String tenantId, String kind, String key, String json) {
        store().put(pluginId, tenantId, kind, key, json);
    }

    @Override
    public Optional<String> get(String tenantId, String kind, String key) {
        return store().get(pluginId, tenantId, kind, key);
    }

    @Override
    public List<Entry> list(String tenantId, String kind, int first, int max) {
        return store().list(pluginId, tenantId, kind, first, max);
    }

    @Override
    public long count(String tenantId, String kind) {
        return store().count(pluginId, tenantId, kind);
    }

    @Override
    public Optional<Versioned> getVersioned(String tenantId, String kind, String key) {
        return store().getVersioned(pluginId, tenantId, kind, key);
    }

    @Override
    public void replace(String tenantId, String kind, String key, String json, long version) {
        store().replace(pluginId, tenantId, kind, key, json, version);
    }

    @Override
    public boolean delete(String tenantId, String kind, String key) {
        return store().delete(pluginId, tenantId, kind, key);
    }

    private static JpaPluginRecords store() {
        return HostBeans.get().records();
    }
}
