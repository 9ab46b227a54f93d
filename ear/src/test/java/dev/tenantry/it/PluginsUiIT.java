package dev.tenantry.it;

import static dev.tenantry.it.browser.PortalPages.rescan;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.PortalPages;
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

/** Settings → Plugins: a jar dropped in the folder is reviewed with what it asks of Microsoft, then approved. */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class PluginsUiIT {

    /** A plugin never seen by this installation (its database outlives a test run): a new plugin, as the test says. */
    private static final String ID = "it-ui-greeting-" + Long.toString(System.nanoTime(), 36);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aDroppedPluginIsReviewedWithItsJustificationsAndRunsOnceApproved(WebDriver browser) throws Exception {
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        Path jar = PluginJarWriter.write(folder, ID + ".jar", ID, "1.0.0", ">=1.0.0 & <2.0.0",
                "dev.tenantry.it.plugin.fixtures.GreetingPlugin", PluginJarWriter.manifest(ID, "User.Read.All"));
        Files.writeString(folder.resolve("it-ui-notes.jar"), "not a jar");
        try {
            SignIn.as(browser, "alex.morgan@northwind-msp.example", "settings/plugins.xhtml");
            assertEquals("Plugins · Tenantry", browser.getTitle());
            rescan(browser);
            By row = By.xpath("//tbody[@id='pluginsForm:plugins_data']/tr[td//code[text()='" + ID + "']]");
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(row, "PENDING_REVIEW"));
            settle(browser);
            WebElement plugin = browser.findElement(row);
            assertTrue(browser.findElement(By.id("pluginsForm:unrecognised")).getText().contains("it-ui-notes.jar"));

            plugin.findElement(By.cssSelector("button.review-plugin")).click();
            WebElement justification = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#detailForm .justification")));
            assertEquals("Reads what the test plugin shows on its page.", justification.getText());
            assertEquals("User.Read.All", browser.findElement(By.cssSelector("code.microsoft-permission")).getText());
            assertEquals("Unsigned", plugin.findElement(By.cssSelector(".plugin-signature")).getText());
            assertTrue(browser.findElement(By.cssSelector("#detailForm .plugin-publisher")).getText()
                    .startsWith("Unsigned: nothing proves who published this jar"));

            assertTrue(browser.findElement(By.id("trustedCode")).getText().contains("An approved plugin is trusted code"));
            settle(browser);
            approve(browser, row, ID);
            assertEquals(List.of(), Chromium.consoleErrors(browser));
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(folder.resolve("it-ui-notes.jar"));
            rescan(browser);
        }
    }

    @Test
    void anUploadedJarIsCheckedBeforeItIsKeptAndThenWaitsForReview(WebDriver browser) throws Exception {
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        Path outside = Files.createTempDirectory("tenantry-upload");
        Path broken = Files.writeString(outside.resolve("it-ui-broken.jar"), "not a jar");
        Path good = PluginJarWriter.write(outside, "it-ui-upload.jar", "it-ui-upload", "1.0.0", ">=1.0.0",
                "dev.tenantry.it.plugin.fixtures.GreetingPlugin", PluginJarWriter.manifest("it-ui-upload", "User.Read"));
        try {
            SignIn.as(browser, "alex.morgan@northwind-msp.example", "settings/plugins.xhtml");

            browser.findElement(By.id("uploadForm:upload_input")).sendKeys(broken.toString());
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "cannot be read as a jar"));
            try (var files = Files.list(folder)) {
                assertTrue(files.noneMatch(file -> file.getFileName().toString().startsWith(".upload-")
                        || file.getFileName().toString().contains("broken")), "nothing of a refused upload is kept");
            }

            settle(browser);
            browser.findElement(By.id("uploadForm:upload_input")).sendKeys(good.toString());
            By row = By.xpath("//tbody[@id='pluginsForm:plugins_data']/tr[td//code[text()='it-ui-upload']]");
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(row, "PENDING_REVIEW"));
            assertTrue(Files.exists(folder.resolve("it-ui-upload-1.0.0.jar")));
        } finally {
            Files.deleteIfExists(folder.resolve("it-ui-upload-1.0.0.jar"));
            rescan(browser);
        }
    }

    @Test
    void aPluginPageThatFailsMarksItsPluginFailedAndThePortalGoesOn(WebDriver browser) throws Exception {
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        String manifest = PluginJarWriter.manifest("it-exploding", "User.Read").replaceFirst("\\}\\s*$", "")
                + """
                , "pages": [{"id": "it-exploding.page", "title": "Exploding", "view": "/it-exploding/index.xhtml",
                             "permission": "it-exploding:read"}]}
                """;
        Path jar = PluginJarWriter.write(folder, "it-exploding.jar", "it-exploding", "1.0.0", ">=1.0.0", null, manifest,
                java.util.Map.of(), java.util.Map.of(
                        "extension:dev.tenantry.it.plugin.fixtures.ExplodingModel", "",
                        "META-INF/resources/it-exploding/index.xhtml", """
                                <ui:composition xmlns="http://www.w3.org/1999/xhtml" xmlns:h="jakarta.faces.html"
                                                xmlns:ui="jakarta.faces.facelets" template="/WEB-INF/templates/portal.xhtml">
                                    <ui:define name="title">Exploding</ui:define>
                                    <ui:define name="content"><h:outputText value="#{itExploding.boom}"/></ui:define>
                                </ui:composition>
                                """));
        try {
            SignIn.as(browser, "alex.morgan@northwind-msp.example", "settings/plugins.xhtml");
            rescan(browser);
            By row = By.xpath("//tbody[@id='pluginsForm:plugins_data']/tr[td//code[text()='it-exploding']]");
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(row, "PENDING_REVIEW"));
            settle(browser);
            PortalPages.runPlugin(browser, "it-exploding");

            browser.get(Deployments.http().resolve("it-exploding/index.xhtml").toString());
            assertEquals("Something went wrong · Tenantry", browser.getTitle());

            browser.get(Deployments.http().resolve("settings/plugins.xhtml").toString());
            String shown = browser.findElement(row).getText();
            assertTrue(shown.contains("FAILED") && shown.contains("the exploding page exploded"), shown);
            browser.get(Deployments.http().toString());
            assertEquals("Dashboard · Tenantry", browser.getTitle(), "the rest of the portal goes on");
        } finally {
            Files.deleteIfExists(jar);
            rescan(browser);
        }
    }

    /**
     * Approves the new plugin of {@code row}, confirming: it waits for the second Owner, who approves it under
     * Settings → Approvals; then it runs.
     */
    private static void approve(WebDriver browser, By row, String id) {
        browser.findElement(row).findElement(By.cssSelector("button.approve-plugin")).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("pluginsForm:confirmYes"))).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                "waits for a second Owner"));
        assertTrue(browser.findElement(row).getText().contains("PENDING_REVIEW"), "nothing runs on one Owner's word");
        PortalPages.secondOwnerApproves(browser, id);
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(row, "RUNNING"));
    }

    /** Opens Settings → Plugins and scans the folder again, so what a test left there is forgotten. */
    private static void rescan(WebDriver browser) {
        browser.get(Deployments.http().resolve("settings/plugins.xhtml").toString());
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("rescanButton"))).click();
        settle(browser);
    }

    @Test
    void thePageIsRefusedWithoutPluginsManage(WebDriver browser) {
        SignIn.as(browser, "sam.patel@northwind-msp.example", "settings/plugins.xhtml");

        assertTrue(List.of("No access yet · Tenantry", "Not allowed · Tenantry").contains(browser.getTitle()),
                browser.getTitle());
    }
}
