package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.ConsentPages.signInAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.pickTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.ConsentPages;
import dev.tenantry.it.browser.SignIn;
import java.time.Duration;
import java.nio.file.Path;
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
        Path jar = Deployments.dropHelloPlugin();
        PortalEmulator.forgetConsent(DOMAIN);
        // Access tokens that live under five minutes: MSAL redeems the refresh token at every use
        PortalEmulator.emulator().accessTokenLifetime(Duration.ofMinutes(4));
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "hello");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);
            assertEquals("Not connected", health(browser));
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

            // Exchange Online is a consent of its own: asked only when its feature is used, for exactly its scope
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            browser.findElement(By.id("helloForm:checkAudit")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("Exchange.Manage"));
            browser.findElement(By.id("grantForm:grant")).click();
            waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("scopes")),
                    ExpectedConditions.visibilityOfElementLocated(By.id("username"))));
            if (!browser.findElements(By.id("username")).isEmpty()) {
                signInAtProvider(browser, CUSTOMER_ADMIN);
            }
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("scopes")));
            java.util.Set<String> exchangeScopes = browser.findElements(By.cssSelector("#scopes li")).stream()
                    .map(item -> item.getAttribute("data-scope")).collect(java.util.stream.Collectors.toSet());
            assertTrue(exchangeScopes.stream().anyMatch(scope -> scope.endsWith("Exchange.Manage"))
                    && exchangeScopes.stream().noneMatch(scope -> scope.contains("Organization.Read.All")),
                    "one resource per request, exactly what is missing: " + exchangeScopes);
            browser.findElement(By.id("accept")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Hello · Tenantry"));
            browser.findElement(By.id("helloForm:checkAudit")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("helloForm:auditLog"),
                    "on"));
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("helloForm:organisation"),
                    "Contoso"));

            assertEquals("Granted, not verified", health(browser), "the tenants list shows the tenant's consent "
                    + "health, not calling it verified from what Tenantry holds");

            // Settings -> Consent shows the connection and the scope set granted, from what the tenant answered
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            String connections = browser.findElement(By.id("connections")).getText();
            assertTrue(connections.contains("DELEGATED") && connections.contains("CONNECTED")
                    && connections.contains(CUSTOMER_ADMIN) && connections.contains("Organization.Read.All"),
                    connections);
            assertTrue(browser.findElement(By.id("scopeSets")).getText().contains("hello.profile"));
            String history = browser.findElement(By.id("history")).getText();
            assertTrue(history.contains("consent.prompt") && history.contains("consent.granted")
                    && history.contains(CUSTOMER_ADMIN), "the tenant's consent history: " + history);
            assertEquals("granted", browser.findElement(By.cssSelector("#scopeSets .scope-set-state")).getText());

            // The customer revokes the account's sessions: the next use parks the connection, once, and the feature
            // shows the consent card to sign in again instead of failing
            var contoso = PortalEmulator.emulator().tenant(DOMAIN);
            PortalEmulator.emulator().revokeSessions(contoso.users().stream()
                    .filter(user -> CUSTOMER_ADMIN.equals(user.userPrincipalName())).findFirst().orElseThrow());
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            assertTrue(browser.findElement(By.id("consentReason")).getText().contains("must sign in again"),
                    browser.findElement(By.id("consentReason")).getText());
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            assertTrue(browser.findElement(By.id("connections")).getText().contains("NEEDS_REAUTHENTICATION"));
            assertEquals("Sign in again", health(browser));
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());

            // "Grant everything recommended" signs the account in again for all that is missing, and comes back here
            browser.findElement(By.id("grantAllForm:grantAll")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                    .sendKeys(CUSTOMER_ADMIN);
            browser.findElement(By.id("password")).sendKeys(PortalEmulator.PASSWORD);
            browser.findElement(By.id("signIn")).click();
            waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.titleIs("Consent · Tenantry"),
                    ExpectedConditions.presenceOfElementLocated(By.id("accept"))));
            if (!browser.findElements(By.id("accept")).isEmpty()) {
                browser.findElement(By.id("accept")).click();
                waitFor(browser).until(ExpectedConditions.titleIs("Consent · Tenantry"));
            }
            assertTrue(browser.findElement(By.id("connections")).getText().contains("CONNECTED")
                    && !browser.findElement(By.id("connections")).getText().contains("NEEDS_REAUTHENTICATION"));
            // Both resources were asked again, one request each: Microsoft Graph first, then Exchange Online
            if (!browser.findElements(By.id("grantAllForm:grantAll")).isEmpty()) {
                grantAtProvider(browser, By.id("grantAllForm:grantAll"), CUSTOMER_ADMIN, "Consent · Tenantry");
            }
            assertTrue(browser.findElements(By.id("grantAllForm:grantAll")).isEmpty(), "nothing left to grant");

            // A consent card for a tenant that is not Tenantry's, or not the user's, offers nothing
            browser.get(Deployments.http().resolve("consent/required.xhtml?tenant=00000000-0000-4000-8000-00000000"
                    + "0000&scopeSet=hello.profile").toString());
            assertTrue(browser.findElement(By.id("consentUnknown")).isDisplayed());
            assertTrue(browser.findElements(By.id("grantForm:grant")).isEmpty());

            // A consent answer that this portal did not start is refused
            browser.get(Deployments.http().resolve("consent/callback?state=forged&code=stolen").toString());
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("consentOutcome")));
            assertTrue(browser.findElement(By.id("consentOutcome")).getText().contains("was refused"));

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"consent.prompt", "consent.granted", "consent.state-rejected",
                    "consent.connection-needs-reauthentication"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
        } finally {
            PortalEmulator.emulator().accessTokenLifetime(Duration.ofMinutes(60));
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }

    @Test
    void whatOnlyTheCustomersAdministratorCanGrantGoesToThemThroughARequest(WebDriver browser) throws Exception {
        String domain = "adatum.example";
        String name = "Adatum (admin)";
        Path jar = Deployments.dropHelloPlugin();
        PortalEmulator.forgetConsent(domain);
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "hello");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, domain);
            addTenant(browser, domain, name);
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            pickTenant(browser, name);
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));

            // An account without an administrator role cannot grant Organization.Read.All
            browser.findElement(By.id("grantForm:grant")).click();
            signInAtProvider(browser, "lynne.robbins@adatum.example");
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("returnToApp"))).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("consentOutcome")));
            assertTrue(browser.findElement(By.id("consentOutcome")).getText().contains("administrator"));
            browser.findElement(By.id("askForm:ask")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Request filed"));

            // Staff with consent management make the admin-consent link for the customer's Global Administrator
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            By state = By.cssSelector("#requestsForm\\:requests .request-state");
            assertEquals("OPEN", browser.findElement(state).getText());
            // ... by mail, through the notification queue ...
            browser.findElement(By.id("requestsForm:mailTo")).sendKeys("nestor.wilke@adatum.example");
            browser.findElement(By.cssSelector("#requestsForm\\:requests button.admin-link-mail")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "queued for nestor.wilke@adatum.example"));
            browser.get(Deployments.http().resolve("settings/notifications.xhtml").toString());
            assertTrue(browser.findElement(By.tagName("main")).getText().contains("nestor.wilke@adatum.example"),
                    "the mail is in the delivery log");
            // ... or to copy (a fresh link: the mailed one stops working)
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            browser.findElement(By.cssSelector("#requestsForm\\:requests button.admin-link")).click();
            String link = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("requestsForm:adminLink"))).getAttribute("value");
            assertTrue(link.contains("/adminconsent?") && link.contains("Organization.Read.All"), link);

            // The administrator opens it in a browser of their own: no Tenantry session, no earlier sign-in
            browser.manage().deleteAllCookies();
            browser.get(link);
            signInAtProvider(browser, "nestor.wilke@adatum.example");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("accept"))).click();
            assertTrue(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("adminConsentResult"))).getText().startsWith("Thank you"));
            browser.get(Deployments.http().resolve("consent/admin-callback?admin_consent=True&state=forged")
                    .toString());
            assertTrue(browser.findElement(By.id("adminConsentResult")).getText().contains("not valid"),
                    "a forged answer records nothing");

            // Back at the MSP: the request is granted, and the account without a role now connects without asking
            SignIn.as(browser, OWNER, "hello/index.xhtml");
            pickTenant(browser, name);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            assertEquals("GRANTED", browser.findElement(state).getText());
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            browser.findElement(By.id("grantForm:grant")).click();
            signInAtProvider(browser, "lynne.robbins@adatum.example");
            waitFor(browser).until(ExpectedConditions.titleIs("Hello · Tenantry"));
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("helloForm:organisation"),
                    "Adatum"));
        } finally {
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, domain);
        }
    }

    /** The consent health the tenants list shows for the test tenant. */
    private static String health(WebDriver browser) {
        return ConsentPages.health(browser, "(consent)", DOMAIN);
    }
}
