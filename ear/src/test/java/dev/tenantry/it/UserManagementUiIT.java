package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.mail.SentMail;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The User Management plugin against an emulated tenant: a sync without consent says so and offers the directory
 * scope set; once granted, Contoso's users are in the table, found by the start of their name; on Adele's page a reset
 * asks the mail scope set and then the password scope set, sets a new password shown once and mails it from the
 * integration account (read back from the emulator's mail), and blocking sign-in asks its own scope set, then blocks
 * her at Microsoft; every action is in her history and in the audit log.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class UserManagementUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (users)";
    private static final String USERS = "Users · Tenantry";
    private static final String ADELE_PAGE = "Adele Vance · Tenantry";
    private static final String CONSENT = "Consent needed · Tenantry";
    private static final String HOME_MAIL = "adele.home@example.org";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void contososUsersAppearAfterConsentAndAdelesPasswordIsResetMailedAndHerSignInBlocked(WebDriver browser)
            throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        DirectoryUser adele = contoso.user("adele.vance@" + DOMAIN).orElseThrow();
        Path jar = Deployments.dropUserManagementPlugin();
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "user-management");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);

            // Without consent the sync says so, and offers exactly the directory scope set
            browser.get(Deployments.http().resolve("user-management/index.xhtml").toString());
            assertEquals(USERS, browser.getTitle());
            filterTenant(browser, "Contoso (us");
            syncNow(browser);
            By grant = By.xpath("//ul[@id='syncProblems']/li[contains(@class,'sync-CONSENT_REQUIRED') and "
                    + "strong[text()='" + NAME + "']]/a[contains(@class,'grant-directory')]");
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(grant));
            browser.findElement(grant).click();
            waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
            String card = browser.findElement(By.tagName("main")).getText();
            assertTrue(card.contains("User.Read.All") && card.contains("RoleManagement.Read.Directory")
                    && !card.contains("User-PasswordProfile.ReadWrite.All"), card);
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, USERS);

            filterTenant(browser, "Contoso (us");
            syncNow(browser);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:users"),
                    "adele.vance@contoso.example"));
            String table = browser.findElement(By.id("usersForm:users")).getText();
            for (DirectoryUser user : contoso.users()) {
                assertTrue(table.contains(user.json().path("userPrincipalName").asText()), table);
            }
            assertTrue(browser.findElement(By.xpath("//tr[td//span[@class='user-upn' and text()='" + ADMIN
                    + "']]")).getText().contains("Global Administrator"), "administrators show their roles");

            browser.findElement(By.id("usersForm:nameFilter")).sendKeys("ade");
            waitFor(browser).until(driver -> driver.findElements(By.cssSelector("#usersForm\\:users a.user-link"))
                    .size() == 1);

            // Adele's page: a reset to be mailed asks the mail scope set, then the password scope set, before any
            // change
            browser.findElement(By.cssSelector("#usersForm\\:users a.user-link")).click();
            waitFor(browser).until(ExpectedConditions.titleIs(ADELE_PAGE));
            assertEquals("allowed", browser.findElement(By.id("userEnabled")).getText());
            resetPassword(browser);
            grantAsked(browser, "Mail.Send");
            resetPassword(browser);
            grantAsked(browser, "User-PasswordProfile.ReadWrite.All");
            assertTrue(adele.passwordMatches("Tenantry-Demo-2026!"), "nothing changed while consent was asked");
            PortalEmulator.emulator().requestLog().clear();
            resetPassword(browser);
            String password = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id(
                    "newPassword"))).getText();
            assertEquals(16, password.length());
            assertTrue(adele.passwordMatches(password), "Microsoft holds the password shown");
            List<SentMail> mailed = PortalEmulator.emulator().sentMailTo(HOME_MAIL);
            assertEquals(1, mailed.size(), "mailed once");
            assertEquals(ADMIN, mailed.get(0).from(), "from the tenant's integration account");
            assertTrue(mailed.get(0).body().contains(password));
            browser.navigate().refresh();
            waitFor(browser).until(ExpectedConditions.titleIs(ADELE_PAGE));
            assertTrue(browser.findElements(By.id("newPassword")).isEmpty(), "shown once");
            assertFalse(browser.getPageSource().contains(password), "nowhere on the page again");

            // Blocking sign-in asks its own scope set, then blocks her at Microsoft
            browser.findElement(By.id("actionsForm:blockSignIn")).click();
            grantAsked(browser, "User.EnableDisableAccount.All");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("actionsForm:blockSignIn")))
                    .click();
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("userEnabled"), "blocked"));
            assertFalse(adele.accountEnabled());
            String history = browser.findElement(By.id("actionsForm:history")).getText();
            assertTrue(history.contains("block-sign-in") && history.contains("reset-password")
                    && history.contains("mail-password") && !history.contains(password), history);

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"user-management.reset-password", "user-management.mail-password",
                    "user-management.block-sign-in"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
            assertFalse(trail.contains(password));
        } finally {
            adele.json().put("accountEnabled", true);
            PortalEmulator.emulator().directory().setPassword(adele, "Tenantry-Demo-2026!");
            PortalEmulator.forgetConsent(DOMAIN);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }

    /** Picks the tenant in the users table's tenant filter. */
    private static void filterTenant(WebDriver browser, String typed) {
        settle(browser);
        WebElement input = browser.findElement(By.id("usersForm:tenantFilter_input"));
        input.clear();
        input.sendKeys(typed);
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//li[contains(@class,'ui-autocomplete-item') and @data-item-label='" + NAME + "']"))).click();
        settle(browser);
    }

    /** Clicks Sync now and waits until the sync ended and the page drew its outcome. */
    private static void syncNow(WebDriver browser) {
        List<WebElement> before = browser.findElements(By.id("syncState"));
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("usersForm:syncNow"))).click();
        if (!before.isEmpty()) {
            waitFor(browser).until(ExpectedConditions.stalenessOf(before.get(0)));
        }
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException
                .class).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#syncState:not(.sync-state-RUNNING)")));
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("usersForm:syncNow")));
    }

    /** Reset password, to be mailed home, confirmed. */
    private static void resetPassword(WebDriver browser) {
        WebElement mailTo = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id(
                "actionsForm:mailTo")));
        mailTo.clear();
        mailTo.sendKeys(HOME_MAIL);
        browser.findElement(By.id("actionsForm:resetPassword")).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                ".ui-confirmdialog-yes"))).click();
    }

    /** The action asked for its scope set: grant exactly that at Microsoft and come back to Adele's page. */
    private static void grantAsked(WebDriver browser, String permission) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("actionsForm:grantAction"))).click();
        waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
        String card = browser.findElement(By.tagName("main")).getText();
        assertTrue(card.contains(permission), card);
        grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, ADELE_PAGE);
    }
}
