package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
 * Secure and Threat Alerts share two permissions (LicenseAssignment.Read.All, AuditLog.Read.All) and nothing else:
 * once Secure's posture scope set is granted in a tenant, Threat Alerts' detections card shows the shared permission as
 * granted and its Grant asks Microsoft for exactly the two that are missing; its sign-ins scope set, wholly covered by
 * Secure's grant, asks for nothing.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class PluginsConsentDifferenceUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (two plugins)";
    private static final String INBOX = "Threat Alerts · Tenantry";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void thePluginThatComesSecondIsAskedOnlyForItsDifference(WebDriver browser) throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        Path secure = Deployments.dropSecurePlugin();
        Path threats = Deployments.dropThreatAlertsPlugin();
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "secure");
            runPlugin(browser, "threat-alerts");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);

            openCard(browser, contoso, "secure.posture");
            assertTrue(states(browser).values().stream().allMatch("missing"::equals), states(browser).toString());
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, INBOX);

            openCard(browser, contoso, "threat-alerts.detections");
            assertEquals(Map.of("IdentityRiskEvent.Read.All", "missing", "IdentityRiskyUser.Read.All", "missing",
                    "LicenseAssignment.Read.All", "granted"), states(browser));
            PortalEmulator.emulator().requestLog().clear();
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, INBOX);
            List<RequestLog.Entry> authorizations = PortalEmulator.emulator().requestLog()
                    .matching(entry -> entry.path().endsWith("/oauth2/v2.0/authorize"));
            String query = URLDecoder.decode(authorizations.get(0).query(), StandardCharsets.UTF_8);
            Set<String> asked = Arrays.stream(query.replaceAll("(?s).*(^|&)scope=([^&]*).*", "$2").split(" "))
                    .map(scope -> scope.substring(scope.lastIndexOf('/') + 1)).collect(Collectors.toSet());
            assertTrue(asked.containsAll(Set.of("IdentityRiskEvent.Read.All", "IdentityRiskyUser.Read.All")),
                    asked.toString());
            assertFalse(asked.contains("LicenseAssignment.Read.All") || asked.contains("Policy.Read.All")
                    || asked.contains("AuditLog.Read.All"), "only the difference is asked: " + asked);

            openCard(browser, contoso, "threat-alerts.sign-ins");
            assertEquals(Map.of("AuditLog.Read.All", "granted"), states(browser));
            assertTrue(browser.findElements(By.id("grantForm:grant")).isEmpty(), "nothing left to ask");
        } finally {
            PortalEmulator.forgetConsent(DOMAIN);
            uninstall(browser, threats);
            uninstall(browser, secure);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }

    private static void openCard(WebDriver browser, Tenant tenant, String scopeSet) {
        browser.get(Deployments.http().resolve("consent/required.xhtml?tenant=" + tenant.id() + "&scopeSet="
                + scopeSet + "&from=/threat-alerts/index.xhtml").toString());
        waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
    }

    /** Each permission of the card with its state (missing or granted). */
    private static Map<String, String> states(WebDriver browser) {
        return browser.findElements(By.cssSelector("#consentPermissions tbody tr")).stream()
                .collect(Collectors.toMap(row -> row.findElement(By.tagName("code")).getText(),
                        PluginsConsentDifferenceUiIT::state));
    }

    private static String state(WebElement row) {
        List<WebElement> cells = row.findElements(By.tagName("td"));
        return cells.get(cells.size() - 1).getText().strip();
    }
}
