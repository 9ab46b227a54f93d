package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.assignTechnician;
import static dev.tenantry.it.browser.PortalPages.pickTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.removeAssignments;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.signOut;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The sample partner plugin, installed as a partner's would be: its page comes from its jar, its model gets the host's
 * services and keeps its state across AJAX postbacks, its image is served from the jar, and its page is refused to
 * staff without its permission and gone when it is disabled.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class PluginPageUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String TECHNICIAN = "jo.lindqvist@northwind-msp.example";
    private static final String TENANT_DOMAIN = "contoso.example";
    private static final String TENANT_NAME = "Contoso (Hello)";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aPartnerPluginsPageRunsInThePortalWithItsModelAndIsGuarded(WebDriver browser) throws Exception {
        Path jar = Deployments.dropHelloPlugin();
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            By row = PortalPages.runPlugin(browser, "hello");

            browser.get(Deployments.http().toString());
            assertTrue(browser.findElement(By.cssSelector(".plugin-widget .hello-widget")).getText()
                    .startsWith("Hello, Alex Morgan!"), "the plugin's widget is on the dashboard");
            browser.findElement(By.cssSelector("nav#navigation a[data-nav-id='hello.greeting']")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Hello · Tenantry"));
            assertEquals("Hello, Alex Morgan!", browser.findElement(By.id("helloForm:greeting")).getText(),
                    "the plugin's model got the signed-in user from the host");
            assertTrue(Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
                    "const img = document.getElementById('helloForm:sun'); return img.complete && img.naturalWidth > 0")),
                    "the image came from the plugin's jar");

            long before = Long.parseLong(browser.findElement(By.id("helloForm:all")).getText().replaceAll("\\D", ""));
            browser.findElement(By.id("helloForm:greet")).click();
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("helloForm:count"), "Greetings on this page: 1"));
            browser.findElement(By.id("helloForm:greet")).click();
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("helloForm:count"), "Greetings on this page: 2"));
            assertEquals("2 greetings so far", browser.findElement(By.id("helloForm:card")).getText().replaceAll("\\s+", " "),
                    "the plugin's composite component rendered, and was updated by the AJAX postback");
            assertEquals("Greetings in all: " + (before + 2), browser.findElement(By.id("helloForm:all")).getText(),
                    "the plugin kept its count in its host-provided records");
            assertEquals(List.of(), Chromium.consoleErrors(browser));
            // Microsoft Graph without consent: the host shows the consent card for exactly the plugin's scope set
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, TENANT_DOMAIN);
            addTenant(browser, TENANT_DOMAIN, TENANT_NAME);
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            pickTenant(browser, TENANT_NAME);
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            String card = browser.findElement(By.id("consentCard")).getText();
            assertTrue(card.contains("Hello · " + TENANT_NAME), card);
            assertTrue(card.contains("Organization.Read.All") && card.contains("admin consent")
                    && card.contains("Reads the organisation's display name"), card);
            assertTrue(browser.findElement(By.id("consentReason")).getText()
                    .contains("hello.profile, which the tenant has not granted: No delegated connection"));
            browser.findElement(By.id("consentBack")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Hello · Tenantry"));
            browser.get(Deployments.http().resolve("settings/plugins.xhtml").toString());
            assertTrue(browser.findElement(row).getText().contains("RUNNING"), "wanting consent is no plugin failure");

            browser.get(Deployments.http().resolve("hello/greetingCard.xhtml").toString());
            assertEquals("Page not found · Tenantry", browser.getTitle(),
                    "a component of the plugin is not a page a browser can open");

            browser.get(Deployments.http().resolve("settings/access.xhtml").toString());
            removeAssignments(browser, TECHNICIAN);
            assignTechnician(browser, TECHNICIAN);
            signOut(browser);
            SignIn.as(browser, TECHNICIAN, "hello/index.xhtml");
            assertEquals("Not allowed · Tenantry", browser.getTitle(), "a technician lacks hello:view");
            assertTrue(browser.findElements(By.cssSelector("nav#navigation a[data-nav-id='hello.greeting']")).isEmpty());
            signOut(browser);

            SignIn.as(browser, OWNER, "settings/access.xhtml");
            removeAssignments(browser, TECHNICIAN);
            browser.get(Deployments.http().resolve("settings/plugins.xhtml").toString());
            browser.findElement(row).findElement(By.cssSelector("button.disable-plugin")).click();
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("pluginsForm:confirmYes"))).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(row, "DISABLED"));
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            assertEquals("Page not found · Tenantry", browser.getTitle(), "a disabled plugin's pages are gone");
        } finally {
            PortalPages.uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, TENANT_DOMAIN);
        }
    }
}
