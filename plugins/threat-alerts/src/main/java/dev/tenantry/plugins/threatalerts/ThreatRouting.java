package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.routing.Router;
import dev.tenantry.plugins.threatalerts.routing.RoutingRule;
import dev.tenantry.plugins.threatalerts.routing.RoutingStore;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.pf4j.Extension;

/**
 * The routing page's model ({@code #{threatRouting}}): the rules the member of staff may manage — those of all tenants
 * or a tag need {@code threat-alerts:manage-routing} for all tenants, a rule of one tenant needs it in that tenant —
 * with an editor, a test message, and the log of what each rule sent and what became of it. A webhook's signing secret
 * is made here, shown once, and kept sealed by the host.
 */
@Extension
@Model("threatRouting")
public class ThreatRouting implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    /** Microsoft's risk detection types an operator is likely to route on. */
    static final List<String> KNOWN_TYPES = List.of("adminConfirmedUserCompromised", "anomalousToken",
            "anonymizedIPAddress", "attemptedPrtAccess", "investigationsThreatIntelligence", "leakedCredentials",
            "maliciousIPAddress", "mcasImpossibleTravel", "mcasSuspiciousInboxManipulationRules", "nationStateIP",
            "passwordSpray", "suspiciousAPITraffic", "suspiciousBrowser", "suspiciousInboxForwarding",
            "tokenIssuerAnomaly", "unfamiliarFeatures", "unlikelyTravel", "userReportedSuspiciousActivity");

    @HostService
    private transient PortalUser user;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginNotifications notifications;

    @HostService
    private transient PluginSecrets secrets;

    @HostService
    private transient PluginAudit audit;

    private Editor editor;
    private final TenantChoices tenantChoices = new TenantChoices(ThreatIds.MANAGE_ROUTING);
    private String selectedRuleId = "";
    private String revealedSecret = "";

    /** A rule as listed. */
    public record RuleRow(RoutingRule rule, String summary) implements Serializable {
    }

    /** A log entry with what the host did with it. */
    public record LogRow(RoutingStore.LogEntry entry, String state, int attempts, String error) implements Serializable {
    }

    /** The rule being made or changed. */
    public static final class Editor implements Serializable {

        private static final long serialVersionUID = 1L;
        private String id = "";
        private String name = "";
        private boolean enabled = true;
        private String target = RoutingRule.Target.ALL_TENANTS.name();
        private String tenantId = "";
        private String tag = "";
        private String minSeverity = Severity.HIGH.name();
        private List<String> types = new ArrayList<>();
        private String channel = RoutingRule.Channel.EMAIL.name();
        private String recipients = "";
        private String webhookUrl = "";
        private String sealedSecret = "";
        private boolean quiet;
        private String quietFrom = "22:00";
        private String quietTo = "07:00";
        private String quietZone = "UTC";

        public String getId() {
            return id;
        }

        public boolean isExisting() {
            return !id.isEmpty();
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name == null ? "" : name.strip();
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTarget() {
            return target;
        }

        public void setTarget(String target) {
            this.target = target == null ? RoutingRule.Target.ALL_TENANTS.name() : target;
        }

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String tenantId) {
            this.tenantId = tenantId == null ? "" : tenantId;
        }

        public String getTag() {
            return tag;
        }

        public void setTag(String tag) {
            this.tag = tag == null ? "" : tag.strip();
        }

        public String getMinSeverity() {
            return minSeverity;
        }

        public void setMinSeverity(String minSeverity) {
            this.minSeverity = minSeverity;
        }

        public List<String> getTypes() {
            return types;
        }

        public void setTypes(List<String> types) {
            this.types = types == null ? new ArrayList<>() : new ArrayList<>(types);
        }

        public String getChannel() {
            return channel;
        }

        public void setChannel(String channel) {
            this.channel = channel == null ? RoutingRule.Channel.EMAIL.name() : channel;
        }

        public String getRecipients() {
            return recipients;
        }

        public void setRecipients(String recipients) {
            this.recipients = recipients == null ? "" : recipients;
        }

        public String getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
        }

        public boolean isHasSecret() {
            return !sealedSecret.isEmpty();
        }

        public boolean isQuiet() {
            return quiet;
        }

        public void setQuiet(boolean quiet) {
            this.quiet = quiet;
        }

        public String getQuietFrom() {
            return quietFrom;
        }

        public void setQuietFrom(String quietFrom) {
            this.quietFrom = quietFrom == null ? "" : quietFrom.strip();
        }

        public String getQuietTo() {
            return quietTo;
        }

        public void setQuietTo(String quietTo) {
            this.quietTo = quietTo == null ? "" : quietTo.strip();
        }

        public String getQuietZone() {
            return quietZone;
        }

        public void setQuietZone(String quietZone) {
            this.quietZone = quietZone == null ? "" : quietZone.strip();
        }

        RoutingRule toRule(String by, Instant now) {
            List<String> addresses = Arrays.stream(recipients.split("[,;\\s]+")).map(String::strip)
                    .filter(address -> !address.isEmpty()).distinct().toList();
            RoutingRule.Target chosen = RoutingRule.Target.valueOf(target);
            return new RoutingRule(id, name, enabled, chosen, switch (chosen) {
                case ALL_TENANTS -> "";
                case TENANT -> tenantId;
                case TAG -> tag;
            }, Severity.valueOf(minSeverity), types, RoutingRule.Channel.valueOf(channel),
                    channel.equals("EMAIL") ? addresses : List.of(), channel.equals("WEBHOOK") ? webhookUrl : "",
                    channel.equals("WEBHOOK") ? sealedSecret : "",
                    quiet ? new RoutingRule.QuietHours(quietFrom, quietTo, quietZone) : null, by, now);
        }

        static Editor of(RoutingRule rule) {
            Editor editor = new Editor();
            editor.id = rule.id();
            editor.name = rule.name();
            editor.enabled = rule.enabled();
            editor.target = rule.target().name();
            editor.tenantId = rule.target() == RoutingRule.Target.TENANT ? rule.targetValue() : "";
            editor.tag = rule.target() == RoutingRule.Target.TAG ? rule.targetValue() : "";
            editor.minSeverity = rule.minSeverity().name();
            editor.types = new ArrayList<>(rule.types());
            editor.channel = rule.channel().name();
            editor.recipients = String.join(", ", rule.recipients());
            editor.webhookUrl = rule.webhookUrl();
            editor.sealedSecret = rule.sealedSecret();
            if (rule.quietHours() != null) {
                editor.quiet = true;
                editor.quietFrom = rule.quietHours().from();
                editor.quietTo = rule.quietHours().to();
                editor.quietZone = rule.quietHours().zone();
            }
            return editor;
        }
    }

    /** The rules this member of staff may manage, by name; the tenants of rules of one tenant named in one read. */
    public List<RuleRow> getRules() {
        return Pages.once("threatRouting.rules", () -> {
            List<RoutingRule> mine = store().rules().stream().filter(this::mayManage).toList();
            List<String> ids = mine.stream().filter(rule -> rule.target() == RoutingRule.Target.TENANT)
                    .map(RoutingRule::targetValue).distinct().toList();
            Map<String, PluginTenants.Tenant> named = ids.isEmpty() ? Map.of() : tenants.named(ids);
            return mine.stream().map(rule -> new RuleRow(rule, rule.summary(Optional.ofNullable(named.get(
                    rule.targetValue())).map(PluginTenants.Tenant::displayName).orElse(null)))).toList();
        });
    }

    /** Whether they may make rules over all tenants or a tag (else only rules of their tenants). */
    public boolean isMayManageAll() {
        return user.holds(ThreatIds.MANAGE_ROUTING, null);
    }

    private boolean mayManage(RoutingRule rule) {
        return rule.target() == RoutingRule.Target.TENANT ? user.holds(ThreatIds.MANAGE_ROUTING, rule.targetValue())
                : isMayManageAll();
    }

    /**
     * The tenants whose name, domain or id contains {@code text} where they may manage routing, for a rule of one
     * tenant (at most {@value TenantChoices#OFFERED}, found among the first {@value TenantChoices#SEARCHED} the search
     * gives): ids, named by {@link #tenantName}.
     */
    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    /** A tenant's name for the rule's tenant field, by its id (empty: none chosen). */
    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    /**
     * Every tag of the tenants the plugin works in. plugin-api 1.6.0 offers no search of tags, so this reads the list
     * of tenants; only the tag field of the rule editor asks, as someone types.
     */
    List<String> tags() {
        TreeSet<String> tags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        tenants.all().forEach(tenant -> tags.addAll(tenant.tags()));
        return List.copyOf(tags);
    }

    /** Tags of the tenants containing {@code query}, for the tag field. */
    public List<String> completeTag(String query) {
        String part = query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT);
        return tags().stream().filter(tag -> tag.toLowerCase(java.util.Locale.ROOT).contains(part)).toList();
    }

    public List<String> getKnownTypes() {
        return KNOWN_TYPES;
    }

    public List<String> getSeverities() {
        return Arrays.stream(Severity.values()).map(Severity::name).toList();
    }

    public void newRule() {
        editor = new Editor();
        if (!isMayManageAll()) {
            editor.setTarget(RoutingRule.Target.TENANT.name());
        }
        revealedSecret = "";
    }

    public void edit(String ruleId) {
        Optional<RoutingRule> rule = store().rule(ruleId).filter(this::mayManage);
        if (rule.isEmpty()) {
            Pages.error("No such rule, or not one you may change");
            return;
        }
        editor = Editor.of(rule.get());
        selectedRuleId = ruleId;
        revealedSecret = "";
    }

    public void cancel() {
        editor = null;
        revealedSecret = "";
    }

    /** Makes a new signing secret for the webhook being edited; shown once, until the page is left. */
    public void newSecret() {
        if (editor == null) {
            return;
        }
        if (editor.id.isEmpty()) {
            editor.id = UUID.randomUUID().toString();
        }
        revealedSecret = Router.newSecret();
        editor.sealedSecret = secrets.seal(Router.secretPurpose(editor.id), revealedSecret);
    }

    public void save() {
        if (editor == null) {
            return;
        }
        if (editor.id.isEmpty()) {
            editor.id = UUID.randomUUID().toString();
        }
        Optional<RoutingRule> before = store().rule(editor.id);
        boolean created = before.isEmpty();
        RoutingRule rule = editor.toRule(user.userPrincipalName(), Instant.now());
        List<String> problems = new ArrayList<>(rule.problems());
        if (!mayManage(rule)) {
            problems.add(rule.target() == RoutingRule.Target.TENANT
                    ? "Routing this tenant's incidents needs the permission " + ThreatIds.MANAGE_ROUTING + " in it"
                    : "Rules over all tenants or a tag need the permission " + ThreatIds.MANAGE_ROUTING
                    + " for all tenants");
        }
        if (before.isPresent() && !mayManage(before.get())) {
            problems.add("No such rule, or not one you may change");
        }
        if (!problems.isEmpty()) {
            problems.forEach(Pages::error);
            return;
        }
        store().putRule(rule);
        Pages.forget("threatRouting.rules");
        audit.record(created ? "routing.rule.created" : "routing.rule.changed",
                rule.target() == RoutingRule.Target.TENANT ? rule.targetValue() : null, rule.name(),
                Map.of("rule", rule.id(), "routes", rule.summary(null), "enabled", String.valueOf(rule.enabled()),
                        "signingRenewed", String.valueOf(!revealedSecret.isEmpty())));
        selectedRuleId = rule.id();
        editor = null;
        Pages.info((created ? "Rule made: " : "Rule saved: ") + rule.name());
    }

    public void delete(String ruleId) {
        Optional<RoutingRule> rule = store().rule(ruleId).filter(this::mayManage);
        if (rule.isEmpty()) {
            Pages.error("No such rule, or not one you may change");
            return;
        }
        store().deleteRule(ruleId);
        Pages.forget("threatRouting.rules");
        audit.record("routing.rule.deleted", rule.get().target() == RoutingRule.Target.TENANT
                ? rule.get().targetValue() : null, rule.get().name(), Map.of("rule", ruleId));
        if (ruleId.equals(selectedRuleId)) {
            selectedRuleId = "";
        }
        Pages.info("Rule deleted: " + rule.get().name());
    }

    /** Sends a test message through a rule. */
    public void test(String ruleId) {
        Optional<RoutingRule> rule = store().rule(ruleId).filter(this::mayManage);
        if (rule.isEmpty()) {
            Pages.error("No such rule, or not one you may change");
            return;
        }
        selectedRuleId = ruleId;
        RoutingStore.LogEntry sent = router().test(rule.get());
        if (sent.refusal().isEmpty()) {
            Pages.info("Test message queued for " + rule.get().name() + "; its delivery is in the log below");
        } else {
            Pages.error("The test message could not be sent: " + sent.refusal());
        }
    }

    public void select(String ruleId) {
        selectedRuleId = ruleId == null ? "" : ruleId;
    }

    /** What the selected rule (or every rule they may manage) sent lately, with each delivery's state. */
    public List<LogRow> getLog() {
        List<String> mine = getRules().stream().map(row -> row.rule().id()).toList();
        return store().log(selectedRuleId.isEmpty() ? null : selectedRuleId, 50).stream()
                .filter(entry -> mine.contains(entry.ruleId())).map(entry -> {
                    if (entry.deliveryId().isEmpty()) {
                        return new LogRow(entry, "REFUSED", 0, entry.refusal());
                    }
                    return notifications.delivery(entry.deliveryId())
                            .map(d -> new LogRow(entry, d.state(), d.attempts(), d.lastError() == null ? ""
                                    : d.lastError()))
                            .orElse(new LogRow(entry, "UNKNOWN", 0, ""));
                }).toList();
    }

    public String ruleName(String ruleId) {
        return store().rule(ruleId).map(RoutingRule::name).orElse("(deleted rule)");
    }

    public Editor getEditor() {
        return editor;
    }

    public String getRevealedSecret() {
        return revealedSecret;
    }

    public String getSelectedRuleId() {
        return selectedRuleId;
    }

    private Router router() {
        return new Router(records, tenants, notifications, secrets, Clock.systemUTC());
    }

    private RoutingStore store() {
        return new RoutingStore(records);
    }

}
