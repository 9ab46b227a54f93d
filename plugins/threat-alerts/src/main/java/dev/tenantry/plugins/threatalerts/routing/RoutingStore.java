package dev.tenantry.plugins.threatalerts.routing;

import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Routing's records: the rules (installation-wide), what each rule already sent about each incident (in the
 * incident's tenant, so it goes with the tenant), incidents waiting for a rule's quiet hours to end, and the log of
 * what went out.
 */
public final class RoutingStore {

    static final String RULE = "routing-rule";
    static final String ROUTED = "routed";
    static final String WAITING = "routing-waiting";
    static final String LOG = "routing-log";
    static final int LOG_KEPT = 1000;
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final PluginRecords records;

    public RoutingStore(PluginRecords records) {
        this.records = records;
    }

    /** What a rule last sent about an incident: the severity it had then. */
    public record Routed(Severity severity, Instant at) {
    }

    /** An incident waiting for the end of a rule's quiet hours. */
    public record Waiting(String ruleId, String tenantId, String incidentId, String event, Instant at) {
    }

    /**
     * One delivery a rule queued (or that the host refused).
     *
     * @param kind       incident, digest or test
     * @param deliveryId the host's delivery id; empty when the host refused it
     * @param refusal    why the host refused it; empty otherwise
     */
    public record LogEntry(String ruleId, String kind, String summary, String deliveryId, String refusal, Instant at) {
    }

    public List<RoutingRule> rules() {
        List<RoutingRule> rules = new ArrayList<>(records.all(null, RULE).stream()
                .map(entry -> JSON.fromJson(entry.json(), RoutingRule.class)).toList());
        rules.sort(Comparator.comparing(RoutingRule::name, String.CASE_INSENSITIVE_ORDER));
        return rules;
    }

    public Optional<RoutingRule> rule(String id) {
        return records.get(null, RULE, id).map(json -> JSON.fromJson(json, RoutingRule.class));
    }

    public void putRule(RoutingRule rule) {
        records.put(null, RULE, rule.id(), JSON.toJson(rule));
    }

    public boolean deleteRule(String id) {
        return records.delete(null, RULE, id);
    }

    public Optional<Routed> routed(String tenantId, String ruleId, String incidentId) {
        return records.get(tenantId, ROUTED, ruleId + ":" + incidentId).map(json -> JSON.fromJson(json, Routed.class));
    }

    public void putRouted(String tenantId, String ruleId, String incidentId, Routed routed) {
        records.put(tenantId, ROUTED, ruleId + ":" + incidentId, JSON.toJson(routed));
    }

    /** Puts an incident in a rule's digest (again: the later event replaces the earlier). */
    public void putWaiting(Waiting waiting) {
        records.put(null, WAITING, waitingKey(waiting.ruleId(), waiting.tenantId(), waiting.incidentId()),
                JSON.toJson(waiting));
    }

    public List<Waiting> waiting(int max) {
        return records.list(null, WAITING, 0, max).stream().map(entry -> JSON.fromJson(entry.json(), Waiting.class))
                .toList();
    }

    /**
     * Takes an incident out of a rule's digest; only the caller that gets {@code true} sends it, so two polls
     * finishing at once never send a digest twice.
     */
    public boolean claimWaiting(Waiting waiting) {
        return records.delete(null, WAITING, waitingKey(waiting.ruleId(), waiting.tenantId(), waiting.incidentId()));
    }

    private static String waitingKey(String ruleId, String tenantId, String incidentId) {
        return ruleId + ":" + tenantId + ":" + incidentId;
    }

    public void log(LogEntry entry, String key) {
        records.put(null, LOG, key, JSON.toJson(entry));
        if (records.count(null, LOG) > LOG_KEPT + 100) {
            records.list(null, LOG, LOG_KEPT, 500).forEach(old -> records.delete(null, LOG, old.key()));
        }
    }

    /** The newest log entries, of one rule or (null) all. */
    public List<LogEntry> log(String ruleId, int max) {
        List<LogEntry> entries = new ArrayList<>();
        for (int first = 0; first < LOG_KEPT + 100 && entries.size() < max; first += 200) {
            List<PluginRecords.Entry> page = records.list(null, LOG, first, 200);
            page.stream().map(entry -> JSON.fromJson(entry.json(), LogEntry.class))
                    .filter(entry -> ruleId == null || entry.ruleId().equals(ruleId))
                    .limit(max - entries.size()).forEach(entries::add);
            if (page.size() < 200) {
                break;
            }
        }
        return entries;
    }
}
