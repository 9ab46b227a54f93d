package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.pickTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Incremental consent end to end, through the emulator's sign-in and consent pages: a plugin's Graph call without
 * consent shows the consent card, Grant asks the customer's administrator for exactly that scope set, and back in the
 * portal the same call reads the tenant through Microsoft Graph. A forged consent answer is refused.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class ConsentUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String CUSTOMER_ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (consent)";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aFeatureWithoutConsentAsksForExactlyItsScopeSetAndWorksOnceGranted(WebDriver browser) throws Exception {
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        Path jar = Files.copy(Path.of(System.getProperty("tenantry.it.hello-plugin")),
                folder.resolve("hello-plugin-1.0.0.jar"), StandardCopyOption.REPLACE_EXISTING);
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "hello");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            pickTenant(browser, NAME);

            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            browser.findElement(By.id("grantForm:grant")).click();

            // The customer's administrator signs in at the identity provider and sees exactly what is asked
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(CUSTOMER_ADMIN);
            browser.findElement(By.id("password")).sendKeys(PortalEmulator.PASSWORD);
            browser.findElement(By.id("signIn")).click();
            String asked = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("scopes")))
                    .getText();
            assertTrue(asked.contains("Read organization information"), asked);
            assertEquals(java.util.Set.of("openid", "profile", "offline_access", "Organization.Read.All"),
                    browser.findElements(By.cssSelector("#scopes li")).stream()
                            .map(item -> item.getAttribute("data-scope")).collect(java.util.stream.Collectors.toSet()),
                    "exactly the scope set's permission and what signing in takes");
            browser.findElement(By.id("accept")).click();

            waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.titleIs("Hello · Tenantry"),
                    ExpectedConditions.titleIs("Error")));
            assertEquals("Hello · Tenantry", browser.getTitle(), "back where the user was, not on an error page: "
                    + browser.findElement(By.tagName("body")).getText());
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("helloForm:organisation")));
            assertTrue(browser.findElement(By.id("helloForm:organisation")).getText().contains("Contoso"),
                    "the plugin read the organisation through Microsoft Graph: "
                            + browser.findElement(By.id("helloForm:organisation")).getText());

            // Settings -> Consent shows the connection and the scope set granted, from what the tenant answered
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            String connections = browser.findElement(By.id("connections")).getText();
            assertTrue(connections.contains("DELEGATED") && connections.contains("CONNECTED")
                    && connections.contains(CUSTOMER_ADMIN) && connections.contains("Organization.Read.All"),
                    connections);
            assertTrue(browser.findElement(By.id("scopeSets")).getText().contains("hello.profile"));
            assertEquals("granted", browser.findElement(By.cssSelector("#scopeSets .scope-set-state")).getText());

            // A consent answer that this portal did not start is refused
            browser.get(Deployments.http().resolve("consent/callback?state=forged&code=stolen").toString());
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("consentOutcome")));
            assertTrue(browser.findElement(By.id("consentOutcome")).getText().contains("was refused"));

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"consent.prompt", "consent.granted", "consent.state-rejected"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
        } finally {
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }
}
