package dev.tenantry.plugins.threatalerts.alerts;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordConflictException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The plugin's records in the host: per tenant, one record per alert (keyed by Microsoft's detection id, which is what
 * makes polls idempotent), one per incident, an index of each user's open incident, the poll watermark, the licence
 * as last read and the last poll's outcome.
 */
public final class ThreatStore {

    static final String ALERT = "alert";
    static final String INCIDENT = "incident";
    static final String OPEN = "open-incident";
    static final String POLL = "poll";
    static final String RISKY_USER = "risky-user";
    static final String FILTER = "inbox-filter";
    static final String TO_ROUTE = "to-route";
    private static final int MAX_FILTERS = 50;
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
        index(incident);
    }

    /**
     * Changes a stored incident with {@code change} and writes it only if no one else wrote it meanwhile; if someone
     * did (a poll adding a detection while someone triages it), reads it again and applies the change to what is there
     * now, so neither change is lost. The incident as written, or empty when there is none.
     *
     * @throws RecordConflictException when it kept changing under five attempts
     */
    public Optional<Incident> updateIncident(String tenantId, String id, UnaryOperator<Incident> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<PluginRecords.Versioned> read = records.getVersioned(tenantId, INCIDENT, id);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            Incident changed = change.apply(JSON.fromJson(read.get().json(), Incident.class));
            try {
                records.replace(tenantId, INCIDENT, id, JSON.toJson(changed), read.get().version());
                index(changed);
                return Optional.of(changed);
            } catch (RecordConflictException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private void index(Incident incident) {
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

    /**
     * Whether the tenant's subscriptions include Microsoft Entra ID P2, as read at {@code readAt}: Identity Protection
     * needs it, and subscriptions change seldom, so a poll reads them at most once a day.
     */
    public record Licence(boolean entraIdP2, Instant readAt) {
    }

    public Optional<Licence> licence(String tenantId) {
        return records.get(tenantId, POLL, "licence").map(json -> JSON.fromJson(json, Licence.class));
    }

    public void putLicence(String tenantId, Licence licence) {
        records.put(tenantId, POLL, "licence", JSON.toJson(licence));
    }

    /** The risk-last-updated time up to which the tenant's risky users were all read. */
    public Optional<Watermark> riskyUsersWatermark(String tenantId) {
        return records.get(tenantId, POLL, "risky-users-watermark").map(json -> JSON.fromJson(json, Watermark.class));
    }

    public void putRiskyUsersWatermark(String tenantId, Watermark watermark) {
        records.put(tenantId, POLL, "risky-users-watermark", JSON.toJson(watermark));
    }

    public Optional<RiskyUser> riskyUser(String tenantId, String userId) {
        return records.get(tenantId, RISKY_USER, userId).map(json -> JSON.fromJson(json, RiskyUser.class));
    }

    public void putRiskyUser(RiskyUser user) {
        records.put(user.tenantId(), RISKY_USER, user.id(), JSON.toJson(user));
    }

    /** The tenant's risky users as last read, most recently changed first, a page at a time. */
    public List<RiskyUser> riskyUsers(String tenantId, int first, int max) {
        return records.list(tenantId, RISKY_USER, first, max).stream()
                .map(entry -> JSON.fromJson(entry.json(), RiskyUser.class)).toList();
    }

    /** Marks an incident as waiting to be routed (opened or made worse by a poll). */
    public void putToRoute(String tenantId, String incidentId) {
        records.put(tenantId, TO_ROUTE, incidentId, "{}");
    }

    /** The incidents of the tenant waiting to be routed, oldest first. */
    public List<String> toRoute(String tenantId) {
        List<String> ids = new java.util.ArrayList<>(records.list(tenantId, TO_ROUTE, 0, 500).stream()
                .map(PluginRecords.Entry::key).toList());
        java.util.Collections.reverse(ids);
        return ids;
    }

    public void deleteToRoute(String tenantId, String incidentId) {
        records.delete(tenantId, TO_ROUTE, incidentId);
    }

    /** The filters {@code user} saved, by name. */
    public List<SavedFilter> filters(String user) {
        String prefix = filterKey(user, "");
        List<SavedFilter> mine = new java.util.ArrayList<>(records.all(null, FILTER).stream()
                .filter(entry -> entry.key().startsWith(prefix))
                .map(entry -> JSON.fromJson(entry.json(), SavedFilter.class)).toList());
        mine.sort(java.util.Comparator.comparing(SavedFilter::name, String.CASE_INSENSITIVE_ORDER));
        return mine;
    }

    /**
     * Saves (or replaces) one of {@code user}'s filters.
     *
     * @throws IllegalArgumentException for a name that is empty or too long, or one filter too many
     */
    public void putFilter(String user, SavedFilter filter) {
        String name = filter.name() == null ? "" : filter.name().strip();
        if (name.isEmpty() || name.length() > SavedFilter.MAX_NAME) {
            throw new IllegalArgumentException("A saved filter needs a name of 1 to " + SavedFilter.MAX_NAME
                    + " characters");
        }
        if (records.get(null, FILTER, filterKey(user, name)).isEmpty() && filters(user).size() >= MAX_FILTERS) {
            throw new IllegalArgumentException("At most " + MAX_FILTERS + " saved filters each");
        }
        records.put(null, FILTER, filterKey(user, name), JSON.toJson(new SavedFilter(name, filter.tenant(),
                filter.severity(), filter.state(), filter.type(), filter.user())));
    }

    public boolean deleteFilter(String user, String name) {
        return name != null && !name.isBlank() && records.delete(null, FILTER, filterKey(user, name.strip()));
    }

    private static String filterKey(String user, String name) {
        return user.toLowerCase(java.util.Locale.ROOT) + "|" + name;
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
