package dev.tenantry.it;

import static dev.tenantry.it.ThreatAlertsUiIT.click;
import static dev.tenantry.it.ThreatAlertsUiIT.pollNow;
import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.removeAssignments;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.signOut;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Threat Alerts' routing end to end: a webhook rule made on the routing page (its signing secret shown once), a test
 * message and a new incident reaching a receiver that checks each signature itself, the delivery in the rule's log,
 * the rule audited and deleted; then a Threat Analyst, who may triage but neither route nor remediate.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class ThreatRoutingUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ANALYST = "jo.lindqvist@northwind-msp.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (routing)";
    private static final String INBOX = "Threat Alerts · Tenantry";
    private static final String ROUTING = "Threat Alerts: routing · Tenantry";
    private static final String RULE = "SOC webhook";

    /** One POST the receiver took. */
    private record Received(String id, String timestamp, String signature, String body) {
    }

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aNewIncidentReachesASignedWebhookAndAnAnalystMayNeitherRouteNorRemediate(WebDriver browser)
            throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/tenantry", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Path jar = Deployments.dropThreatAlertsPlugin();
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "threat-alerts");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);
            browser.get(Deployments.http().resolve("consent/required.xhtml?tenant=" + contoso.id()
                    + "&scopeSet=threat-alerts.detections&from=/threat-alerts/index.xhtml").toString());
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, INBOX);
            removeRule(browser);

            // A webhook rule: HIGH and above in all tenants, with a new signing secret shown once
            browser.findElement(By.id("routingLink")).click();
            waitFor(browser).until(ExpectedConditions.titleIs(ROUTING));
            browser.findElement(By.id("routingForm:newRule")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("routingForm:name")))
                    .sendKeys(RULE);
            browser.findElement(By.xpath("//label[@for='routingForm:channel:1']")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("routingForm:webhookUrl")))
                    .sendKeys("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/tenantry");
            browser.findElement(By.id("routingForm:save")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("routingForm:messages"),
                    "A webhook needs its signing secret"));
            browser.findElement(By.id("routingForm:newSecret")).click();
            String secret = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("revealedSecret"))).getText().strip();
            assertTrue(secret.startsWith("whsec_"), secret);
            browser.findElement(By.id("routingForm:save")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("routingForm:rules"), RULE));
            String rules = browser.findElement(By.id("routingForm:rules")).getText();
            assertTrue(rules.contains("HIGH and above in all tenants"), rules);
            assertFalse(browser.getPageSource().contains(secret.substring(6)), "the secret is not shown again");

            // A test message, signed
            click(browser, browser.findElement(ruleButton("rule-test")));
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("routingForm:messages"),
                    "Test message queued"));
            JsonNode test = verified(received.poll(30, TimeUnit.SECONDS), secret);
            assertEquals("threat-alerts.test", test.path("type").asText());
            assertEquals(RULE, test.path("data").path("rule").path("name").asText());

            // A detection Microsoft raises becomes an incident at the next poll, and the rule sends it
            browser.get(Deployments.http().resolve("threat-alerts/index.xhtml").toString());
            pollNow(browser);
            received.clear();
            PortalEmulator.emulator().directory().injectRiskDetection(contoso, Json.object()
                    .put("userPrincipalName", "adele.vance@contoso.example").put("riskEventType", "passwordSpray")
                    .put("riskLevel", "medium").put("ipAddress", "192.0.2.77"));
            pollNow(browser);
            JsonNode opened = null;
            for (Received next = received.poll(30, TimeUnit.SECONDS); next != null && opened == null;
                    next = opened == null ? received.poll(30, TimeUnit.SECONDS) : null) {
                JsonNode body = verified(next, secret);
                if (body.path("data").path("user").path("userPrincipalName").asText()
                        .equals("adele.vance@contoso.example")) {
                    opened = body;
                }
            }
            assertTrue(opened != null, "Adele's incident was sent to the webhook");
            assertEquals("threat-alerts.incident.opened", opened.path("type").asText());
            JsonNode incident = opened.path("data");
            assertEquals("HIGH", incident.path("severity").asText());
            assertEquals(NAME, incident.path("tenant").path("name").asText());
            assertEquals("passwordSpray", incident.path("riskEventTypes").path(0).asText());
            assertTrue(incident.path("url").asText().startsWith(Deployments.http() + "threat-alerts/incident.xhtml"
                    + "?tenant=" + contoso.id() + "&id="), incident.path("url").asText());

            // The rule's log shows the delivery as sent
            browser.get(Deployments.http().resolve("threat-alerts/routing.xhtml").toString());
            click(browser, browser.findElement(ruleButton("rule-log")));
            By sent = By.xpath("//tr[contains(@class,'log-row') and .//span[@class='log-summary' and "
                    + "contains(text(),'adele.vance@contoso.example')]]//span[@class='log-state']");
            waitFor(browser).until(ExpectedConditions.textToBe(sent, "SENT"));

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            assertTrue(browser.findElement(By.tagName("main")).getText()
                    .contains("threat-alerts.routing.rule.created"));

            // A Threat Analyst triages, but neither routes nor remediates
            browser.get(Deployments.http().resolve("settings/access.xhtml").toString());
            removeAssignments(browser, ANALYST);
            browser.findElement(By.id("assignButton")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("assignForm:principal")))
                    .sendKeys(ANALYST);
            ((JavascriptExecutor) browser).executeScript(
                    "PrimeFaces.getWidgetById('assignForm:role').selectValue('threat-alerts.analyst')");
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("assignForm:role_label"), "Threat Analyst"));
            browser.findElement(By.id("assignForm:saveAssignment")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//span[@class='assignment-principal' and text()='" + ANALYST + "']")));
            signOut(browser);

            SignIn.as(browser, ANALYST, "threat-alerts/index.xhtml");
            assertEquals(INBOX, browser.getTitle());
            assertTrue(browser.findElements(By.id("routingLink")).isEmpty(), "no routing for an analyst");
            browser.findElement(By.xpath("//a[contains(@class,'incident-link') and "
                    + "text()='adele.vance@contoso.example']")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Incident · Tenantry"));
            assertFalse(browser.findElements(By.id("incidentForm:acknowledge")).isEmpty(), "an analyst triages");
            assertTrue(browser.findElements(By.cssSelector("button[class*='remedy-']")).isEmpty(),
                    "but is offered no remedy");
            browser.get(Deployments.http().resolve("threat-alerts/routing.xhtml").toString());
            assertEquals("Not allowed · Tenantry", browser.getTitle(), "the routing page refuses an analyst");
            signOut(browser);

            SignIn.as(browser, OWNER, "settings/access.xhtml");
            removeAssignments(browser, ANALYST);
            browser.get(Deployments.http().resolve("threat-alerts/routing.xhtml").toString());
            removeRule(browser);
            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            assertTrue(browser.findElement(By.tagName("main")).getText()
                    .contains("threat-alerts.routing.rule.deleted"));
        } finally {
            receiver.stop(0);
            PortalEmulator.forgetConsent(DOMAIN);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }

    /** On the routing page (or going there): deletes the test's rule if a run before left it. */
    private static void removeRule(WebDriver browser) {
        if (!ROUTING.equals(browser.getTitle())) {
            browser.get(Deployments.http().resolve("threat-alerts/routing.xhtml").toString());
        }
        while (!browser.findElements(ruleButton("rule-delete")).isEmpty()) {
            click(browser, browser.findElement(ruleButton("rule-delete")));
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                    ".ui-confirmdialog-yes"))).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("routingForm:messages"),
                    "Rule deleted"));
        }
        browser.get(Deployments.http().resolve("threat-alerts/index.xhtml").toString());
    }

    private static By ruleButton(String styleClass) {
        return By.xpath("//tr[.//span[@class='rule-name' and text()='" + RULE + "']]//button[contains(@class,'"
                + styleClass + "')]");
    }

    /**
     * Checks a delivery as a receiver would, with nothing of Tenantry's: the Standard Webhooks signature (HMAC-SHA256
     * of id.timestamp.body with the secret's bytes) and a timestamp within five minutes; returns the body.
     */
    private static JsonNode verified(Received delivery, String secret) throws Exception {
        assertTrue(delivery != null, "the receiver got a delivery");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (delivery.id() + "." + delivery.timestamp() + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        boolean signed = false;
        for (String signature : delivery.signature().split(" ")) {
            signed |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(signed, "signed with the rule's secret: " + delivery.signature());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(delivery.timestamp())) < 300);
        return new ObjectMapper().readTree(delivery.body());
    }

}
