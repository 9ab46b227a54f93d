package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.pickTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import dev.tenantry.it.plugin.PluginJarWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Graph permission firewall in the running portal: a plugin whose tenant granted two of its scope sets holds
 * tokens carrying both, yet a request made under the narrower one, outside what its permissions allow, is refused
 * before it leaves Tenantry and audited with plugin, scope set, method and path.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class FirewallUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String CUSTOMER_ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (firewall)";
    private static final String ID = "it-probe";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aPluginRequestOutsideItsScopeSetIsRefusedBeforeItLeavesAndAudited(WebDriver browser) throws Exception {
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        String manifest = PluginJarWriter.withScopeSet(PluginJarWriter.manifest(ID, "User.Read"), ID + ".directory",
                "User.Read.All").replaceFirst("\\}\\s*$", "") + """
                , "pages": [{"id": "it-probe.page", "title": "Probe", "view": "/it-probe/index.xhtml",
                             "permission": "it-probe:read", "tenantScoped": true}]}
                """;
        Path jar = PluginJarWriter.write(folder, ID + ".jar", ID, "1.0.0", ">=1.0.0", null, manifest, Map.of(),
                Map.of("extension:dev.tenantry.it.plugin.fixtures.ProbeModel", "",
                        "META-INF/resources/it-probe/index.xhtml", """
                                <ui:composition xmlns="http://www.w3.org/1999/xhtml" xmlns:h="jakarta.faces.html"
                                                xmlns:ui="jakarta.faces.facelets" template="/WEB-INF/templates/portal.xhtml">
                                    <ui:define name="title">Probe</ui:define>
                                    <ui:define name="content">
                                        <h:form id="probeForm">
                                            <h:commandButton id="readDirectory" value="Directory" action="#{itProbe.readDirectory}"/>
                                            <h:commandButton id="readEveryone" value="Everyone" action="#{itProbe.readEveryone}"/>
                                            <h:outputText id="outcome" value="#{itProbe.outcome}"/>
                                        </h:form>
                                    </ui:define>
                                </ui:composition>
                                """));
        PortalEmulator.forgetConsent(DOMAIN);
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, ID);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);
            browser.get(Deployments.http().resolve(ID + "/index.xhtml").toString());
            pickTenant(browser, NAME);

            // The tenant grants the directory scope set: from now on every token of the connection holds User.Read.All
            browser.findElement(By.id("probeForm:readDirectory")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            grantAtProvider(browser, By.id("grantForm:grant"), CUSTOMER_ADMIN, "Probe · Tenantry");
            browser.findElement(By.id("probeForm:readDirectory")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("probeForm:outcome"),
                    "users"));
            // ... and the narrower one: its own consent, for User.Read alone
            browser.findElement(By.id("probeForm:readEveryone")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            grantAtProvider(browser, By.id("grantForm:grant"), CUSTOMER_ADMIN, "Probe · Tenantry");
            Predicate<RequestLog.Entry> listsUsers = entry -> entry.kind().equals("graph")
                    && entry.method().equals("GET") && entry.path().endsWith("/users");
            int before = PortalEmulator.emulator().requestLog().matching(listsUsers).size();
            assertTrue(before >= 1, "the directory scope set may list users");

            browser.findElement(By.id("probeForm:readEveryone")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("probeForm:outcome"),
                    "refused"));

            String outcome = browser.findElement(By.id("probeForm:outcome")).getText();
            assertTrue(outcome.contains(ID + ".read") && outcome.contains("/users"), outcome);
            assertEquals(before, PortalEmulator.emulator().requestLog().matching(listsUsers).size(),
                    "nothing reached Microsoft, though the token would have been accepted");
            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            browser.findElement(By.id("auditForm:action")).sendKeys("graph.request-refused");
            browser.findElement(By.id("auditForm:apply")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("auditForm:records"),
                    "GET"));
            String records = browser.findElement(By.id("auditForm:records")).getText();
            assertTrue(records.contains("graph.request-refused") && records.contains("GET ")
                    && records.contains("/users"), records);
        } finally {
            PortalEmulator.forgetConsent(DOMAIN);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }
}
