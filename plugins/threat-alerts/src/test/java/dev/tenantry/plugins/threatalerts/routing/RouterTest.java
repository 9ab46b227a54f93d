package dev.tenantry.plugins.threatalerts.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.testkit.MemoryNotifications;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySecrets;
import dev.tenantry.plugin.testkit.MovingClock;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which rules take an incident, once and again only when worse, by mail or signed webhook, and quiet hours' digests. */
class RouterTest {

    private static final PluginTenants.Tenant CONTOSO = new PluginTenants.Tenant("contoso", "Contoso",
            "contoso.example", Set.of("gold"));
    private static final PluginTenants.Tenant FABRIKAM = new PluginTenants.Tenant("fabrikam", "Fabrikam",
            "fabrikam.example", Set.of());

    private final MemoryRecords records = new MemoryRecords();
    private final MemoryNotifications notifications = new MemoryNotifications();
    private final MemorySecrets secrets = new MemorySecrets();
    private final MovingClock clock = new MovingClock(Instant.parse("2026-11-20T12:00:00Z"));
    private final Router router = new Router(records, tenants(CONTOSO, FABRIKAM), notifications, secrets, clock);
    private final RoutingStore store = new RoutingStore(records);

    @Test
    void anIncidentGoesOnceWhenOpenedAndAgainOnlyWhenItGetsWorse() {
        store.putRule(mailRule("soc", RoutingRule.Target.ALL_TENANTS, "", Severity.HIGH, List.of(), null));
        Incident adele = incident("contoso", "i-1", Severity.HIGH, "leakedCredentials");

        assertEquals(1, router.route(adele));
        assertEquals(1, notifications.mails().size());
        MemoryNotifications.Mail mail = notifications.mails().get(0);
        assertEquals(List.of("soc@northwind-msp.example"), mail.to());
        assertEquals("[Tenantry] HIGH threat in Contoso: Adele Vance (leakedCredentials)", mail.subject());
        assertTrue(mail.text().contains("https://portal.test/threat-alerts/incident.xhtml?tenant=contoso&id=i-1"),
                mail.text());
        assertTrue(mail.text().contains("new incident"), mail.text());

        assertEquals(0, router.route(adele), "the same incident at the same severity is not sent again");
        assertEquals(0, router.route(withSeverity(adele, Severity.MEDIUM)));
        assertEquals(1, notifications.mails().size());

        router.route(withSeverity(adele, Severity.CRITICAL));
        assertEquals(2, notifications.mails().size());
        assertTrue(notifications.mails().get(1).subject().startsWith("[Tenantry] Now CRITICAL threat in Contoso"));
        assertTrue(notifications.mails().get(1).text().contains("CRITICAL (was HIGH)"));

        assertEquals(0, router.route(incident("contoso", "i-2", Severity.MEDIUM, "unfamiliarFeatures")),
                "below the rule's severity");
        assertEquals(2, store.log(null, 10).size());
    }

    @Test
    void rulesChooseTenantsByIdOrTagAndDetectionTypes() {
        store.putRule(mailRule("fabrikam only", RoutingRule.Target.TENANT, "fabrikam", Severity.LOW, List.of(), null));
        store.putRule(mailRule("gold", RoutingRule.Target.TAG, "GOLD", Severity.LOW, List.of(), null));
        store.putRule(mailRule("spray", RoutingRule.Target.ALL_TENANTS, "", Severity.LOW, List.of("passwordSpray"),
                null));
        RoutingRule off = mailRule("off", RoutingRule.Target.ALL_TENANTS, "", Severity.LOW, List.of(), null);
        store.putRule(new RoutingRule(off.id(), off.name(), false, off.target(), off.targetValue(),
                off.minSeverity(), off.types(), off.channel(), off.recipients(), "", "", null, "t", clock.instant()));

        router.route(incident("contoso", "c-1", Severity.LOW, "unfamiliarFeatures"));
        assertEquals(Set.of("gold"), rulesThatSent());

        notifications.clear();
        router.route(incident("fabrikam", "f-1", Severity.HIGH, "passwordSpray"));
        assertEquals(Set.of("fabrikam only", "spray"), rulesThatSent());
    }

