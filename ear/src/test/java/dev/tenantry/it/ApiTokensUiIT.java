package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** Settings → API tokens: a token is created and shown once, works against the API, and stops when revoked. */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class ApiTokensUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aTokenIsShownOnceCallsTheApiWithItsPermissionsAndStopsWhenRevoked(WebDriver browser) throws Exception {
        String name = "Nightly report " + System.nanoTime();
        SignIn.as(browser, OWNER, "settings/api-tokens.xhtml");
        assertEquals("API tokens · Tenantry", browser.getTitle());

        browser.findElement(By.id("newTokenButton")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("createForm:name"))).sendKeys(name);
        WebElement permission = browser.findElement(By.xpath(
                "//*[@id='createForm:permissions']//label[normalize-space()='tenants:read']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", permission);
        permission.click();
        browser.findElement(By.id("createForm:createToken")).click();
        String secret = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("issuedSecret")))
                .getText();
        assertTrue(secret.matches("tnt_[A-Za-z0-9_-]{43}"), secret);
        WebElement row = tokenRow(browser, name);
        assertTrue(row.getText().contains("tenants:read") && row.getText().contains("ACTIVE"), row.getText());
        assertFalse(row.getText().contains(secret), "the list never shows the secret");

        assertEquals(200, call("tenants", secret).statusCode());
        assertEquals(403, call("audit", secret).statusCode(), "the owner may read the audit log; the token may not");

        browser.findElement(By.id("tokensForm:dismissSecret")).click();
        waitFor(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.id("issuedSecret")));
        browser.navigate().refresh();
        assertFalse(browser.getPageSource().contains(secret), "the secret is gone once dismissed");

        tokenRow(browser, name).findElement(By.cssSelector("button.revoke")).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("tokensForm:confirmYes"))).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "revoked"));
        settle(browser);
        assertTrue(tokenRow(browser, name).getText().contains("REVOKED"), tokenRow(browser, name).getText());

        HttpResponse<String> revoked = call("tenants", secret);
        assertEquals(401, revoked.statusCode(), revoked.body());
        assertEquals(List.of(), Chromium.consoleErrors(browser));
    }

    private static WebElement tokenRow(WebDriver browser, String name) {
        return browser.findElement(By.xpath("//tbody[@id='tokensForm:mine_data']/tr[td//span[@class='token-name' and "
                + "text()='" + name + "']]"));
    }

    private static HttpResponse<String> call(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(Deployments.http().resolve("api/" + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
