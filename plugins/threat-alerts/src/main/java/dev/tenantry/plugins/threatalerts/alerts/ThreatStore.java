package dev.tenantry.plugins.threatalerts.alerts;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * The plugin's records in the host: per tenant, one record per alert (keyed by Microsoft's detection id, which is what
 * makes polls idempotent), one per incident, an index of each user's open incident, the poll watermark, the licence
 * as last read and the last poll's outcome.
 *
 * <p>Alerts, incidents, risky users and poll outcomes are written with the indexed fields of their {@link RecordKind}
 * (plugin-api 1.6.0), so the inbox, its counts and its chart are asked of the host's database across every tenant a
 * person sees, a page at a time, whatever the number of tenants. Records written before (without fields) are written
 * again with them once per tenant by {@link #upgrade(String)}, from the poll.
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
    /** The poll record saying a tenant's records (or, with no tenant, the saved filters) carry their fields. */
    static final String UPGRADED = "indexed-fields-1";
    private static final int UPGRADE_PAGE = 100;
    /** The most detection types an incident's {@code types} field holds (each as an 8-character code). */
    static final int INDEXED_TYPES = 24;
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    /**
     * Incidents: {@code state} (NEW…), {@code open} (flag), {@code severity} (LOW 0 … CRITICAL 3),
     * {@code last-detected}, {@code user} (principal name and display name, lower case, for "contains"), {@code types}
     * (a code per detection type, {@link #typeCode}) and {@code user-id}.
     */
    public static final RecordKind INCIDENTS = RecordKind.of(INCIDENT).text("state").text("user").text("types")
            .text("user-id").number("open").number("severity").time("last-detected");
    /**
     * Alerts (one per detection): {@code incident}, {@code type}, {@code severity}, {@code detected-at}, {@code user}
     * and {@code day-severity} ({@code 2026-12-01|HIGH}: the chart counts by it in one statement).
     */
    public static final RecordKind ALERTS = RecordKind.of(ALERT).text("incident").text("type").text("day-severity")
            .text("user").number("severity").time("detected-at");
    /** Risky users: {@code state} (Microsoft's), {@code at-risk} (flag), {@code level} (rank) and {@code updated}. */
    public static final RecordKind RISKY_USERS = RecordKind.of(RISKY_USER).text("state").number("at-risk")
            .number("level").time("updated");
    /** The poll's records; its outcome ({@code status}) has {@code outcome} and {@code at}, watermarks none. */
    public static final RecordKind POLLS = RecordKind.of(POLL).text("outcome").time("at");
    /** Saved inbox filters (installation-wide), by {@code owner}: the lower-case principal name. */
    public static final RecordKind FILTERS = RecordKind.of(FILTER).text("owner");

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

    /** A tenant's last poll. */
    public record TenantPoll(String tenantId, PollStatus status) {
    }

    /** The detection time up to which the tenant's detections were all taken in. */
    public record Watermark(Instant detectedUpTo) {
    }

    /**
     * Which tenants' records a page reads: those where the person of the request holds a permission, or one tenant the
     * page has already checked they may see.
     */
    public record Within(String permission, String tenantId) implements Serializable {

        public static Within visibleWith(String permission) {
            return new Within(permission, null);
        }

        public static Within tenant(String tenantId) {
            return new Within(null, tenantId);
        }

        RecordQuery query(RecordKind kind) {
            return tenantId == null ? RecordQuery.of(kind).visibleWith(permission)
                    : RecordQuery.of(kind).inTenant(tenantId);
        }
    }

    /**
     * The inbox's conditions on incidents; empty text is no condition.
     *
     * @param severity LOW … CRITICAL
     * @param state    {@code open} (new or acknowledged), or NEW … DISMISSED
     * @param type     a detection type the incident has
     * @param user     text in the user's principal or display name
     */
    public record IncidentFilter(String severity, String state, String type, String user) implements Serializable {

        public static final String OPEN = "open";

        public IncidentFilter {
            severity = severity == null ? "" : severity.strip();
            state = state == null ? "" : state.strip();
            type = type == null ? "" : type.strip();
            user = user == null ? "" : user.strip();
        }
    }

    public Optional<Alert> alert(String tenantId, String id) {
        return records.get(tenantId, ALERT, id).map(json -> JSON.fromJson(json, Alert.class));
    }

    public void putAlert(Alert alert) {
        records.put(alert.tenantId(), ALERTS, alert.id(), JSON.toJson(alert), fields(alert));
    }

    public Optional<Incident> incident(String tenantId, String id) {
        return records.get(tenantId, INCIDENT, id).map(json -> JSON.fromJson(json, Incident.class));
    }

    /** Stores an incident, keeping the index of its user's open incident in step. */
    public void putIncident(Incident incident) {
        records.put(incident.tenantId(), INCIDENTS, incident.id(), JSON.toJson(incident), fields(incident));
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
                records.replace(tenantId, INCIDENTS, id, JSON.toJson(changed), fields(changed), read.get().version());
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

    /**
     * A page of the incidents the filter finds within the tenants given: open first, then the most severe, then the
     * most recently detected.
     */
    public List<Incident> incidents(Within within, IncidentFilter filter, int first, int max) {
        return records.query(incidentQuery(within, filter), first, max).stream()
                .map(found -> JSON.fromJson(found.json(), Incident.class)).toList();
    }

    /** How many incidents the filter finds, exactly. */
    public long countIncidents(Within within, IncidentFilter filter) {
        return records.count(incidentQuery(within, filter));
    }

    static RecordQuery incidentQuery(Within within, IncidentFilter filter) {
        RecordQuery query = within.query(INCIDENTS);
        if (!filter.severity().isEmpty()) {
            // A severity this version does not know (from an old saved filter) finds nothing
            query = query.equal("severity", java.util.Arrays.stream(Severity.values())
                    .filter(severity -> severity.name().equals(filter.severity())).mapToInt(Severity::ordinal)
                    .findFirst().orElse(-1));
        }
        if (filter.state().equals(IncidentFilter.OPEN)) {
            query = query.equal("open", true);
        } else if (!filter.state().isEmpty()) {
            query = query.equal("state", filter.state());
        }
        if (!filter.type().isEmpty()) {
            query = query.contains("types", typeCode(filter.type()));
        }
        return query.contains("user", filter.user()).orderBy("open", true).orderBy("severity", true)
                .orderBy("last-detected", true);
    }

    /** Open incidents by severity within the tenants given, every severity present. */
    public Map<Severity, Long> openBySeverity(Within within) {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            counts.put(severity, 0L);
        }
        records.countBy(within.query(INCIDENTS).equal("open", true), "severity")
                .forEach((severity, count) -> severityOf(severity).ifPresent(known -> counts.put(known, count)));
        return counts;
    }

    /**
     * Detections since {@code from} (UTC days) within the tenants given, per day and severity, counted in one
     * statement; {@code type} and {@code user} narrow them as in the inbox (empty: no condition).
     */
    public Map<LocalDate, Map<Severity, Long>> detectionsPerDay(Within within, LocalDate from, String type,
            String user) {
        // The days by day-severity itself ("2026-12-01|HIGH" sorts by its day): a count filtered and grouped by one
        // field, which the host answers from that field's index without reading the alerts
        RecordQuery query = within.query(ALERTS).atLeast("day-severity", from.toString())
                .contains("user", user == null ? "" : user);
        if (type != null && !type.isBlank()) {
            query = query.equal("type", type.strip());
        }
        Map<LocalDate, Map<Severity, Long>> days = new TreeMap<>();
        records.countBy(query, "day-severity").forEach((value, count) -> {
            String[] daySeverity = value.toString().split("\\|", 2);
            if (daySeverity.length == 2) {
                try {
                    days.computeIfAbsent(LocalDate.parse(daySeverity[0]), any -> new EnumMap<>(Severity.class))
                            .merge(Severity.valueOf(daySeverity[1]), count, Long::sum);
                } catch (RuntimeException e) {
                    // not a value this plugin writes
                }
            }
        });
        return days;
    }

    /** The detection types of the alerts within the tenants given, in order. */
    public List<String> detectionTypes(Within within) {
        return records.countBy(within.query(ALERTS), "type").keySet().stream().map(Object::toString)
                .sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    /** A page of the last polls that did not simply work within the tenants given, the latest first. */
    public List<TenantPoll> pollProblems(Within within, int first, int max) {
        return records.query(pollProblemQuery(within), first, max).stream().map(found -> new TenantPoll(
                found.tenantId(), JSON.fromJson(found.json(), PollStatus.class))).toList();
    }

    public long countPollProblems(Within within) {
        return records.count(pollProblemQuery(within));
    }

    private static RecordQuery pollProblemQuery(Within within) {
        return within.query(POLLS).notEqual("outcome", PollStatus.Outcome.OK.name()).orderBy("at", true);
    }

    /** Whether any tenant within those given was polled: one record read at most. */
    public boolean anyPolled(Within within) {
        return !records.query(within.query(POLLS), 0, 1).isEmpty();
    }

    /**
     * A page of the users Entra ID Protection counts at risk (at risk or confirmed compromised) within the tenants
     * given, as the last poll read them: highest risk first, then the most recently changed.
     */
    public List<RiskyUser> usersAtRisk(Within within, int first, int max) {
        return records.query(atRiskQuery(within), first, max).stream()
                .map(found -> JSON.fromJson(found.json(), RiskyUser.class)).toList();
    }

    public long countUsersAtRisk(Within within) {
        return records.count(atRiskQuery(within));
    }

    private static RecordQuery atRiskQuery(Within within) {
        return within.query(RISKY_USERS).equal("at-risk", true).orderBy("level", true).orderBy("updated", true);
    }

    /**
     * The open incident of each of these users, by {@code tenantId/userId}, read in one query (the users of a page:
     * at most {@value PluginRecords#PAGE}).
     */
    public Map<String, String> openIncidentIds(Collection<RiskyUser> users) {
        if (users.isEmpty()) {
            return Map.of();
        }
        Set<String> tenantIds = new LinkedHashSet<>();
        Set<String> userIds = new LinkedHashSet<>();
        users.forEach(user -> {
            tenantIds.add(user.tenantId());
            userIds.add(user.id());
        });
        Map<String, String> open = new HashMap<>();
        records.query(RecordQuery.of(INCIDENTS).inTenants(tenantIds).in("user-id", userIds).equal("open", true),
                        0, PluginRecords.PAGE).stream()
                .map(found -> JSON.fromJson(found.json(), Incident.class))
                .forEach(incident -> open.putIfAbsent(incident.tenantId() + "/" + incident.userId(), incident.id()));
        return open;
    }

    /** A page of an incident's detections, newest first. */
    public List<Alert> alertsOf(String tenantId, String incidentId, int first, int max) {
        return records.query(alertsOfQuery(tenantId, incidentId), first, max).stream()
                .map(found -> JSON.fromJson(found.json(), Alert.class)).toList();
    }

    public long countAlertsOf(String tenantId, String incidentId) {
        return records.count(alertsOfQuery(tenantId, incidentId));
    }

    private static RecordQuery alertsOfQuery(String tenantId, String incidentId) {
        return RecordQuery.of(ALERTS).inTenant(tenantId).equal("incident", incidentId).orderBy("detected-at", true);
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
        records.put(user.tenantId(), RISKY_USERS, user.id(), JSON.toJson(user), fields(user));
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
        List<String> ids = new ArrayList<>(records.list(tenantId, TO_ROUTE, 0, 500).stream()
                .map(PluginRecords.Entry::key).toList());
        java.util.Collections.reverse(ids);
        return ids;
    }

    public void deleteToRoute(String tenantId, String incidentId) {
        records.delete(tenantId, TO_ROUTE, incidentId);
    }

    /** The filters {@code user} saved, by name. */
    public List<SavedFilter> filters(String user) {
        upgradeFilters();
        List<SavedFilter> mine = new ArrayList<>(records.query(filtersOf(user), 0, MAX_FILTERS).stream()
                .map(found -> JSON.fromJson(found.json(), SavedFilter.class)).toList());
        mine.sort(Comparator.comparing(SavedFilter::name, String.CASE_INSENSITIVE_ORDER));
        return mine;
    }

    private static RecordQuery filtersOf(String user) {
        return RecordQuery.of(FILTERS).installationWide().equal("owner", owner(user));
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
        upgradeFilters();
        if (records.get(null, FILTER, filterKey(user, name)).isEmpty() && records.count(filtersOf(user))
                >= MAX_FILTERS) {
            throw new IllegalArgumentException("At most " + MAX_FILTERS + " saved filters each");
        }
        records.put(null, FILTERS, filterKey(user, name), JSON.toJson(new SavedFilter(name, filter.tenant(),
                filter.severity(), filter.state(), filter.type(), filter.user())), Map.of("owner", owner(user)));
    }

    public boolean deleteFilter(String user, String name) {
        return name != null && !name.isBlank() && records.delete(null, FILTER, filterKey(user, name.strip()));
    }

    private static String filterKey(String user, String name) {
        return owner(user) + "|" + name;
    }

    private static String owner(String user) {
        String owner = user.toLowerCase(Locale.ROOT);
        return owner.length() <= RecordKind.MAX_TEXT_LENGTH ? owner : owner.substring(0, RecordKind.MAX_TEXT_LENGTH);
    }

    public Optional<PollStatus> pollStatus(String tenantId) {
        return records.get(tenantId, POLL, "status").map(json -> JSON.fromJson(json, PollStatus.class));
    }

    public void putPollStatus(String tenantId, PollStatus status) {
        records.put(tenantId, POLLS, "status", JSON.toJson(status), fields(status));
    }

    /**
     * Writes the tenant's alerts, incidents, risky users and poll outcome that were written without indexed fields (by
     * Threat Alerts before 1.3.0) again with them, a page at a time, each only if no one wrote it meanwhile; once
     * every one has them, a record says so and later calls read only that. Called by the poll of each tenant (the
     * scheduled job and "Poll now"), so an upgraded installation's inbox is whole after one round of polls. Returns how
     * many records were written.
     */
    public int upgrade(String tenantId) {
        if (records.get(tenantId, POLL, UPGRADED).isPresent()) {
            return 0;
        }
        Rewrite rewrite = new Rewrite();
        rewrite.all(tenantId, INCIDENTS, "severity", (key, json) -> {
            Incident incident = JSON.fromJson(json, Incident.class);
            return new Written(JSON.toJson(incident), fields(incident));
        });
        rewrite.all(tenantId, ALERTS, "detected-at", (key, json) -> new Written(json, fields(JSON.fromJson(json,
                Alert.class))));
        rewrite.all(tenantId, RISKY_USERS, "updated", (key, json) -> new Written(json, fields(JSON.fromJson(json,
                RiskyUser.class))));
        records.getVersioned(tenantId, POLL, "status").ifPresent(status -> rewrite.write(tenantId, POLLS, "at",
                "status", status.json(), status.version(), (key, json) -> new Written(json, fields(JSON.fromJson(json,
                        PollStatus.class)))));
        if (rewrite.left == 0) {
            records.put(tenantId, POLL, UPGRADED, "{\"rewritten\":" + rewrite.written + "}");
        } else {
            LoggerFactory.getLogger(ThreatStore.class).warn("{} record(s) of tenant {} could not be given their "
                    + "indexed fields; the next poll tries again", rewrite.left, tenantId);
        }
        return rewrite.written;
    }

    /** The saved filters written before they had an owner field get one (once; then a record says so). */
    private void upgradeFilters() {
        if (records.get(null, POLL, UPGRADED).isPresent()) {
            return;
        }
        Rewrite rewrite = new Rewrite();
        rewrite.all(null, FILTERS, "owner", (key, json) -> new Written(json, Map.of("owner",
                owner(key.split("\\|", 2)[0]))));
        if (rewrite.left == 0) {
            records.put(null, POLL, UPGRADED, "{\"rewritten\":" + rewrite.written + "}");
        }
    }

    /** A record as written again: its JSON and the values of its fields. */
    private record Written(String json, Map<String, ?> fields) {
    }

    /** One upgrade's rewriting: how many records it wrote, and how many it had to leave. */
    private final class Rewrite {

        private int written;
        private int left;

        /**
         * Rewrites every record of the kind that has no value for {@code alwaysSet} (a field every write gives) as
         * {@code how} says from its key and JSON. Records without the field all tie in the order, so they come by
         * tenant and key, and one left behind keeps its place before the next page.
         */
        void all(String tenantId, RecordKind kind, String alwaysSet, BiFunction<String, String, Written> how) {
            RecordQuery query = tenantId == null ? RecordQuery.of(kind).installationWide()
                    : RecordQuery.of(kind).inTenant(tenantId);
            query = query.absent(alwaysSet).orderBy(alwaysSet, false);
            int leftBefore = left;
            for (List<PluginRecords.Found> page = records.query(query, 0, UPGRADE_PAGE); !page.isEmpty();
                    page = records.query(query, left - leftBefore, UPGRADE_PAGE)) {
                for (PluginRecords.Found found : page) {
                    write(tenantId, kind, alwaysSet, found.key(), found.json(), found.version(), how);
                }
            }
        }

        /** Writes one record again with its fields, unless it cannot be read or would still lack {@code alwaysSet}. */
        void write(String tenantId, RecordKind kind, String alwaysSet, String key, String json, long version,
                BiFunction<String, String, Written> how) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                try {
                    Written again = how.apply(key, json);
                    if (again.fields().get(alwaysSet) == null) {
                        throw new IllegalArgumentException("it has no " + alwaysSet);
                    }
                    records.replace(tenantId, kind, key, again.json(), again.fields(), version);
                    written++;
                    return;
                } catch (RecordConflictException e) {
                    // Written meanwhile: read it as it is now and write that with its fields
                    Optional<PluginRecords.Versioned> now = records.getVersioned(tenantId, kind.name(), key);
                    if (now.isEmpty()) {
                        return;
                    }
                    json = now.get().json();
                    version = now.get().version();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ThreatStore.class).warn("The {} record {} of tenant {} cannot be read: {}",
                            kind.name(), key, tenantId, e.toString());
                    break;
                }
            }
            left++;
        }
    }

    static Map<String, Object> fields(Incident incident) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", incident.state().name());
        fields.put("open", incident.open());
        fields.put("severity", incident.severity().ordinal());
        fields.put("last-detected", incident.lastDetectedAt());
        fields.put("user", userText(incident.userPrincipalName(), incident.userDisplayName()));
        fields.put("types", typeCodes(incident.riskEventTypes()));
        fields.put("user-id", text(incident.userId()));
        return fields;
    }

    static Map<String, Object> fields(Alert alert) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("incident", text(alert.incidentId()));
        fields.put("type", text(alert.riskEventType()));
        fields.put("severity", alert.severity().ordinal());
        fields.put("detected-at", alert.detectedAt());
        fields.put("user", userText(alert.userPrincipalName(), alert.userDisplayName()));
        fields.put("day-severity", LocalDate.ofInstant(alert.detectedAt(), ZoneOffset.UTC) + "|"
                + alert.severity().name());
        return fields;
    }

    static Map<String, Object> fields(RiskyUser user) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", text(user.riskState()));
        fields.put("at-risk", user.atRisk());
        fields.put("level", user.levelRank());
        fields.put("updated", user.riskLastUpdatedAt());
        return fields;
    }

    static Map<String, Object> fields(PollStatus status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("outcome", status.outcome().name());
        fields.put("at", status.at());
        return fields;
    }

    /** Text for a field: null stays without a value, longer text is cut to what a field holds. */
    private static String text(String value) {
        return value == null ? null : value.length() <= RecordKind.MAX_TEXT_LENGTH ? value
                : value.substring(0, RecordKind.MAX_TEXT_LENGTH);
    }

    private static String userText(String userPrincipalName, String displayName) {
        return text(((userPrincipalName == null ? "" : userPrincipalName) + " "
                + (displayName == null ? "" : displayName)).strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The code a detection type has in an incident's {@code types} field: {@code |} and seven letters or digits from
     * its SHA-256, whatever the case. Codes rather than names, because names are substrings of one another
     * ({@code impossibleTravel} of {@code mcasImpossibleTravel}) and an incident's names may not fit 200 characters;
     * {@code contains(typeCode(t) + "|")} finds exactly the incidents with a detection of type {@code t}.
     */
    public static String typeCode(String type) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(type.strip().toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 6; i++) {
                bits = bits << 8 | (digest[i] & 0xff);
            }
            String code = Long.toString(bits % 78_364_164_096L, 36);
            return "|" + "0".repeat(7 - code.length()) + code + "|";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }

    /** The {@code types} field: the code of each of the first {@value #INDEXED_TYPES} types once ({@code |a1b2c3d|…|}). */
    static String typeCodes(List<String> types) {
        StringBuilder codes = new StringBuilder("|");
        types.stream().filter(type -> type != null && !type.isBlank()).map(ThreatStore::typeCode).distinct()
                .limit(INDEXED_TYPES).forEach(code -> codes.append(code, 1, code.length()));
        return codes.toString();
    }

    private static Optional<Severity> severityOf(Object ordinal) {
        if (ordinal instanceof Number number && number.intValue() >= 0
                && number.intValue() < Severity.values().length) {
            return Optional.of(Severity.values()[number.intValue()]);
        }
        return Optional.empty();
    }

    /** Stored form of the open-incident index. */
    public record OpenIncident(String incidentId) {

        String id() {
            return incidentId;
        }
    }
}
