package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.removeAssignments;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.signOut;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Settings → Roles &amp; access: an owner gives a member of staff a role, who then gets in with just that role. */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class AccessUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ANALYST = "jo.lindqvist@northwind-msp.example";
    private static final String SECOND_OWNER = "dana.okafor@northwind-msp.example";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aTechnicianAssignedByTheOwnerGetsInButNotIntoAccessControl(WebDriver browser) {
        SignIn.as(browser, OWNER, "settings/access.xhtml");
        assertEquals("Roles & access · Tenantry", browser.getTitle());
        removeAssignments(browser, ANALYST);

        browser.findElement(By.id("assignButton")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("assignForm:principal"))).sendKeys(ANALYST);
        browser.findElement(By.id("assignForm:saveAssignment")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//tr[td//span[@class='assignment-principal' and text()='" + ANALYST + "']]")));
        assertTrue(row(browser, ANALYST).getText().contains("Technician"), row(browser, ANALYST).getText());

        browser.findElement(By.id("checkForm:user")).sendKeys(ANALYST);
        browser.findElement(By.id("checkForm:check")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("checkForm:checked"), "tenants:read"));
        assertEquals(List.of("tenants:read"), browser.findElements(By.cssSelector("code.checked-permission")).stream()
                .map(WebElement::getText).toList());

        signOut(browser);
        SignIn.as(browser, ANALYST, "");
        assertEquals("Dashboard · Tenantry", browser.getTitle());
        assertTrue(browser.findElements(By.cssSelector("nav#navigation a[data-nav-id='tenants']")).size() == 1,
                "tenants:read shows Tenants");
        browser.get(Deployments.http().resolve("settings/access.xhtml").toString());
        assertEquals("Not allowed · Tenantry", browser.getTitle(), "the page refuses without rbac:manage");

        signOut(browser);
        SignIn.as(browser, OWNER, "settings/access.xhtml");
        removeAssignments(browser, ANALYST);
        assertTrue(browser.findElements(By.xpath("//span[@class='assignment-principal' and text()='" + ANALYST + "']"))
                .isEmpty());
    }

    @Test
    void aRoleHeldThroughAnMspGroupLetsItsMembersIn(WebDriver browser) {
        String serviceDesk = PortalEmulator.emulator().tenant("northwind-msp.example").groups().stream()
                .filter(group -> group.path("displayName").asText().equals("Service Desk")).findFirst().orElseThrow()
                .get("id").asText();
        SignIn.as(browser, OWNER, "settings/access.xhtml");
        removeAssignments(browser, serviceDesk);

        browser.findElement(By.id("assignButton")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("assignForm:principal")));
        browser.findElement(By.xpath("//div[@id='assignForm:type']//div[normalize-space()='GROUP']")).click();
        browser.findElement(By.id("assignForm:principal")).sendKeys(serviceDesk);
        browser.findElement(By.id("assignForm:saveAssignment")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//span[@class='assignment-principal' and text()='" + serviceDesk + "']")));

        signOut(browser);
        SignIn.as(browser, ANALYST, "");
        assertEquals("Dashboard · Tenantry", browser.getTitle(), "a member of Service Desk gets in through the group");

        signOut(browser);
        SignIn.as(browser, OWNER, "settings/access.xhtml");
        removeAssignments(browser, serviceDesk);
    }

    @Test
    void grantingOwnerWaitsForASecondPersonAndTheRequesterCannotApproveIt(WebDriver browser) {
        String candidate = "robin.chen@northwind-msp.example";
        String reason = "Cover for holidays " + System.nanoTime();
        SignIn.as(browser, OWNER, "settings/access.xhtml");
        removeAssignments(browser, candidate);
        browser.navigate().refresh();
        browser.findElement(By.id("assignButton")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("assignForm:principal"))).sendKeys(candidate);
        ((JavascriptExecutor) browser).executeScript("PrimeFaces.getWidgetById('assignForm:role').selectValue('owner')");
        waitFor(browser).until(ExpectedConditions.textToBe(By.id("assignForm:role_label"), "Owner"));
        browser.findElement(By.id("assignForm:reason")).sendKeys(reason);
        browser.findElement(By.id("assignForm:saveAssignment")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "needs a second person"));
        boolean granted = !browser.findElements(
                By.xpath("//span[@class='assignment-principal' and text()='" + candidate + "']")).isEmpty();
        removeAssignments(browser, candidate);
        assertTrue(!granted, "nothing is granted before the approval");

        browser.get(Deployments.http().resolve("settings/approvals.xhtml").toString());
        assertEquals("Approvals · Tenantry", browser.getTitle());
        WebElement mine = browser.findElement(By.xpath("//tbody[@id='approvalsForm:mine_data']/tr[1]"));
        assertTrue(mine.getText().contains("Make " + candidate + " Owner"), mine.getText());
        assertTrue(mine.getText().contains("PENDING"), mine.getText());
        By waiting = By.xpath("//tbody[@id='approvalsForm:waiting_data']/tr[td[normalize-space()='" + reason + "']]");
        browser.findElement(waiting).findElement(By.cssSelector("button.approval-approve")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                "Someone other than the requester"));
        assertTrue(browser.findElement(waiting).isDisplayed(), "the request still waits");
        assertEquals(List.of(), Chromium.consoleErrors(browser));

        signOut(browser);
        SignIn.as(browser, SECOND_OWNER, "settings/approvals.xhtml");
        browser.findElement(waiting).findElement(By.cssSelector("button.approval-approve")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Approved"));
        browser.get(Deployments.http().resolve("settings/access.xhtml").toString());
        assertTrue(row(browser, candidate).getText().contains("Owner"), "granted once approved: "
                + row(browser, candidate).getText());
        removeAssignments(browser, candidate);
        assertTrue(browser.findElements(By.xpath("//span[@class='assignment-principal' and text()='" + candidate
                + "']")).isEmpty());
    }

    @Test
    void aCustomRoleIsMadeEditedAndDeletedAndItsNameIsShownAsText(WebDriver browser) {
        String name = "<b>Night shift</b> " + System.nanoTime();
        SignIn.as(browser, OWNER, "settings/access.xhtml");

        browser.findElement(By.id("accessForm:newRoleButton")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("roleForm:roleName"))).sendKeys(name);
        browser.findElement(By.id("roleForm:roleDescription")).sendKeys("Out-of-hours cover");
        permission(browser, "tenants:read").click();
        browser.findElement(By.id("roleForm:saveRole")).click();
        By role = By.xpath("//tr[td//span[contains(@class, 'role-name') and text()='" + name + "']]");
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(role));
        assertTrue(browser.findElements(By.xpath("//tbody[@id='accessForm:roles_data']//b")).isEmpty(),
                "the name is text, not markup");
        assertEquals(List.of("tenants:read"), browser.findElement(role)
                .findElements(By.cssSelector("code.role-permission")).stream().map(WebElement::getText).toList());

        settle(browser);
        browser.findElement(role).findElement(By.cssSelector("button.edit-role")).click();
        waitFor(browser).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(By.id("roleForm:roleName"), "value", name));
        settle(browser);
        permission(browser, "audit:read").click();
        browser.findElement(By.id("roleForm:saveRole")).click();
        waitFor(browser).ignoring(StaleElementReferenceException.class).until(driver -> driver.findElement(role)
                .findElements(By.cssSelector("code.role-permission")).size() == 2);

        settle(browser);
        browser.findElement(role).findElement(By.cssSelector("button.delete-role")).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("accessForm:confirmYes"))).click();
        waitFor(browser).until(ExpectedConditions.invisibilityOfElementLocated(role));
        assertEquals(List.of(), Chromium.consoleErrors(browser));
    }

    private static WebElement permission(WebDriver browser, String permission) {
        WebElement label = browser.findElement(By.xpath("//*[@id='roleForm:rolePermissions']//label[normalize-space()='"
                + permission + "']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", label);
        return label;
    }

    private static WebElement row(WebDriver browser, String principal) {
        return browser.findElement(By.xpath("//tr[td//span[@class='assignment-principal' and text()='" + principal + "']]"));
    }
}
