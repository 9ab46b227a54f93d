package dev.tenantry.plugins.teamsgovernance.requests;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Team requests in the host's records, one per request in its tenant, with the fields the requests pages and the
 * provisioning job filter on (state, final name, requester, template); written only over the version read, so two
 * approvers, or an approver and the job, never overwrite each other.
 */
public final class RequestStore {

    public static final RecordKind REQUEST = RecordKind.of("team-request").text("state").text("name")
            .text("requester").text("template").time("submitted").time("decided");
    private static final Jsonb JSON = JsonbBuilder.create();

    private final PluginRecords records;

    public RequestStore(PluginRecords records) {
        this.records = records;
    }

    /** A request with the version it was read at. */
    public record Read(TeamRequest request, long version) {
    }

    public Optional<Read> get(String tenantId, String id) {
        return records.getVersioned(tenantId, REQUEST.name(), id).map(versioned -> new Read(JSON.fromJson(
                versioned.json(), TeamRequest.class), versioned.version()));
    }

    /**
     * Writes a request over the version it was read at (0: a new one).
     *
     * @throws dev.tenantry.plugin.api.RecordConflictException when someone wrote it since
     */
    public void write(TeamRequest request, long version) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", request.state());
        fields.put("name", nameKey(request.displayName()));
        fields.put("requester", request.requestedBy().toLowerCase(Locale.ROOT));
        fields.put("template", request.template().id());
        fields.put("submitted", request.submittedAt());
        fields.put("decided", request.decidedAt());
        records.replace(request.tenantId(), REQUEST, request.id(), JSON.toJson(request), fields, version);
    }

    /** Requests a query finds, with their tenant. */
    public List<TeamRequest> find(RecordQuery query, int first, int max) {
        List<TeamRequest> found = new ArrayList<>();
        records.query(query, first, max).forEach(one -> found.add(JSON.fromJson(one.json(), TeamRequest.class)));
        return found;
    }

    public long count(RecordQuery query) {
        return records.count(query);
    }

    /** Whether an open request of the tenant already asks for a team of this name. */
    public boolean nameTaken(String tenantId, String displayName) {
        return records.count(RecordQuery.of(REQUEST).inTenant(tenantId).equal("name", nameKey(displayName))
                .in("state", TeamRequest.OPEN)) > 0;
    }

    /** A team name as requests are matched on it: lower case, at most a field's length. */
    public static String nameKey(String displayName) {
        String key = displayName.strip().toLowerCase(Locale.ROOT);
        return key.length() > RecordKind.MAX_TEXT_LENGTH ? key.substring(0, RecordKind.MAX_TEXT_LENGTH) : key;
    }
}