    @Test
    void aWebhookCarriesTheIncidentAndIsSignedWithTheRulesSecretWhichIsKeptSealed() {
        String secret = Router.newSecret();
        assertTrue(secret.startsWith("whsec_") && secret.length() > 40);
        RoutingRule hook = new RoutingRule("r-hook", "SIEM", true, RoutingRule.Target.ALL_TENANTS, "", Severity.LOW,
                List.of(), RoutingRule.Channel.WEBHOOK, List.of(), "https://siem.example/hooks/tenantry",
                secrets.seal(Router.secretPurpose("r-hook"), secret), null, "alex", clock.instant());
        assertTrue(hook.problems().isEmpty(), hook.problems().toString());
        store.putRule(hook);
        assertFalse(records.get(null, RoutingStore.RULE, "r-hook").orElseThrow().contains(secret.substring(6)),
                "the secret is not stored in the clear");

        router.route(incident("contoso", "i-9", Severity.HIGH, "maliciousIPAddress"));

        MemoryNotifications.Webhook sent = notifications.webhooks().get(0);
        assertEquals(secret, sent.secret());
        assertEquals("https://siem.example/hooks/tenantry", sent.url().toString());
        JsonObject body = Json.createReader(new StringReader(sent.json())).readObject();
        assertEquals("threat-alerts.incident.opened", body.getString("type"));
        JsonObject data = body.getJsonObject("data");
        assertEquals("adele.vance@contoso.example", data.getJsonObject("user").getString("userPrincipalName"));
        assertEquals("Contoso", data.getJsonObject("tenant").getString("name"));
        assertEquals("HIGH", data.getString("severity"));
        assertEquals("maliciousIPAddress", data.getJsonArray("riskEventTypes").getString(0));
        assertEquals("https://portal.test/threat-alerts/incident.xhtml?tenant=contoso&id=i-9", data.getString("url"));
        assertEquals("SIEM", data.getJsonObject("rule").getString("name"));
        assertEquals(sent.id(), store.log("r-hook", 5).get(0).deliveryId());
    }

    @Test
    void aSecretSealedForAnotherRuleOrAnAddressTheHostRefusesIsLoggedAndNothingThrows() {
        store.putRule(new RoutingRule("r-a", "copied secret", true, RoutingRule.Target.ALL_TENANTS, "", Severity.LOW,
                List.of(), RoutingRule.Channel.WEBHOOK, List.of(), "https://a.example/hook",
                secrets.seal(Router.secretPurpose("r-other"), Router.newSecret()), null, "alex", clock.instant()));
        store.putRule(new RoutingRule("r-b", "plain http", true, RoutingRule.Target.ALL_TENANTS, "", Severity.LOW,
                List.of(), RoutingRule.Channel.WEBHOOK, List.of(), "http://b.example/hook",
                secrets.seal(Router.secretPurpose("r-b"), Router.newSecret()), null, "alex", clock.instant()));

        assertEquals(2, router.route(incident("contoso", "i-3", Severity.HIGH, "passwordSpray")));

        assertTrue(notifications.webhooks().isEmpty());
        Map<String, String> refusals = store.log(null, 10).stream().collect(Collectors.toMap(
                RoutingStore.LogEntry::ruleId, RoutingStore.LogEntry::refusal));
        assertTrue(refusals.get("r-a").contains("belongs elsewhere"), refusals.toString());
        assertTrue(refusals.get("r-b").contains("https://"), refusals.toString());
    }

    @Test
    void inQuietHoursOnlyCriticalGoesAtOnceAndTheRestGoesInOneDigestWhenTheyEnd() {
        store.putRule(mailRule("night", RoutingRule.Target.ALL_TENANTS, "", Severity.LOW, List.of(),
                new RoutingRule.QuietHours("22:00", "07:00", "Europe/London")));
        ThreatStore threats = new ThreatStore(records);
        clock.set(Instant.parse("2026-11-20T23:10:00Z"));
        Incident adele = incident("contoso", "q-1", Severity.HIGH, "unlikelyTravel");
        Incident lee = incident("fabrikam", "q-2", Severity.MEDIUM, "unfamiliarFeatures");
        threats.putIncident(adele);
        threats.putIncident(lee);

        assertEquals(1, router.route(adele));
        assertEquals(1, router.route(lee));
        assertTrue(notifications.mails().isEmpty(), "held during quiet hours");
        assertEquals(0, router.sendWaiting(), "still quiet");

        Incident isaiah = incident("contoso", "q-3", Severity.CRITICAL, "leakedCredentials");
        router.route(isaiah);
        assertEquals(1, notifications.mails().size(), "CRITICAL goes at once");

        Incident adeleLater = adele.moved(Incident.State.ACKNOWLEDGED, "dana", "", clock.instant());
        threats.putIncident(adeleLater);
        clock.set(Instant.parse("2026-11-21T07:05:00Z"));
        assertEquals(1, router.sendWaiting());
        MemoryNotifications.Mail digest = notifications.mails().get(1);
        assertEquals("[Tenantry] 2 threat incident(s) while your quiet hours were on", digest.subject());
        assertTrue(digest.text().contains("State: ACKNOWLEDGED"), "the digest shows incidents as they are now");
        assertTrue(digest.text().contains("Fabrikam"));
        assertEquals(0, router.sendWaiting(), "a digest goes once");
        assertEquals(2, notifications.mails().size());
    }

