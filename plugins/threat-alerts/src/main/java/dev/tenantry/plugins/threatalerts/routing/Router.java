package dev.tenantry.plugins.threatalerts.routing;

import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugins.threatalerts.ThreatIds;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends incidents where the routing rules say: each incident a rule takes goes out once when it opens and again each
 * time it becomes more severe, by mail or as a webhook signed by the host (Standard Webhooks; retried with growing
 * pauses, in the host's delivery log). In a rule's quiet hours an incident below CRITICAL waits, and everything that
 * waited goes in one digest at the first poll after they end. Nothing here throws into the poll: a rule that cannot send
 * says why in the routing log.
 */
public final class Router implements Consumer<Incident> {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DIGEST_MAX = 500;

    private final RoutingStore store;
    private final ThreatStore threats;
    private final PluginTenants tenants;
    private final PluginNotifications notifications;
    private final PluginSecrets secrets;
    private final Clock clock;

    public Router(PluginRecords records, PluginTenants tenants, PluginNotifications notifications,
            PluginSecrets secrets, Clock clock) {
        this.store = new RoutingStore(records);
        this.threats = new ThreatStore(records);
        this.tenants = tenants;
        this.notifications = notifications;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** An incident told to the rules: why it is being sent. */
    record Item(Incident incident, String tenantName, String event, Severity before) {
    }

    /** A new webhook signing secret ({@code whsec_} and 32 random bytes in base64). */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** What a rule's webhook secret is sealed for. */
    public static String secretPurpose(String ruleId) {
        return "routing-rule:" + ruleId + ":webhook-secret";
    }

    /** Routes an incident the poll opened or made more severe. */
    @Override
    public void accept(Incident incident) {
        route(incident);
    }

    /** Routes an incident the poll opened or made more severe; returns how many rules sent it or kept it for later. */
    public int route(Incident incident) {
        List<RoutingRule> rules;
        Optional<PluginTenants.Tenant> tenant;
        try {
            rules = store.rules();
            tenant = tenants.find(incident.tenantId());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the routing rules; incident {} was not routed: {}", incident.id(), e.toString());
            return 0;
        }
        int taken = 0;
        Instant now = clock.instant();
        for (RoutingRule rule : rules) {
            if (!rule.matches(incident, tenant.orElse(null))) {
                continue;
            }
            try {
                Optional<RoutingStore.Routed> before = store.routed(incident.tenantId(), rule.id(), incident.id());
                if (before.isPresent() && before.get().severity().ordinal() >= incident.severity().ordinal()) {
                    continue;
                }
                store.putRouted(incident.tenantId(), rule.id(), incident.id(),
                        new RoutingStore.Routed(incident.severity(), now));
                String event = before.isPresent() ? "escalated" : "opened";
                if (rule.holds(incident.severity(), now)) {
                    store.putWaiting(new RoutingStore.Waiting(rule.id(), incident.tenantId(), incident.id(), event,
                            now));
                } else {
                    store.claimWaiting(new RoutingStore.Waiting(rule.id(), incident.tenantId(), incident.id(), event,
                            now));
                    send(rule, "incident", List.of(new Item(incident, tenant.map(PluginTenants.Tenant::displayName)
                            .orElse(incident.tenantId()), event, before.map(RoutingStore.Routed::severity)
                            .orElse(null))));
                }
                taken++;
            } catch (RuntimeException e) {
                LOG.warn("Routing rule {} could not take incident {}: {}", rule.id(), incident.id(), e.toString());
            }
        }
        return taken;
    }

    /** Sends the digests of rules whose quiet hours are over; returns how many digests went. */
    public int sendWaiting() {
        Map<String, List<RoutingStore.Waiting>> byRule = new LinkedHashMap<>();
        try {
            store.waiting(DIGEST_MAX).forEach(waiting -> byRule.computeIfAbsent(waiting.ruleId(),
                    any -> new ArrayList<>()).add(waiting));
        } catch (RuntimeException e) {
            LOG.warn("Could not read the incidents waiting for quiet hours to end: {}", e.toString());
            return 0;
        }
        Instant now = clock.instant();
        int sent = 0;
        for (Map.Entry<String, List<RoutingStore.Waiting>> entry : byRule.entrySet()) {
            Optional<RoutingRule> rule = store.rule(entry.getKey());
            if (rule.isPresent() && rule.get().enabled() && rule.get().quietHours() != null
                    && rule.get().quietHours().covers(now)) {
                continue;
            }
            List<Item> items = new ArrayList<>();
            for (RoutingStore.Waiting waiting : entry.getValue()) {
                if (store.claimWaiting(waiting) && rule.isPresent() && rule.get().enabled()) {
                    threats.incident(waiting.tenantId(), waiting.incidentId()).ifPresent(incident -> items.add(
                            new Item(incident, tenants.find(incident.tenantId()).map(PluginTenants.Tenant::displayName)
                                    .orElse(incident.tenantId()), waiting.event(), null)));
                }
            }
            if (!items.isEmpty()) {
                send(rule.get(), "digest", items);
                sent++;
            }
        }
        return sent;
    }

    /** Sends a test message through {@code rule}, so its receiver can be checked; returns what the log says. */
    public RoutingStore.LogEntry test(RoutingRule rule) {
        return send(rule, "test", List.of());
    }

    private RoutingStore.LogEntry send(RoutingRule rule, String kind, List<Item> items) {
        String summary = summary(kind, items);
        String deliveryId = "";
        String refusal = "";
        try {
            if (rule.channel() == RoutingRule.Channel.EMAIL) {
                deliveryId = notifications.mail(rule.recipients(), subject(kind, items), text(rule, kind, items));
            } else {
                String secret = secrets.open(secretPurpose(rule.id()), rule.sealedSecret());
                deliveryId = notifications.webhook(URI.create(rule.webhookUrl()), secret,
                        payload(rule, kind, items).toString());
            }
        } catch (IllegalArgumentException e) {
            refusal = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("Routing rule {} could not send {}: {}", rule.id(), kind, refusal);
        }
        RoutingStore.LogEntry entry = new RoutingStore.LogEntry(rule.id(), kind, summary, deliveryId, refusal,
                clock.instant());
        store.log(entry, deliveryId.isEmpty() ? "refused-" + UUID.randomUUID() : deliveryId);
        return entry;
    }

    private static String summary(String kind, List<Item> items) {
        return switch (kind) {
            case "test" -> "Test message";
            case "digest" -> items.size() + " incident(s) held during quiet hours";
            default -> {
                Item item = items.get(0);
                yield item.incident().severity() + " " + item.event() + ": " + item.incident().userPrincipalName()
                        + " in " + item.tenantName();
            }
        };
    }

    static String subject(String kind, List<Item> items) {
        if (kind.equals("test")) {
            return "[Tenantry] Test of a Threat Alerts routing rule";
        }
        if (kind.equals("digest")) {
            return "[Tenantry] " + items.size() + " threat incident(s) while your quiet hours were on";
        }
        Item item = items.get(0);
        Incident incident = item.incident();
        return "[Tenantry] " + (item.event().equals("escalated") ? "Now " : "") + incident.severity() + " threat in "
                + oneLine(item.tenantName()) + ": " + oneLine(incident.userDisplayName()) + " ("
                + String.join(", ", incident.riskEventTypes()) + ")";
    }

    private String text(RoutingRule rule, String kind, List<Item> items) {
        StringBuilder text = new StringBuilder();
        if (kind.equals("test")) {
            text.append("This is a test of the routing rule \"").append(rule.name())
                    .append("\". Incidents it takes will arrive like this.\n\n");
        } else if (kind.equals("digest")) {
            text.append(items.size()).append(" incident(s) were held while the quiet hours of the rule \"")
                    .append(rule.name()).append("\" were on (").append(rule.quietHours().from()).append("–")
                    .append(rule.quietHours().to()).append(' ').append(rule.quietHours().zone())
                    .append("); as they are now:\n\n");
        }
        for (Item item : items) {
            Incident incident = item.incident();
            text.append(incident.userDisplayName()).append(" (").append(incident.userPrincipalName())
                    .append(") is at risk in ").append(item.tenantName()).append(".\n")
                    .append("Severity: ").append(incident.severity())
                    .append(item.before() == null ? "" : " (was " + item.before() + ")")
                    .append(item.event().equals("opened") ? ", new incident" : ", more severe than before").append('\n')
                    .append("State: ").append(incident.state())
                    .append(incident.assignee().isBlank() ? "" : ", assigned to " + incident.assignee()).append('\n')
                    .append("Detections: ").append(incident.alertCount()).append(" (")
                    .append(String.join(", ", incident.riskEventTypes())).append(")\n")
                    .append("Last detected: ").append(incident.lastDetectedAt().truncatedTo(ChronoUnit.SECONDS))
                    .append('\n')
                    .append("Open the incident: ").append(link(incident)).append("\n\n");
        }
        text.append("Sent by the Threat Alerts routing rule \"").append(rule.name()).append("\": ")
                .append(rule.summary(null)).append(".\nChange or switch it off on Threat Alerts → Routing: ")
                .append(notifications.link("/threat-alerts/routing.xhtml")).append('\n');
        return text.toString();
    }

    /** The webhook body: Standard Webhooks' {@code type}, {@code timestamp} and {@code data}. */
    private JsonObject payload(RoutingRule rule, String kind, List<Item> items) {
        JsonObjectBuilder data = Json.createObjectBuilder();
        String type;
        if (kind.equals("test")) {
            type = "threat-alerts.test";
            data.add("message", "A test of the routing rule \"" + rule.name() + "\"");
        } else if (kind.equals("digest")) {
            type = "threat-alerts.digest";
            JsonArrayBuilder incidents = Json.createArrayBuilder();
            items.forEach(item -> incidents.add(incident(item)));
            data.add("incidents", incidents);
        } else {
            type = "threat-alerts.incident." + items.get(0).event();
            data = Json.createObjectBuilder(incident(items.get(0)));
        }
        data.add("rule", Json.createObjectBuilder().add("id", rule.id()).add("name", rule.name()));
        return Json.createObjectBuilder().add("type", type)
                .add("timestamp", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString()).add("data", data).build();
    }

    private JsonObject incident(Item item) {
        Incident incident = item.incident();
        JsonArrayBuilder types = Json.createArrayBuilder();
        incident.riskEventTypes().forEach(types::add);
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", incident.id())
                .add("tenant", Json.createObjectBuilder().add("id", incident.tenantId()).add("name", item.tenantName()))
                .add("user", Json.createObjectBuilder().add("id", incident.userId())
                        .add("userPrincipalName", incident.userPrincipalName())
                        .add("displayName", incident.userDisplayName()))
                .add("severity", incident.severity().name()).add("state", incident.state().name())
                .add("assignee", incident.assignee()).add("riskEventTypes", types)
                .add("detections", incident.alertCount()).add("openedAt", incident.openedAt().toString())
                .add("lastDetectedAt", incident.lastDetectedAt().toString())
                .add("url", link(incident).toString());
        if (item.before() != null) {
            json.add("previousSeverity", item.before().name());
        }
        return json.build();
    }

    private URI link(Incident incident) {
        return notifications.link(ThreatIds.incidentPage(incident.tenantId(), incident.id()));
    }

    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ");
    }
}
