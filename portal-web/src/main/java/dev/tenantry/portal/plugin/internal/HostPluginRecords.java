package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One plugin's {@link PluginRecords}: bound to its id when the host fills the field, so it reaches only its own. */
public final class HostPluginRecords implements PluginRecords, Serializable {

    private static final long serialVersionUID = 1L;

    private final String pluginId;

    public HostPluginRecords(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public void put(String tenantId, String kind, String key, String json) {
        upsert(() -> store().put(pluginId, tenantId, kind, key, json));
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

    @Override
    public void put(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields) {
        upsert(() -> store().put(pluginId, tenantId, kind, key, json, fields));
    }

    @Override
    public void putAll(String tenantId, RecordKind kind, List<Put> puts) {
        upsert(() -> store().putAll(pluginId, tenantId, kind, puts));
    }

    /**
     * A put in a transaction of its own that lost the race to store the same new record (two staff opening a page that
     * writes it, at once) is made again: the record is there now, and this write replaces it, as a put does. In the
     * caller's transaction the failure is the caller's (the transaction cannot go on).
     */
    private static void upsert(Runnable put) {
        boolean own = !store().inTransaction();
        try {
            put.run();
        } catch (Exception e) {
            // The failed commit comes as the transaction's RollbackException, undeclared, through the interceptor
            if (!own || !JpaPluginRecords.duplicateKey(e)) {
                throw e;
            }
            put.run();
        }
    }

    @Override
    public void replace(String tenantId, RecordKind kind, String key, String json, Map<String, ?> fields,
            long version) {
        store().replace(pluginId, tenantId, kind, key, json, fields, version);
    }

    @Override
    public List<Found> query(RecordQuery query, int first, int max) {
        return store().query(pluginId, query, reach(query), first, max);
    }

    @Override
    public long count(RecordQuery query) {
        return store().count(pluginId, query, reach(query));
    }

    @Override
    public long count(RecordQuery query, long atMost) {
        if (atMost < 1) {
            throw new IllegalArgumentException("A count stops at 1 or more, not " + atMost);
        }
        return store().countAtMost(pluginId, query, reach(query), atMost);
    }

    @Override
    public Map<Object, Long> countBy(RecordQuery query, String field) {
        return store().countBy(pluginId, query, field, reach(query));
    }

    /**
     * The tenants a query may read: never a tenant the plugin does not work in (not active, or switched off there: the
     * first is a join in SQL, the second a short list kept in memory),
     * and for a {@link RecordQuery.Scope#VISIBLE} query only those where the person of this request holds the
     * permission — worked out once per request and permission ({@code VisibleTenants}), applied in SQL.
     */
    private JpaPluginRecords.Reach reach(RecordQuery query) {
        HostBeans host = HostBeans.get();
        if (query.scope() == RecordQuery.Scope.INSTALLATION) {
            return JpaPluginRecords.Reach.installationWide();
        }
        Set<String> excluded = host.switchedOffIn(pluginId);
        return switch (query.scope()) {
            case TENANTS -> JpaPluginRecords.Reach.only(query.tenantIds(), excluded);
            case ALL_TENANTS -> JpaPluginRecords.Reach.allBut(excluded);
            default -> host.visibleWith(query.permission())
                    .map(tenants -> JpaPluginRecords.Reach.only(tenants, excluded))
                    .orElseGet(() -> JpaPluginRecords.Reach.allBut(excluded));
        };
    }

    private static JpaPluginRecords store() {
        return HostBeans.get().records();
    }
}
