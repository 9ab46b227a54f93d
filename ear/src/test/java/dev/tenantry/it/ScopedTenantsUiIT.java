package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.removeAssignments;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.signOut;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A member of staff whose role covers one customer tenant signs in through the emulator and sees that tenant only: in
 * the tenants list and in the tenant picker, with nothing to add or remove.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class ScopedTenantsUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String TECHNICIAN = "robin.chen@northwind-msp.example";
    private static final String MINE = "Contoso (scoped test)";
    private static final String FOREIGN = "Fabrikam (scoped test)";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aTechnicianOnOneTenantSeesThatTenantOnly(WebDriver browser) {
        SignIn.as(browser, OWNER, "tenants/index.xhtml");
        removeTenant(browser, "contoso.example");
        removeTenant(browser, "fabrikam.example");
        addTenant(browser, "contoso.example", MINE);
        addTenant(browser, "fabrikam.example", FOREIGN);
        try {
            browser.get(Deployments.http().resolve("settings/access.xhtml").toString());
            removeAssignments(browser, TECHNICIAN);
            browser.findElement(By.id("assignButton")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("assignForm:principal")))
                    .sendKeys(TECHNICIAN);
            browser.findElement(By.xpath("//*[@id='assignForm:scope']//label[normalize-space()='Only these tenants']"))
                    .click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("assignForm:tenants"))).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//div[@id='assignForm:tenants_panel']//li[.//label[text()='" + MINE + "']]//div[contains(@class,'ui-chkbox-box')]")))
                    .click();
            browser.findElement(By.xpath(
                    "//div[@id='assignForm:tenants_panel']//a[contains(@class,'ui-selectcheckboxmenu-close')]")).click();
            waitFor(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.id("assignForm:tenants_panel")));
            browser.findElement(By.id("assignForm:saveAssignment")).click();
            WebElement assignment = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//tr[td//span[@class='assignment-principal' and text()='" + TECHNICIAN + "']]")));
            assertTrue(assignment.getText().contains(MINE), assignment.getText());

            signOut(browser);
            SignIn.as(browser, TECHNICIAN, "tenants/index.xhtml");
            assertEquals("Tenants · Tenantry", browser.getTitle());
            settle(browser);
            String table = browser.findElement(By.id("tenantsForm:tenants_data")).getText();
            assertTrue(table.contains("contoso.example"), table);
            assertFalse(table.contains("fabrikam.example"), "a tenant outside the assignment is not listed: " + table);
            assertEquals(1, browser.findElements(By.cssSelector("#tenantsForm\\:tenants_data tr[data-ri]")).size());
            assertTrue(browser.findElements(By.id("addTenantButton")).isEmpty(), "no tenants:manage, no Add button");
            assertTrue(browser.findElements(By.xpath("//button[normalize-space()='Remove']")).isEmpty());
            assertEquals(List.of(MINE), pickerChoices(browser), "the tenant picker offers the covered tenant only");
            assertEquals(List.of(), Chromium.consoleErrors(browser));
        } finally {
            browser.get(Deployments.http().resolve("").toString());
            signOut(browser);
            SignIn.as(browser, OWNER, "settings/access.xhtml");
            removeAssignments(browser, TECHNICIAN);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, "contoso.example");
            removeTenant(browser, "fabrikam.example");
        }
    }

    private static List<String> pickerChoices(WebDriver browser) {
        return dev.tenantry.it.browser.PortalPages.pickerChoices(browser);
    }
}
