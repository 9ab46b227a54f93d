package dev.tenantry.plugins.teamsgovernance.teams;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The teams of every tenant as their last read found them, in the host's records: one record per team, with the fields
 * the teams table filters, sorts and counts on in the database (name, visibility, ownership, counts, archived), so the
 * table reads a page of the fleet's teams whatever the number of tenants; and each tenant's last read.
 */
public final class TeamStore {

    /** A team: {@code name} lower-cased for the search, {@code ownership} NONE, ONE or OK. */
    public static final RecordKind TEAM = RecordKind.of("team").text("name").text("visibility").text("ownership")
            .number("owners").number("members").number("guests").number("archived").time("read-at").time("created");
    /** A tenant's last read of its teams, key {@value #READ_KEY}. */
    public static final RecordKind READ = RecordKind.of("teams-read").text("outcome").time("attempted");
    static final String READ_KEY = "teams";

    private static final Jsonb JSON = JsonbBuilder.create();

    private final PluginRecords records;

    public TeamStore(PluginRecords records) {
        this.records = records;
    }

    /** Writes a page of a tenant's teams as read at {@code readAt} (at most {@link PluginRecords#MAX_PUTS}). */
    public void putAll(String tenantId, List<TeamRow> teams, Instant readAt) {
        List<PluginRecords.Put> puts = new ArrayList<>(teams.size());
        for (TeamRow team : teams) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", clip(team.displayName().toLowerCase(Locale.ROOT)));
            fields.put("visibility", team.visibility());
            fields.put("ownership", team.ownership());
            fields.put("owners", team.owners());
            fields.put("members", team.members());
            fields.put("guests", team.guests());
            fields.put("archived", team.archived());
            fields.put("read-at", readAt);
            fields.put("created", team.createdAt());
            puts.add(new PluginRecords.Put(team.id(), JSON.toJson(team), fields));
        }
        records.putAll(tenantId, TEAM, puts);
    }

    /** The teams of a tenant that the read at {@code readAt} did not find (gone since), removed; how many. */
    public int removeNotReadSince(String tenantId, Instant readAt) {
        int removed = 0;
        List<PluginRecords.Found> gone;
        do {
            gone = records.query(RecordQuery.of(TEAM).inTenant(tenantId).below("read-at", readAt), 0,
                    PluginRecords.PAGE);
            for (PluginRecords.Found found : gone) {
                records.delete(tenantId, TEAM.name(), found.key());
                removed++;
            }
        } while (gone.size() == PluginRecords.PAGE);
        return removed;
    }

    /** A team as stored. */
    public Optional<TeamRow> team(String tenantId, String teamId) {
        return records.get(tenantId, TEAM.name(), teamId).map(json -> JSON.fromJson(json, TeamRow.class));
    }

    /** A team found by a query, with its tenant. */
    public record Found(String tenantId, TeamRow team) {
    }

    public List<Found> find(RecordQuery query, int first, int max) {
        List<Found> found = new ArrayList<>();
        for (PluginRecords.Found one : records.query(query, first, max)) {
            found.add(new Found(one.tenantId(), JSON.fromJson(one.json(), TeamRow.class)));
        }
        return found;
    }

    public long count(RecordQuery query) {
        return records.count(query);
    }

    /** Keeps how a tenant's last read went. */
    public void read(String tenantId, ReadState state) {
        records.put(tenantId, READ, READ_KEY, JSON.toJson(state), Map.of("outcome", state.outcome(), "attempted",
                state.attemptedAt()));
    }

    /** How a tenant's last read went, if it was ever read. */
    public Optional<ReadState> lastRead(String tenantId) {
        return records.get(tenantId, READ.name(), READ_KEY).map(json -> JSON.fromJson(json, ReadState.class));
    }

    /** Tenants whose last read did not work, with how it went, latest first. */
    public List<Map.Entry<String, ReadState>> problems(RecordQuery query, int max) {
        List<Map.Entry<String, ReadState>> problems = new ArrayList<>();
        for (PluginRecords.Found found : records.query(query.notEqual("outcome", ReadState.READ)
                .orderBy("attempted", true), 0, max)) {
            problems.add(Map.entry(found.tenantId(), JSON.fromJson(found.json(), ReadState.class)));
        }
        return problems;
    }

    private static String clip(String text) {
        return text.length() > RecordKind.MAX_TEXT_LENGTH ? text.substring(0, RecordKind.MAX_TEXT_LENGTH) : text;
    }

    /**
     * How a tenant's read of its teams went.
     *
     * @param outcome READ, CONSENT_REQUIRED, UNAVAILABLE or FAILED
     */
    public record ReadState(String outcome, String message, int teams, Instant attemptedAt, Instant readAt)
            implements java.io.Serializable {

        public static final String READ = "READ";
        private static final long serialVersionUID = 1L;

        public boolean read() {
            return READ.equals(outcome);
        }
    }
}
