package dev.tenantry.it.browser;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.PortalEmulator;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signs a demo user in to the portal the way a person does: the portal sends the browser to the emulator and back. */
public final class SignIn {

    private SignIn() {
    }

    /** Opens {@code path} of the portal, signs in on the emulator's page, and waits until the portal answers. */
    public static void as(WebDriver browser, String userPrincipalName, String path) {
        browser.get(Deployments.http().resolve(path).toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(userPrincipalName);
        browser.findElement(By.id("password")).sendKeys(PortalEmulator.PASSWORD);
        browser.findElement(By.id("signIn")).click();
        wait.until(ExpectedConditions.urlContains(Deployments.http().toString()));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        // Scripts loaded (PrimeFaces wires its widgets then): a click or upload made before is lost on a cold server
        wait.until(driver -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.readyState")));
    }
}
