package dev.tenantry.plugins.usermanagement.actions;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tenantry's own history of changes to users: every action a member of staff took on a user through this plugin, who,
 * when, and what came of it (never a password). Shown on the user's page; the host's audit log has the same actions.
 */
public final class History {

    static final RecordKind CHANGE = RecordKind.of("change").text("user").time("at");
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final PluginRecords records;

    public History(PluginRecords records) {
        this.records = records;
    }

    /** One change to a user. */
    public record Change(String userId, Instant at, String by, String action, String outcome, String detail)
            implements Serializable {
    }

    void add(String tenantId, Change change) {
        records.put(tenantId, CHANGE, UUID.randomUUID().toString(), JSON.toJson(change), Map.of("user",
                change.userId(), "at", change.at()));
    }

    /** A user's latest changes, newest first. */
    public List<Change> of(String tenantId, String userId, int max) {
        return records.query(RecordQuery.of(CHANGE).inTenant(tenantId).equal("user", userId).orderBy("at", true), 0,
                max).stream().map(found -> JSON.fromJson(found.json(), Change.class)).toList();
    }
}
