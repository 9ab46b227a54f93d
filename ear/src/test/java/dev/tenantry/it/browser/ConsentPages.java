package dev.tenantry.it.browser;

import static dev.tenantry.it.browser.PortalPages.waitFor;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.PortalEmulator;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The identity provider's sign-in and consent pages, and the consent health the tenants list shows. */
public final class ConsentPages {

    private ConsentPages() {
    }

    /** Signs in on the identity provider's page (after the portal or a link sent the browser there). */
    public static void signInAtProvider(WebDriver browser, String userPrincipalName) {
        org.openqa.selenium.WebElement name = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("username")));
        name.clear();
        name.sendKeys(userPrincipalName);
        browser.findElement(By.id("password")).sendKeys(PortalEmulator.PASSWORD);
        browser.findElement(By.id("signIn")).click();
    }

    /** Signs in if the identity provider asks (it may remember the account, or answer at once). */
    public static void signInIfAsked(WebDriver browser, String userPrincipalName) {
        waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("username")),
                ExpectedConditions.presenceOfElementLocated(By.id("accept")),
                ExpectedConditions.presenceOfElementLocated(By.id("adminConsentResult"))));
        if (!browser.findElements(By.id("username")).isEmpty()) {
            signInAtProvider(browser, userPrincipalName);
        }
    }

    /**
     * Clicks the portal's {@code button} that sends the browser to the identity provider, then signs in if asked and
     * accepts the consent page if one is shown (none is when everything asked is granted already), until the browser
     * is back on the page titled {@code backTitle}. It first waits for the page with the button to go, so that a
     * portal page with the same title is not taken for the way back.
     */
    public static void grantAtProvider(WebDriver browser, By button, String userPrincipalName, String backTitle) {
        org.openqa.selenium.WebElement clicked = browser.findElement(button);
        clicked.click();
        waitFor(browser).until(ExpectedConditions.stalenessOf(clicked));
        waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.titleIs(backTitle),
                ExpectedConditions.visibilityOfElementLocated(By.id("username")),
                ExpectedConditions.presenceOfElementLocated(By.id("accept"))));
        if (!browser.findElements(By.id("username")).isEmpty()) {
            signInAtProvider(browser, userPrincipalName);
            waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.titleIs(backTitle),
                    ExpectedConditions.presenceOfElementLocated(By.id("accept"))));
        }
        if (!browser.findElements(By.id("accept")).isEmpty()) {
            browser.findElement(By.id("accept")).click();
        }
        waitFor(browser).until(ExpectedConditions.titleIs(backTitle));
    }

    /** The consent health the tenants list shows for the tenant with {@code domain}, found by {@code filter}. */
    public static String health(WebDriver browser, String filter, String domain) {
        browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
        browser.findElement(By.id("tenantsForm:tenants:globalFilter")).sendKeys(filter);
        By tag = By.xpath("//tr[td[normalize-space()='" + domain + "']]//span[contains(@class,'consent-health')]");
        return waitFor(browser).ignoring(StaleElementReferenceException.class).until(driver -> {
            boolean filtered = driver.findElements(By.cssSelector("#tenantsForm\\:tenants_data > tr")).size() == 1;
            return filtered && !driver.findElements(tag).isEmpty() ? driver.findElement(tag).getText() : null;
        });
    }
}
