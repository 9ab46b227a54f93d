package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An owner manages customer tenants in the browser: add by domain, search, refuse the unknown, remove with a confirmation. */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class TenantsUiIT {

    private static final String ADATUM_ID = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void anOwnerAddsATenantByDomainFindsItByTagAndRemovesIt(WebDriver browser) {
        SignIn.as(browser, "alex.morgan@northwind-msp.example", "tenants/index.xhtml");
        removeTenant(browser, "adatum.example");

        browser.findElement(By.id("addTenantButton")).click();
        WebDriverWait wait = waitFor(browser);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("addForm:domain"))).sendKeys("Adatum.example");
        browser.findElement(By.id("addForm:name")).sendKeys("Adatum <Corp>");
        browser.findElement(By.id("addForm:tags_input")).sendKeys("pilot", Keys.ENTER);
        browser.findElement(By.id("addForm:saveTenant")).click();

        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//tr[.//code[@class='tenant-id' and text()='" + ADATUM_ID + "']]")));
        assertTrue(row.getText().contains("Adatum <Corp>"), "the name is shown as text, not markup: " + row.getText());
        assertTrue(row.getText().contains("adatum.example"));
        assertTrue(row.getText().contains("pilot"));
        assertTrue(browser.findElement(By.id("messages")).getText().contains("was added"));

        search(browser, "pilot", table -> table.contains("adatum.example"));
        assertTrue(rows(browser).stream().allMatch(r -> r.getText().contains("pilot")), "only tenants tagged pilot");
        search(browser, "no-such-thing-" + System.nanoTime(), table -> table.contains("No customer tenants yet"));
        search(browser, "' or '1'='1", table -> table.contains("No customer tenants yet"));
        search(browser, "", table -> table.contains("adatum.example"));

        By adatum = By.xpath("//tr[.//code[@class='tenant-id' and text()='" + ADATUM_ID + "']]");
        browser.findElement(adatum).findElement(By.cssSelector("button.edit-tenant")).click();
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("editForm:editName")));
        wait.until(ExpectedConditions.attributeToBe(name, "value", "Adatum <Corp>"));
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Adatum Corporation");
        browser.findElement(By.id("editForm:editTags_input")).sendKeys("managed", Keys.ENTER);
        browser.findElement(By.id("editForm:editNotes")).sendKeys("Contract renews in March");
        browser.findElement(By.id("editForm:saveEdit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(adatum, "Adatum Corporation"));
        settle(browser);
        assertTrue(browser.findElement(adatum).getText().contains("managed")
                && browser.findElement(adatum).getText().contains("pilot"), browser.findElement(adatum).getText());

        removeTenant(browser, "adatum.example");
        assertTrue(browser.findElements(By.xpath("//code[text()='" + ADATUM_ID + "']")).isEmpty());
        assertEquals(List.of(), Chromium.consoleErrors(browser));
    }

    @Test
    void aDomainNoTenantAnswersForIsRefusedAndNothingIsAdded(WebDriver browser) {
        SignIn.as(browser, "alex.morgan@northwind-msp.example", "tenants/index.xhtml");
        int before = rows(browser).size();

        browser.findElement(By.id("addTenantButton")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("addForm:domain")))
                .sendKeys("nosuchtenant.example");
        browser.findElement(By.id("addForm:saveTenant")).click();

        WebElement messages = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("addForm:addMessages")));
        waitFor(browser).until(ExpectedConditions.textToBePresentInElement(messages, "No Microsoft Entra tenant answers"));
        assertTrue(browser.findElement(By.id("addTenantDialog")).isDisplayed(), "the dialog stays open with the error");
        assertEquals(before, rows(browser).size());
    }

    /** Types into the table's search box and waits until the table shows what {@code shows} expects. */
    private static void search(WebDriver browser, String text, Predicate<String> shows) {
        WebElement filter = browser.findElement(By.id("tenantsForm:tenants:globalFilter"));
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            filter.sendKeys(text);
        }
        waitFor(browser).until(driver -> shows.test(driver.findElement(By.id("tenantsForm:tenants_data")).getText()));
        settle(browser);
    }

    private static List<WebElement> rows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#tenantsForm\\:tenants_data tr[data-ri]"));
    }
}
