package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.pickTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.PortalPages;
import dev.tenantry.it.browser.SignIn;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Secure plugin's posture page against an emulated tenant seeded to fail: a check whose permission is missing is
 * skipped with the consent for exactly its scope set; once granted through the consent flow it is evaluated, with the
 * evidence it saw; the fleet lists, filters and counts it, and the dashboard counts what it fails.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class SecureUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String CUSTOMER_ADMIN = "patti.fernandez@fabrikam.example";
    private static final String DOMAIN = "fabrikam.example";
    private static final String NAME = "Fabrikam (secure)";
    private static final String PAGE = "Security posture · Tenantry";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aSkippedCheckIsGrantedThroughTheConsentFlowAndThenEvaluatedWithItsEvidence(WebDriver browser)
            throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Path jar = Deployments.dropSecurePlugin();
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "secure");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);
            browser.get(Deployments.http().resolve("secure/index.xhtml").toString());
            pickTenant(browser, NAME);
            browser.get(Deployments.http().resolve("secure/index.xhtml").toString());
            assertEquals(PAGE, browser.getTitle());

            browser.findElement(By.id("postureForm:scan")).click();
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".check-user-consent")));
            assertEquals("SKIPPED", status(browser, "user-consent"));
            assertTrue(row(browser, "user-consent").getText().contains("Permission missing"),
                    row(browser, "user-consent").getText());
            assertEquals("SKIPPED", status(browser, "audit-log"), "Exchange Online is a consent of its own");

            // Grant: the consent card for exactly the check's scope set, then the tenant's Global Administrator
            row(browser, "user-consent").findElement(By.cssSelector("a.grant-check")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("Policy.Read.All"));
            grantAtProvider(browser, By.id("grantForm:grant"), CUSTOMER_ADMIN, PAGE);

            PortalEmulator.emulator().requestLog().clear();
            browser.findElement(By.id("postureForm:scan")).click();
            waitFor(browser).until(driver -> !"SKIPPED".equals(status(driver, "user-consent")));
            String fabrikam = PortalEmulator.emulator().tenant(DOMAIN).id();
            assertEquals(java.util.Set.of("/v1.0/subscribedSkus", "/v1.0/identity/conditionalAccess/policies",
                    "/v1.0/identity/conditionalAccess/namedLocations", "/v1.0/policies/authorizationPolicy",
                    "/v1.0/reports/authenticationMethods/userRegistrationDetails",
                    "/v1.0/organization/" + fabrikam + "/branding"), PortalEmulator.emulator().requestLog()
                    .matching(entry -> entry.kind().equals("graph-batch") && fabrikam.equals(entry.tenant()))
                    .stream().map(entry -> entry.path()).collect(java.util.stream.Collectors.toSet()),
                    "the independent posture reads went in one $batch");
            assertEquals("PASS", status(browser, "user-consent"), "Fabrikam's users cannot consent to apps");
            assertTrue(row(browser, "user-consent").getText().contains("Permission grant policies assigned to users: "
                    + "none"), row(browser, "user-consent").getText());
            assertEquals("FAIL", status(browser, "branding"));
            // Microsoft answers the registration report only with Entra ID P1 or P2: not licensed, not a consent
            assertEquals("SKIPPED", status(browser, "mfa-registration"));
            assertTrue(row(browser, "mfa-registration").getText().contains("Not licensed"),
                    "Business Essentials has no Entra ID P1: " + row(browser, "mfa-registration").getText());
            assertEquals("SKIPPED", status(browser, "user-mfa"));
            assertTrue(row(browser, "user-mfa").getText().contains("Not licensed"),
                    "Business Essentials has no Entra ID P1: " + row(browser, "user-mfa").getText());
            assertEquals("SKIPPED", status(browser, "secure-score"), "its own scope set, not granted yet");
            assertTrue(browser.findElement(By.id("postureForm:passRate")).getText().startsWith("Checks passed: 1 of"),
                    browser.findElement(By.id("postureForm:passRate")).getText());
            assertTrue(browser.findElement(By.cssSelector("#changes .change-user-consent")).getText()
                    .endsWith("SKIPPED → PASS"), "what changed since the scan before");
            assertTrue(row(browser, "user-consent").getText().contains("was SKIPPED"));

            // Before the risk is accepted: the fleet's check filter (the database's) and the dashboard widget find
            // Fabrikam failing branding. Every tenant of the portal is scanned first, so that what the widget counts
            // later differs by Fabrikam's acceptance alone, whatever tenants earlier tests left
            By fabrikamRow = By.xpath("//tbody[@id='fleetForm:matrix_data']/tr[.//span[@data-tenant='" + fabrikam
                    + "']]");
            browser.get(Deployments.http().resolve("secure/fleet.xhtml").toString());
            browser.findElement(By.id("fleetForm:scanAll")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(90)).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#scanState.scan-SUCCESS")));
            PortalPages.choose(browser, "fleetForm:matrix:checkFilter", "branding");
            waitFor(browser).until(ExpectedConditions.numberOfElementsToBe(fabrikamRow, 1));
            browser.get(Deployments.http().toString());
            int failingBranding = brandingFailures(browser);
            assertTrue(failingBranding >= 1, browser.findElement(By.cssSelector(".secure-widget")).getText());
            browser.get(Deployments.http().resolve("secure/index.xhtml").toString());
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".check-branding")));

            // Accept the branding failure as a risk: owner, reason, end; it shows ACCEPTED, is audited, and the
            // filters find it
            row(browser, "branding").findElement(By.cssSelector("a.accept-check")).click();
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("acceptForm:owner")));
            browser.findElement(By.id("acceptForm:accept")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Say who owns the risk"));
            browser.findElement(By.id("acceptForm:owner")).sendKeys("Patti Fernandez");
            browser.findElement(By.id("acceptForm:reason")).sendKeys("Rebranding in January; the old logo is gone");
            browser.findElement(By.id("acceptForm:accept")).click();
            waitFor(browser).until(driver -> "ACCEPTED".equals(status(driver, "branding")));
            assertTrue(row(browser, "branding").getText().contains("Patti Fernandez"));
            assertEquals("1", browser.findElement(By.id("accepted")).getText());
            PortalPages.choose(browser, "postureForm:statusFilter", "ACCEPTED");
            waitFor(browser).until(driver -> driver.findElements(By.cssSelector(".check-status")).size() == 1);
            assertEquals("ACCEPTED", status(browser, "branding"));

            // The printable report, for the customer
            browser.get(Deployments.http().resolve("secure/report.xhtml").toString());
            assertTrue(browser.findElement(By.id("reportTitle")).getText().endsWith(NAME));
            assertEquals("ACCEPTED", browser.findElement(By.cssSelector("tr[data-check='branding'] td")).getText());
            assertEquals("SKIPPED", browser.findElement(By.cssSelector("tr[data-check='mfa-registration'] td"))
                    .getText());

            // The fleet: scan all tenants in the background, with progress; Fabrikam's row has every check
            browser.get(Deployments.http().resolve("secure/fleet.xhtml").toString());
            browser.findElement(By.id("fleetForm:scanAll")).click();
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("scanState")));
            new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(90)).until(
                    ExpectedConditions.presenceOfElementLocated(By.cssSelector("#scanState.scan-SUCCESS")));
            assertTrue(browser.findElement(By.id("scanState")).getText().contains("tenants done"),
                    browser.findElement(By.id("scanState")).getText());
            WebElement fleetRow = browser.findElement(By.xpath("//tbody[@id='fleetForm:matrix_data']/tr[.//span["
                    + "@data-tenant='" + fabrikam + "']]"));
            assertEquals("ACCEPTED", fleetRow.findElement(By.cssSelector("[data-check='branding']")).getText());
            assertTrue(browser.findElement(By.id("fleetTrend")).isDisplayed(), "the fleet's trend chart");
            assertTrue(browser.findElement(By.cssSelector(".fleet-matrix .ui-paginator-current")).getText()
                    .matches("\\d+–\\d+ of \\d+ tenants"), "the exact count of the tenants listed");

            // Accepted, Fabrikam's branding failure no longer counts as failing: the check filter leaves it out, and
            // the dashboard widget no longer lists it
            PortalPages.choose(browser, "fleetForm:matrix:checkFilter", "branding");
            waitFor(browser).until(ExpectedConditions.numberOfElementsToBe(fabrikamRow, 0));
            browser.get(Deployments.http().toString());
            assertEquals(failingBranding - 1, brandingFailures(browser), "other tenants may fail it too, Fabrikam no "
                    + "longer: " + browser.findElement(By.cssSelector(".secure-widget")).getText());

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            assertTrue(trail.contains("secure.exception.granted"), "the exception is audited");
        } finally {
            PortalEmulator.forgetConsent(DOMAIN);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }

    /** How many tenants the dashboard widget says fail the branding check (0 when it does not list it). */
    private static int brandingFailures(WebDriver browser) {
        List<WebElement> item = browser.findElements(By.cssSelector(".secure-widget .secure-top-failing "
                + "li[data-check='branding']"));
        if (item.isEmpty()) {
            return 0;
        }
        java.util.regex.Matcher count = java.util.regex.Pattern.compile(": (\\d+) tenant").matcher(item.get(0)
                .getText());
        assertTrue(count.find(), item.get(0).getText());
        return Integer.parseInt(count.group(1));
    }

    private static WebElement row(WebDriver browser, String checkId) {
        return browser.findElement(By.xpath("//tbody[@id='postureForm:checks_data']/tr[.//span[contains(@class,"
                + "'check-" + checkId + "')]]"));
    }

    private static String status(WebDriver browser, String checkId) {
        return browser.findElement(By.cssSelector(".check-" + checkId)).getText();
    }
}
