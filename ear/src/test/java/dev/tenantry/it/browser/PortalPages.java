package dev.tenantry.it.browser;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What several browser tests do on the portal's own pages: wait, sign out, and put data back as it was. */
public final class PortalPages {

    private PortalPages() {
    }

    /**
     * Waits up to 20 s; an element that went stale while a condition read it (the page was being replaced) makes the
     * wait look again rather than fail.
     */
    public static WebDriverWait waitFor(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Waits until PrimeFaces has no AJAX request under way, so what is shown is not about to be replaced. */
    public static void settle(WebDriver browser) {
        waitFor(browser).until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return !!(window.PrimeFaces && PrimeFaces.ajax.Queue.isEmpty())")));
    }

    /** Signs out through the top bar and waits for the signed-out page; does nothing when nobody is signed in. */
    public static void signOut(WebDriver browser) {
        List<WebElement> button = browser.findElements(By.id("signOut"));
        if (button.isEmpty()) {
            return;
        }
        button.get(0).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("signedOut")));
    }

    /** On the tenants page: removes the tenant with {@code domain}, confirming, if it is listed. */
    public static void removeTenant(WebDriver browser, String domain) {
        settle(browser);
        By remove = By.xpath("//tr[td[normalize-space()='" + domain + "']]//button[normalize-space()='Remove']");
        if (browser.findElements(remove).isEmpty()) {
            return;
        }
        browser.findElement(remove).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("tenantsForm:confirmYes"))).click();
        waitFor(browser).until(ExpectedConditions.invisibilityOfElementLocated(
                By.xpath("//tr[td[normalize-space()='" + domain + "']]")));
    }

    /** On Settings → Roles &amp; access: assigns {@code principal} (a user) the Technician role for all tenants. */
    public static void assignTechnician(WebDriver browser, String principal) {
        browser.findElement(By.id("assignButton")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("assignForm:principal")))
                .sendKeys(principal);
        browser.findElement(By.id("assignForm:saveAssignment")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//span[@class='assignment-principal' and text()='" + principal + "']")));
    }

    /** On Settings → Roles &amp; access: removes every assignment of {@code principal}, confirming each. */
    public static void removeAssignments(WebDriver browser, String principal) {
        By remove = By.xpath("//tr[td//span[@class='assignment-principal' and text()='" + principal
                + "']]//button[normalize-space()='Remove']");
        while (!browser.findElements(remove).isEmpty()) {
            int before = browser.findElements(remove).size();
            browser.findElement(remove).click();
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("accessForm:confirmYes"))).click();
            waitFor(browser).until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                    "return PrimeFaces.ajax.Queue.isEmpty()")) && driver.findElements(remove).size() < before);
        }
    }

    /** On the tenants page: adds the tenant with {@code domain} under {@code name} and waits for its row. */
    public static void addTenant(WebDriver browser, String domain, String name) {
        browser.findElement(By.id("addTenantButton")).click();
        WebElement field = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("addForm:domain")));
        field.clear();
        field.sendKeys(domain);
        WebElement nameField = browser.findElement(By.id("addForm:name"));
        nameField.clear();
        nameField.sendKeys(name);
        browser.findElement(By.id("addForm:saveTenant")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//tr[td[normalize-space()='" + domain + "']]")));
        waitFor(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.id("addTenantDialog")));
        settle(browser);
    }

    /**
     * In the top bar: chooses the tenant listed as {@code name}, and reloads the page until the server has it.
     */
    public static void pickTenant(WebDriver browser, String name) {
        settle(browser);
        WebElement input = browser.findElement(By.id("tenantPicker:tenant_input"));
        input.clear();
        input.sendKeys(name);
        By item = By.xpath("//li[contains(@class,'ui-autocomplete-item') and @data-item-label="
                + xpathLiteral(name) + "]");
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(item)).click();
        waitFor(browser).until(driver -> {
            driver.navigate().refresh();
            return name.equals(driver.findElement(By.id("tenantPicker:tenant_input")).getAttribute("value"));
        });
    }

    /** The tenants the top bar's picker offers when its list is opened with nothing typed. */
    public static java.util.List<String> pickerChoices(WebDriver browser) {
        settle(browser);
        browser.findElement(By.cssSelector("#tenantPicker\\:tenant .ui-autocomplete-dropdown")).click();
        By items = By.cssSelector("#tenantPicker\\:tenant_panel li.ui-autocomplete-item");
        waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(items),
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                        "#tenantPicker\\:tenant_panel .ui-autocomplete-empty-message"))));
        java.util.List<String> labels = browser.findElements(items).stream()
                .map(element -> element.getAttribute("data-item-label")).toList();
        browser.findElement(By.id("tenantPicker:tenant_input")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        return labels;
    }

    private static String xpathLiteral(String text) {
        return text.contains("'") ? "concat('" + text.replace("'", "',\"'\",'") + "')" : "'" + text + "'";
    }

    /**
     * Chooses the item labelled {@code label} of the PrimeFaces select menu {@code menuId} through its widget (a click
     * on the list may land while it opens or scrolls), as a user's choice: its change behaviours run.
     */
    public static void choose(WebDriver browser, String menuId, String label) {
        settle(browser);
        Object chosen = ((JavascriptExecutor) browser).executeScript(
                "const option = Array.from(document.getElementById(arguments[0] + '_input').options)"
                        + ".find(o => o.textContent.trim() === arguments[1]);"
                        + "if (!option) { return false; }"
                        + "const menu = PrimeFaces.getWidgetById(arguments[0]);"
                        + "menu.selectValue(option.value); menu.triggerChange();"
                        + "return true;",
                menuId, label);
        if (!Boolean.TRUE.equals(chosen)) {
            throw new IllegalStateException("The menu " + menuId + " does not offer " + label);
        }
        waitFor(browser).until(ExpectedConditions.textToBe(By.id(menuId + "_label"), label));
        settle(browser);
    }

    /**
     * On Settings → Plugins: scans the plugins folder and approves (or enables) plugin {@code id} until it runs;
     * returns the locator of its row.
     */
    public static By runPlugin(WebDriver browser, String id) {
        rescan(browser);
        By row = By.xpath("//tbody[@id='pluginsForm:plugins_data']/tr[td//code[text()='" + id + "']]");
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "scanned"));
        settle(browser);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(row));
        if (!browser.findElement(row).getText().contains("RUNNING")) {
            browser.findElement(row).findElement(By.cssSelector("button.approve-plugin, button.enable-plugin"))
                    .click();
            if (!browser.findElements(By.id("pluginsForm:confirmYes")).isEmpty()
                    && browser.findElement(By.id("pluginsForm:confirmYes")).isDisplayed()) {
                browser.findElement(By.id("pluginsForm:confirmYes")).click();
            }
            waitFor(browser).until(driver -> driver.findElement(row).getText().contains("RUNNING")
                    || driver.findElement(By.id("messages")).getText().contains("second Owner"));
            if (!browser.findElement(row).getText().contains("RUNNING")) {
                secondOwnerApproves(browser, id);
                waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(row));
                waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(row, "RUNNING"));
            }
        }
        return row;
    }

    /** The two Owners of the demo installation: a new plugin needs both. */
    public static final List<String> OWNERS = List.of("alex.morgan@northwind-msp.example",
            "dana.okafor@northwind-msp.example");

    /**
     * The other Owner approves the waiting approval of plugin {@code id} on Settings → Approvals; then the Owner who
     * asked is signed in again on Settings → Plugins.
     */
    public static void secondOwnerApproves(WebDriver browser, String id) {
        String asked = browser.findElement(By.id("currentUser")).getText().strip();
        String other = OWNERS.stream().filter(owner -> !owner.equalsIgnoreCase(asked)).findFirst().orElseThrow();
        signOut(browser);
        SignIn.as(browser, other, "settings/approvals.xhtml");
        By waiting = By.xpath("//tbody[@id='approvalsForm:waiting_data']/tr[contains(., 'Approve plugin " + id + " ')]");
        settle(browser);
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(waiting))
                .findElement(By.cssSelector("button.approval-approve")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Approved: "));
        signOut(browser);
        SignIn.as(browser, asked, "settings/plugins.xhtml");
    }

    /**
     * On Settings → Plugins: presses Scan plugins folder once the page is ready (right after signing in on a cold
     * server the page may still be loading PrimeFaces, and a click then is lost).
     */
    public static void rescan(WebDriver browser) {
        settle(browser);
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("rescanButton"))).click();
    }

    /** Deletes a plugin jar and, when the page is there for the user, rescans so that the plugin stops. */
    public static void uninstall(WebDriver browser, java.nio.file.Path jar) throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(jar);
        browser.get(dev.tenantry.it.Deployments.http().resolve("settings/plugins.xhtml").toString());
        if (!browser.findElements(By.id("rescanButton")).isEmpty()) {
            browser.findElement(By.id("rescanButton")).click();
            settle(browser);
        }
    }
}