    @Test
    void quietHoursSpanMidnightInTheirTimeZone() {
        RoutingRule.QuietHours night = new RoutingRule.QuietHours("22:00", "07:00", "America/New_York");
        assertTrue(night.covers(Instant.parse("2026-11-21T04:00:00Z")), "23:00 in New York");
        assertTrue(night.covers(Instant.parse("2026-11-21T11:30:00Z")), "06:30 in New York");
        assertFalse(night.covers(Instant.parse("2026-11-21T12:30:00Z")), "07:30 in New York");
        RoutingRule.QuietHours lunch = new RoutingRule.QuietHours("12:00", "13:00", "UTC");
        assertTrue(lunch.covers(Instant.parse("2026-11-21T12:59:00Z")));
        assertFalse(lunch.covers(Instant.parse("2026-11-21T13:00:00Z")));
    }

    @Test
    void aRuleSaysWhatIsWrongWithIt() {
        RoutingRule bad = new RoutingRule("r", "", true, RoutingRule.Target.TAG, "", Severity.LOW, List.of(),
                RoutingRule.Channel.EMAIL, List.of("not-an-address"), "", "",
                new RoutingRule.QuietHours("25:00", "07:00", "Mars/Olympus"), "alex", clock.instant());
        assertEquals(List.of("A rule needs a name of at most 100 characters", "Name the tag",
                "Not a mail address: not-an-address", "Quiet hours are times such as 22:00 and 07:00",
                "Not a time zone: Mars/Olympus"), bad.problems());
        RoutingRule hook = new RoutingRule("r", "hook", true, RoutingRule.Target.ALL_TENANTS, "", Severity.LOW,
                List.of(), RoutingRule.Channel.WEBHOOK, List.of(), "ftp://x.example", "", null, "alex",
                clock.instant());
        assertEquals(List.of("A webhook goes to an https:// address without a user name or password in it",
                "A webhook needs its signing secret"), hook.problems());
    }

    @Test
    void aTestMessageGoesThroughTheRule() {
        RoutingRule rule = mailRule("soc", RoutingRule.Target.ALL_TENANTS, "", Severity.HIGH, List.of(), null);
        store.putRule(rule);
        RoutingStore.LogEntry sent = router.test(rule);
        assertEquals("", sent.refusal());
        assertEquals("[Tenantry] Test of a Threat Alerts routing rule", notifications.mails().get(0).subject());
        assertEquals("test", store.log(rule.id(), 5).get(0).kind());
    }

    private Set<String> rulesThatSent() {
        return store.log(null, 50).stream().filter(entry -> notifications.mails().stream()
                        .anyMatch(mail -> mail.id().equals(entry.deliveryId())))
                .map(entry -> store.rule(entry.ruleId()).orElseThrow().name()).collect(Collectors.toSet());
    }

    private RoutingRule mailRule(String name, RoutingRule.Target target, String value, Severity min,
            List<String> types, RoutingRule.QuietHours quiet) {
        return new RoutingRule("rule-" + name.replace(' ', '-'), name, true, target, value, min, types,
                RoutingRule.Channel.EMAIL, List.of("soc@northwind-msp.example"), "", "", quiet, "alex",
                clock.instant());
    }

    private Incident incident(String tenant, String id, Severity severity, String type) {
        return new Incident(id, tenant, "u-" + id, "adele.vance@" + tenant + ".example", "Adele Vance", severity,
                Incident.State.NEW, "", List.of("a-" + id), List.of(type), clock.instant(), clock.instant(),
                clock.instant(), List.of());
    }

    private static Incident withSeverity(Incident incident, Severity severity) {
        return new Incident(incident.id(), incident.tenantId(), incident.userId(), incident.userPrincipalName(),
                incident.userDisplayName(), severity, incident.state(), incident.assignee(), incident.alertIds(),
                incident.riskEventTypes(), incident.openedAt(), incident.lastDetectedAt(), incident.updatedAt(),
                incident.timeline());
    }

    private static PluginTenants tenants(PluginTenants.Tenant... all) {
        return new PluginTenants() {
            @Override
            public List<Tenant> all() {
                return List.of(all);
            }

            @Override
            public Optional<Tenant> find(String tenantId) {
                return all().stream().filter(tenant -> tenant.id().equals(tenantId)).findFirst();
            }
        };
    }

}
