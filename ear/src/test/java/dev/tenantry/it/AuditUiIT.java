package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/** Settings → Audit in the browser: the owner's own sign-in is there, filters narrow it, the CSV matches them. */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class AuditUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void anOwnerFindsTheirSignInFiltersTheLogAndExportsWhatTheFiltersSelect(WebDriver browser) throws Exception {
        SignIn.as(browser, OWNER, "settings/index.xhtml");
        browser.findElement(By.id("auditLink")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(driver -> driver.getTitle().equals("Audit log · Tenantry"));
        assertTrue(table(browser).contains("auth.sign-in"), table(browser));

        browser.findElement(By.id("auditForm:action")).sendKeys("auth");
        browser.findElement(By.id("auditForm:actor")).sendKeys("alex.morgan");
        browser.findElement(By.id("auditForm:apply")).click();
        wait.until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return PrimeFaces.ajax.Queue.isEmpty()")));
        List<WebElement> actions = browser.findElements(By.cssSelector("#auditForm\\:records_data code.audit-action"));
        assertFalse(actions.isEmpty());
        assertTrue(actions.stream().allMatch(action -> action.getText().startsWith("auth.")),
                actions.stream().map(WebElement::getText).toList().toString());

        String csvUrl = browser.findElement(By.id("exportCsv")).getAttribute("href");
        assertTrue(csvUrl.contains("action=auth") && csvUrl.contains("actor=alex.morgan"), csvUrl);
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(csvUrl))
                .header("Cookie", "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertTrue(lines[0].startsWith("time,actor,tenant,action"), lines[0]);
        assertTrue(lines.length > 1);
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].contains("\"auth.") && lines[i].contains(OWNER), lines[i]);
        }
        assertEquals(List.of(), Chromium.consoleErrors(browser));
    }

    private static String table(WebDriver browser) {
        return browser.findElement(By.id("auditForm:records")).getText();
    }
}
