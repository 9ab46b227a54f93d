package dev.tenantry.plugins.threatalerts.alerts;

import dev.tenantry.plugin.api.PluginRecords;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The plugin's records in the host: per tenant, one record per alert (keyed by Microsoft's detection id, which is what
 * makes polls idempotent), one per incident, an index of each user's open incident, the poll watermark and the last
 * poll's outcome.
 */
public final class ThreatStore {

    static final String ALERT = "alert";
    static final String INCIDENT = "incident";
    static final String OPEN = "open-incident";
    static final String POLL = "poll";
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final PluginRecords records;

    public ThreatStore(PluginRecords records) {
        this.records = records;
    }

    /** The outcome of a tenant's last poll. */
    public record PollStatus(Instant at, Outcome outcome, String message, int newAlerts) {

        /** How the poll ended. */
        public enum Outcome {
            OK, NOT_LICENSED, CONSENT_REQUIRED, FAILED
        }
    }

    /** The detection time up to which the tenant's detections were all taken in. */
    public record Watermark(Instant detectedUpTo) {
    }

    public Optional<Alert> alert(String tenantId, String id) {
        return records.get(tenantId, ALERT, id).map(json -> JSON.fromJson(json, Alert.class));
    }

    public void putAlert(Alert alert) {
        records.put(alert.tenantId(), ALERT, alert.id(), JSON.toJson(alert));
    }

    public Optional<Incident> incident(String tenantId, String id) {
        return records.get(tenantId, INCIDENT, id).map(json -> JSON.fromJson(json, Incident.class));
    }

    /** Stores an incident, keeping the index of its user's open incident in step. */
    public void putIncident(Incident incident) {
        records.put(incident.tenantId(), INCIDENT, incident.id(), JSON.toJson(incident));
        if (incident.open()) {
            records.put(incident.tenantId(), OPEN, incident.userId(), JSON.toJson(new OpenIncident(incident.id())));
        } else {
            openIncidentOf(incident.tenantId(), incident.userId()).filter(open -> open.id().equals(incident.id()))
                    .ifPresent(open -> records.delete(incident.tenantId(), OPEN, incident.userId()));
        }
    }

    /** The user's open incident in the tenant, if any. */
    public Optional<Incident> openIncidentOf(String tenantId, String userId) {
        return records.get(tenantId, OPEN, userId).map(json -> JSON.fromJson(json, OpenIncident.class).incidentId())
                .flatMap(id -> incident(tenantId, id)).filter(Incident::open);
    }

    /** The tenant's incidents, most recently changed first, a page at a time. */
    public List<Incident> incidents(String tenantId, int first, int max) {
        return records.list(tenantId, INCIDENT, first, max).stream()
                .map(entry -> JSON.fromJson(entry.json(), Incident.class)).toList();
    }

    public long incidentCount(String tenantId) {
        return records.count(tenantId, INCIDENT);
    }

    public Optional<Watermark> watermark(String tenantId) {
        return records.get(tenantId, POLL, "watermark").map(json -> JSON.fromJson(json, Watermark.class));
    }

    public void putWatermark(String tenantId, Watermark watermark) {
        records.put(tenantId, POLL, "watermark", JSON.toJson(watermark));
    }

    public Optional<PollStatus> pollStatus(String tenantId) {
        return records.get(tenantId, POLL, "status").map(json -> JSON.fromJson(json, PollStatus.class));
    }

    public void putPollStatus(String tenantId, PollStatus status) {
        records.put(tenantId, POLL, "status", JSON.toJson(status));
    }

    /** Stored form of the open-incident index. */
    public record OpenIncident(String incidentId) {

        String id() {
            return incidentId;
        }
    }
}
