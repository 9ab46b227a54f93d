package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.choose;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import dev.tenantry.it.plugin.PluginJarWriter;
import java.nio.file.Files;
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
 * A plugin's tenant action on the tenants page: chosen for selected tenants, its declared parameters asked in a form,
 * run at once in one tenant, sent to a second person when it reaches several.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class TenantActionsUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ID = "it-actions";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void anActionRunsInOneTenantAndWaitsForApprovalAcrossTwo(WebDriver browser) throws Exception {
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        Path jar = PluginJarWriter.write(folder, "it-actions-ui.jar", ID, "1.0.0", ">=1.0.0", null,
                PluginJarWriter.manifest(ID, "User.Read"), java.util.Map.of(), java.util.Map.of(
                        "extension:dev.tenantry.it.plugin.fixtures.NoteAction", ""));
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, ID);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            for (String domain : List.of("contoso.example", "fabrikam.example")) {
                removeTenant(browser, domain);
            }
            addTenant(browser, "contoso.example", "Contoso (actions)");
            addTenant(browser, "fabrikam.example", "Fabrikam (actions)");
            browser.navigate().refresh();
            browser.findElement(By.id("tenantsForm:tenants:globalFilter")).sendKeys("(actions)");
            waitFor(browser).until(driver -> driver.findElements(By.cssSelector("#tenantsForm\\:tenants_data > tr"))
                    .size() == 2);
            settle(browser);

            assertFalse(browser.findElements(By.id("tenantsForm:tenants:action")).isEmpty(), "the action is offered");
            select(browser, "contoso.example");
            chooseAction(browser, "Note");
            assertEquals("Note", browser.findElement(By.id("actionLabel")).getText());
            assertEquals("In: Contoso (actions)", browser.findElement(By.id("actionTenants")).getText());
            List<WebElement> fields = browser.findElements(By.cssSelector("#actionForm input.action-parameter"));
            assertEquals(2, fields.size(), "the two parameters the action declares");
            browser.findElement(By.id("actionForm:runAction")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Note is required"));
            settle(browser);
            browser.findElements(By.cssSelector("#actionForm input.action-parameter")).get(0)
                    .sendKeys("hello from the browser");
            browser.findElement(By.id("actionForm:runAction")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("actionForm:actionResults"),
                    "noted hello from the browser"));
            assertTrue(browser.findElement(By.id("actionForm:actionResults")).getText().contains("Contoso (actions)"));
            browser.findElement(By.cssSelector("#tenantActionDialog .ui-dialog-titlebar-close")).click();

            select(browser, "fabrikam.example");
            chooseAction(browser, "Note");
            assertEquals("In: Contoso (actions), Fabrikam (actions)",
                    browser.findElement(By.id("actionTenants")).getText());
            browser.findElements(By.cssSelector("#actionForm input.action-parameter")).get(0).sendKeys("both");
            browser.findElement(By.id("actionForm:reason")).sendKeys("Quarterly note");
            browser.findElement(By.id("actionForm:runAction")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("actionForm:actionWaiting")));
            assertTrue(browser.findElement(By.id("messages")).getText().contains("second person's approval"));
        } finally {
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, "contoso.example");
            removeTenant(browser, "fabrikam.example");
        }
    }

    @Test
    void workStartedByAnActionShowsItsProgressOnTheActivityPage(WebDriver browser) throws Exception {
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        Path jar = PluginJarWriter.write(folder, "it-services-ui.jar", "it-services", "1.0.0", ">=1.0.0", null,
                PluginJarWriter.manifest("it-services", "User.Read"), java.util.Map.of(), java.util.Map.of(
                        "extension:dev.tenantry.it.plugin.fixtures.MessengerAction", ""));
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "it-services");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, "adatum.example");
            addTenant(browser, "adatum.example", "Adatum (work)");
            browser.navigate().refresh();
            browser.findElement(By.id("tenantsForm:tenants:globalFilter")).sendKeys("(work)");
            waitFor(browser).until(driver -> driver.findElements(By.cssSelector("#tenantsForm\\:tenants_data > tr"))
                    .size() == 1);
            settle(browser);
            select(browser, "adatum.example");
            chooseAction(browser, "Send");
            choose(browser, browser.findElement(By.cssSelector("#actionForm .ui-selectonemenu")).getAttribute("id"),
                    "work");
            List<WebElement> fields = browser.findElements(By.cssSelector("#actionForm input.action-parameter"));
            fields.get(3).sendKeys("8");
            fields.get(4).sendKeys("400");
            browser.findElement(By.id("actionForm:runAction")).click();
            String answered = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("actionForm:actionResults"))).getText();

            browser.get(Deployments.http().resolve("activity.xhtml").toString());
            By row = By.xpath("//tbody[@id='activityForm:work_data']/tr[td//span[@class='work-title' and "
                    + "text()='Count to 8']][1]");
            assertFalse(browser.findElements(row).isEmpty(), "the action answered: " + answered);
            assertTrue(browser.findElement(row).getText().contains("RUNNING"), "it runs in the background");
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(row, "SUCCESS"));
            assertTrue(browser.findElement(row).getText().contains("8/8 · counted 8"),
                    "the page polled until the work was done: " + browser.findElement(row).getText());
            assertEquals("100%", browser.findElement(row).findElement(By.cssSelector(".ui-progressbar-label"))
                    .getText());
        } finally {
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, "adatum.example");
        }
    }

    private static void select(WebDriver browser, String domain) {
        settle(browser);
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[td[normalize-space()='" + domain
                + "']]//td[contains(@class,'ui-selection-column')]//div[contains(@class,'ui-chkbox-box')]"))).click();
        settle(browser);
    }

    private static void chooseAction(WebDriver browser, String label) {
        choose(browser, "tenantsForm:tenants:action", label);
        browser.findElement(By.id("tenantsForm:tenants:prepareAction")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("tenantActionDialog")));
        settle(browser);
    }
}
