package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.choose;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Threat Alerts plugin against an emulated tenant with Entra ID P2: a poll without consent says so and offers the
 * consent; once granted, the seeded detections are an incident; a new detection Microsoft raises appears in the inbox
 * after the next poll, is acknowledged and commented on, and a remedy asks its own scope set first, then runs, audited.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class ThreatAlertsUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (threats)";
    private static final String INBOX = "Threat Alerts · Tenantry";
    private static final String INCIDENT = "Incident · Tenantry";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aNewDetectionAppearsInTheInboxIsAcknowledgedAndItsUserIsSignedOutEverywhere(WebDriver browser)
            throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        Path jar = Deployments.dropThreatAlertsPlugin();
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "threat-alerts");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);

            // Without consent the poll says so, and offers exactly the detections scope set
            browser.get(Deployments.http().resolve("threat-alerts/index.xhtml").toString());
            assertEquals(INBOX, browser.getTitle());
            pollNow(browser);
            By grant = By.xpath("//ul[@id='pollProblems']/li[contains(@class,'poll-CONSENT_REQUIRED') and "
                    + "strong[text()='" + NAME + "']]/a[contains(@class,'grant-detections')]");
            try {
                waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(grant));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("No consent to grant for " + NAME + " on: "
                        + browser.findElement(By.tagName("main")).getText(), e);
            }
            click(browser, browser.findElement(grant));
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            String card = browser.findElement(By.tagName("main")).getText();
            assertTrue(card.contains("IdentityRiskEvent.Read.All") && !card.contains("User.RevokeSessions.All"), card);
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, INBOX);

            pollNow(browser);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("inboxForm:incidents"),
                    "isaiah.langer@contoso.example"));

            // Microsoft raises a new detection; the next poll brings it in as Adele's incident
            PortalEmulator.emulator().directory().injectRiskDetection(contoso, Json.object()
                    .put("userPrincipalName", "adele.vance@contoso.example").put("riskEventType", "passwordSpray")
                    .put("riskLevel", "medium").put("ipAddress", "192.0.2.66"));
            pollNow(browser);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("inboxForm:incidents"),
                    "adele.vance@contoso.example"));
            String inbox = browser.findElement(By.id("inboxForm:incidents")).getText();
            assertEquals(2, browser.findElements(By.cssSelector("#inboxForm\\:incidents a.incident-link")).size(),
                    "one incident per user, each detection once: " + inbox);

            assertTrue(browser.findElement(By.id("inboxForm:usersAtRisk")).getText()
                    .contains("isaiah.langer@contoso.example"), "users at risk as Microsoft rates them");

            // Filters saved under a name come back in one step
            choose(browser, "inboxForm:severityFilter", "HIGH");
            browser.findElement(By.id("inboxForm:filterName")).sendKeys("High only");
            browser.findElement(By.id("inboxForm:saveFilter")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Filter saved: High only"));
            choose(browser, "inboxForm:severityFilter", "Any severity");
            choose(browser, "inboxForm:savedFilter", "High only");
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("inboxForm:severityFilter_label"), "HIGH"));
            browser.findElement(By.id("inboxForm:deleteFilter")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Filter deleted: High only"));

            browser.findElement(By.xpath("//a[contains(@class,'incident-link') and text()="
                    + "'adele.vance@contoso.example']")).click();
            waitFor(browser).until(ExpectedConditions.titleIs(INCIDENT));
            assertEquals("HIGH", browser.findElement(By.id("incidentSeverity")).getText(),
                    "password spray is raised a step from medium");
            assertTrue(browser.findElement(By.id("incidentForm:alerts")).getText().contains("192.0.2.66"));
            browser.findElement(By.id("incidentForm:acknowledge")).click();
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("incidentState"), "ACKNOWLEDGED"));
            browser.findElement(By.id("incidentForm:comment")).sendKeys("Spray from a known botnet range");
            browser.findElement(By.id("incidentForm:addComment")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
                    "Spray from a known botnet range"));

            // Recent sign-ins where permitted: the page offers their own scope set, then shows them
            click(browser, browser.findElement(By.id("incidentForm:grantSignIns")));
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            String signInsCard = browser.findElement(By.tagName("main")).getText();
            assertTrue(signInsCard.contains("AuditLog.Read.All") && !signInsCard.contains("User.RevokeSessions.All"),
                    signInsCard);
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, INCIDENT);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("incidentForm:signIns"),
                    "192.0.2.66"));
            assertTrue(browser.findElement(By.id("incidentForm:signIns")).getText().contains("passwordSpray"));

            // A remedy asks its own scope set the first time, then runs
            By revoke = By.cssSelector("button.remedy-revoke-sessions");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(revoke)).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("User.RevokeSessions.All"));
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, INCIDENT);
            PortalEmulator.emulator().requestLog().clear();
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(revoke)).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Revoke sign-in sessions: adele.vance@contoso.example"));
            String adele = contoso.user("adele.vance@contoso.example").orElseThrow().id();
            assertTrue(PortalEmulator.emulator().requestLog().matching(entry -> entry.method().equals("POST")
                    && entry.path().equals("/v1.0/users/" + adele + "/revokeSignInSessions") && entry.status() == 200)
                    .size() == 1, "signed out everywhere, once");

            // A remedy that changes the user's risk shows in the risk history the page draws right after it
            By confirm = By.cssSelector("button.remedy-confirm-compromised");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(confirm)).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("IdentityRiskyUser.ReadWrite.All"));
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, INCIDENT);
            assertFalse(browser.findElement(By.id("riskHistory")).getText().contains("confirmedCompromised"));
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(confirm)).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Confirm compromised: adele.vance@contoso.example"));
            assertTrue(browser.findElement(By.id("riskHistory")).getText().contains("confirmedCompromised"),
                    browser.findElement(By.id("riskHistory")).getText());

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"threat-alerts.incident.acknowledged",
                    "threat-alerts.incident.commented", "threat-alerts.remediation.revoke-sessions",
                    "threat-alerts.remediation.confirm-compromised"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }

            browser.get(Deployments.http().toString());
            assertTrue(Integer.parseInt(browser.findElement(By.cssSelector(".threat-widget .threat-open-HIGH"))
                    .getText()) >= 2, "Isaiah's and Adele's incidents are open and high");
        } finally {
            PortalEmulator.forgetConsent(DOMAIN);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }

    /**
     * Clicks Poll now and waits until the work over every tenant of the inbox ended and the page showed its outcome
     * (other tests' tenants may be there too; each tenant's outcome is its own).
     */
    static void pollNow(WebDriver browser) {
        java.util.List<org.openqa.selenium.WebElement> before = browser.findElements(By.id("pollState"));
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("inboxForm:pollNow"))).click();
        if (!before.isEmpty()) {
            waitFor(browser).until(ExpectedConditions.stalenessOf(before.get(0)));
        }
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException
                .class).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#pollState:not(.poll-state-RUNNING)")));
        // The page reads everything once more after the work ended, then Poll now is offered again
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("inboxForm:pollNow")));
    }

    /** Clicks an element after scrolling it to the middle of the window, clear of the fixed top bar. */
    static void click(WebDriver browser, org.openqa.selenium.WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }
}
