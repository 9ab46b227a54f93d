package dev.tenantry.plugins.usermanagement.directory;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users of every tenant, kept as the plugin's records with indexed fields, so that the users table filters, sorts,
 * counts and pages them in the host's database across every tenant a person may see (a prefix of a name or a UPN is
 * found from its index among millions); and each tenant's sync state and subscriptions.
 */
public final class UserStore {

    /** A user; the key is Entra ID's object id. */
    public static final RecordKind USER = RecordKind.of("user")
            .text("name").text("upn").text("licences").text("state").text("department")
            .number("enabled").number("admin").number("mfa").number("guest")
            .time("last-sign-in").time("created").time("deleted-at");
    /** A tenant's sync state, key {@value #STATE_KEY}: the users page lists the tenants whose last sync did not work. */
    public static final RecordKind SYNC_STATE = RecordKind.of("sync-state").text("outcome").time("attempted-at");
    static final String STATE_KEY = "users";
    /** A tenant's subscriptions, key {@value #SKUS_KEY}. */
    static final String SUBSCRIPTIONS = "subscriptions";
    static final String SKUS_KEY = "all";
    static final String ACTIVE = "active";
    static final String DELETED = "deleted";

    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final PluginRecords records;

    public UserStore(PluginRecords records) {
        this.records = records;
    }

    /** A subscription of a tenant: how many of a SKU it bought and how many are assigned. */
    public record Subscription(String skuId, String partNumber, String name, long enabled, long consumed)
            implements Serializable {

        public long available() {
            return Math.max(0, enabled - consumed);
        }
    }

    /** The subscriptions record: SKUs by id. */
    public record Subscriptions(List<Subscription> skus) implements Serializable {

        public Subscriptions {
            skus = skus == null ? List.of() : List.copyOf(skus);
        }

        /** SKU id → product name. */
        public Map<String, String> names() {
            Map<String, String> names = new HashMap<>();
            skus.forEach(sku -> names.put(sku.skuId(), sku.name()));
            return names;
        }
    }

    /**
     * Writes users (at most {@link PluginRecords#MAX_PUTS}) of one tenant in one go; the host leaves those it holds
     * unchanged as they are.
     */
    public void putAll(String tenantId, List<ManagedUser> users) {
        List<PluginRecords.Put> puts = new ArrayList<>(users.size());
        for (ManagedUser user : users) {
            puts.add(new PluginRecords.Put(user.id(), JSON.toJson(user), fields(user)));
        }
        records.putAll(tenantId, USER, puts);
    }

    /** Writes one user (read by a sync, or changed by an action). */
    public void put(String tenantId, ManagedUser user) {
        records.put(tenantId, USER, user.id(), JSON.toJson(user), fields(user));
    }

    public Optional<ManagedUser> get(String tenantId, String userId) {
        return records.get(tenantId, USER.name(), userId).map(json -> JSON.fromJson(json, ManagedUser.class));
    }

    public boolean remove(String tenantId, String userId) {
        return records.delete(tenantId, USER.name(), userId);
    }

    /** A page of users a query finds, each with its tenant. */
    public List<Found> find(RecordQuery query, int first, int max) {
        List<Found> found = new ArrayList<>();
        for (PluginRecords.Found record : records.query(query, first, max)) {
            found.add(new Found(record.tenantId(), JSON.fromJson(record.json(), ManagedUser.class)));
        }
        return found;
    }

    public long count(RecordQuery query) {
        return records.count(query);
    }

    /** How many users a query finds, counting no further than {@code atMost}. */
    public long count(RecordQuery query, long atMost) {
        return records.count(query, atMost);
    }

    /** A user a query found, with their tenant. */
    public record Found(String tenantId, ManagedUser user) implements Serializable {
    }

    /** How many users of a tenant are stored (deleted ones included). */
    public long count(String tenantId) {
        return records.count(RecordQuery.of(USER).inTenant(tenantId));
    }

    /** The ids of a page of a tenant's stored users, in the store's order. */
    public List<String> ids(String tenantId, int first, int max) {
        return records.list(tenantId, USER.name(), first, max).stream().map(PluginRecords.Entry::key).toList();
    }

    /** The users of a tenant stored as holding a directory role. */
    public List<Found> administrators(String tenantId, int first, int max) {
        return find(RecordQuery.of(USER).inTenant(tenantId).equal("admin", true), first, max);
    }

    public SyncState state(String tenantId) {
        return records.get(tenantId, SYNC_STATE.name(), STATE_KEY).map(json -> JSON.fromJson(json, SyncState.class))
                .orElseGet(SyncState::never);
    }

    public void saveState(String tenantId, SyncState state) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("outcome", state.outcome());
        fields.put("attempted-at", state.attemptedAt());
        records.put(tenantId, SYNC_STATE, STATE_KEY, JSON.toJson(state), fields);
    }

    /** A tenant's sync state as a query found it. */
    public record TenantState(String tenantId, SyncState state) implements Serializable {
    }

    /** The tenants a query of {@link #SYNC_STATE} finds, latest attempt first. */
    public List<TenantState> states(RecordQuery query, int max) {
        return records.query(query.orderBy("attempted-at", true), 0, max).stream().map(found -> new TenantState(
                found.tenantId(), JSON.fromJson(found.json(), SyncState.class))).toList();
    }

    public Subscriptions subscriptions(String tenantId) {
        return records.get(tenantId, SUBSCRIPTIONS, SKUS_KEY).map(json -> JSON.fromJson(json, Subscriptions.class))
                .orElseGet(() -> new Subscriptions(List.of()));
    }

    /** Counts {@code change} more (or fewer) assigned units of a SKU, after an assignment Microsoft made. */
    public void consumed(String tenantId, String skuId, int change) {
        Subscriptions now = subscriptions(tenantId);
        saveSubscriptions(tenantId, new Subscriptions(now.skus().stream().map(sku -> sku.skuId().equalsIgnoreCase(skuId)
                ? new Subscription(sku.skuId(), sku.partNumber(), sku.name(), sku.enabled(), Math.max(0,
                sku.consumed() + change)) : sku).toList()));
    }

    public void saveSubscriptions(String tenantId, Subscriptions subscriptions) {
        records.put(tenantId, SUBSCRIPTIONS, SKUS_KEY, JSON.toJson(subscriptions));
    }

    /** The indexed fields of a user: what the users table filters and sorts on. */
    static Map<String, Object> fields(ManagedUser user) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("name", ManagedUser.searchable(user.displayName()));
        fields.put("upn", ManagedUser.searchable(user.userPrincipalName()));
        String licences = "|" + String.join("|", user.licences().stream().map(ManagedUser.Licence::name).toList())
                + "|";
        fields.put("licences", licences.length() > 200 ? licences.substring(0, 200) : licences);
        fields.put("state", user.deleted() ? DELETED : ACTIVE);
        fields.put("department", ManagedUser.searchable(user.department()));
        fields.put("enabled", user.accountEnabled());
        fields.put("admin", user.administrator());
        fields.put("mfa", user.mfaRegistered());
        fields.put("guest", user.guest());
        fields.put("last-sign-in", user.lastSignIn());
        fields.put("created", user.createdAt());
        fields.put("deleted-at", user.deletedAt());
        return fields;
    }
}
