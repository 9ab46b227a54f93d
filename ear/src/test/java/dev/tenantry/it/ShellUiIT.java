package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
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

/** The portal shell in a real browser, signed in as an owner: template, navigation, tenant picker, Settings. */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class ShellUiIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    private static final String OWNER = "alex.morgan@northwind-msp.example";

    @Test
    void dashboardShowsTheShell(WebDriver browser) {
        SignIn.as(browser, OWNER, "");

        assertEquals("Dashboard · Tenantry", browser.getTitle());
        assertEquals("Dashboard", browser.findElement(By.cssSelector("main h1")).getText());
        assertEquals("Tenantry", browser.findElement(By.cssSelector(".portal-brand-name")).getText());
        assertEquals(OWNER, browser.findElement(By.id("currentUser")).getText());
        assertTrue(browser.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href").contains("favicon.svg"));

        List<WebElement> entries = browser.findElements(By.cssSelector("nav#navigation a[data-nav-id]"));
        assertEquals(List.of("dashboard", "tenants", "activity", "settings"),
                entries.stream().map(entry -> entry.getAttribute("data-nav-id")).toList());
        assertEquals("page", entries.get(0).getAttribute("aria-current"));
        assertEquals("false", entries.get(2).getAttribute("aria-current"));

        WebElement picker = browser.findElement(By.cssSelector(".portal-tenant-picker .ui-autocomplete input"));
        String pickerLabel = picker.getAttribute("placeholder");
        assertTrue(List.of("No customer tenants yet", "All tenants").contains(pickerLabel), pickerLabel);
        assertEquals("", picker.getAttribute("value"), "no tenant chosen yet");

        assertTrue(browser.findElement(By.id("widgets")).getText().contains("No installed plugin provides one yet"));
        assertEquals(System.getProperty("tenantry.version"), browser.findElement(By.id("version")).getText());
        assertEquals("Reachable", browser.findElement(By.id("database")).getText());
        assertEquals(List.of(), Chromium.consoleErrors(browser));
    }

    @Test
    void settingsEntryOpensSettingsAndBecomesCurrent(WebDriver browser) {
        SignIn.as(browser, OWNER, "");

        browser.findElement(By.cssSelector("nav#navigation a[data-nav-id='settings']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleIs("Settings · Tenantry"));

        assertTrue(browser.getCurrentUrl().endsWith("/settings/index.xhtml"), browser.getCurrentUrl());
        assertEquals("page", browser.findElement(By.cssSelector("nav#navigation a[data-nav-id='settings']"))
                .getAttribute("aria-current"));
        String about = browser.findElement(By.id("about")).getText();
        assertTrue(about.contains("About this installation"), about);
        assertEquals(System.getProperty("tenantry.version"), browser.findElement(By.id("aboutVersion")).getText());
        assertTrue(about.contains(Deployments.home().getAbsolutePath()), about);
        assertFalse(about.contains("Not reachable"), about);
        assertEquals(List.of(), Chromium.consoleErrors(browser));
    }

    @Test
    void anUnknownPageAnswersWithThePortalsNotFoundPage(WebDriver browser) {
        SignIn.as(browser, OWNER, "no/such/page.xhtml");

        assertEquals("Page not found · Tenantry", browser.getTitle());
        assertEquals(OWNER, browser.findElement(By.id("currentUser")).getText());
    }
}
