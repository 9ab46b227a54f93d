package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.ConsentPages.signInIfAsked;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.pickTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.signOut;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.ConsentPages;
import dev.tenantry.it.browser.SignIn;
import dev.tenantry.it.plugin.PluginJarWriter;
import dev.tenantry.emulator.http.RequestLog;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live side of consent, against what the emulated tenant really holds: the check reads Tenantry's grants from
 * Microsoft Graph and finds what the customer took away (missing: features degraded, and the feature asks again
 * instead of failing) and what nothing needs (excess), which is taken back only after a second person approved it.
 * Application permissions come in numbered bundles: a plugin that needs one more shows "re-consent needed" with the
 * difference before an administrator is sent to admin consent.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class ConsentDriftUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String SECOND_OWNER = "dana.okafor@northwind-msp.example";
    private static final String CUSTOMER_ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (drift)";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void theLiveCheckFindsWhatTheCustomerTookAwayAndWhatNothingNeedsAndRevokesTheExcessAfterApproval(
            WebDriver browser) throws Exception {
        Path jar = Deployments.dropHelloPlugin();
        M365Emulator emulator = PortalEmulator.emulator();
        Directory directory = emulator.directory();
        Tenant contoso = emulator.tenant(DOMAIN);
        PortalEmulator.forgetConsent(DOMAIN);
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "hello");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
            addTenant(browser, DOMAIN, NAME);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            pickTenant(browser, NAME);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            assertTrue(browser.findElement(By.id("checkSummary")).getText().contains("not been read yet"));

            // Without Tenantry's consent review the check cannot read the tenant, and says so instead of "OK"
            browser.findElement(By.id("checkForm:checkNow")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("checkSummary"),
                    "FAILED"));
            assertTrue(browser.findElement(By.id("checkSummary")).getText().contains("cannot read the tenant's grants"),
                    browser.findElement(By.id("checkSummary")).getText());

            // The customer's administrator grants the plugin's scope sets (one request per resource: Microsoft Graph,
            // then Exchange Online) and Tenantry's consent review
            for (int resource = 0; resource < 2; resource++) {
                grantAtProvider(browser, By.id("grantAllForm:grantAll"), CUSTOMER_ADMIN, "Consent · Tenantry");
            }
            assertTrue(browser.findElements(By.id("grantAllForm:grantAll")).isEmpty(), "everything recommended");
            grantHostScopeSet(browser, "tenantry.consent-review");
            browser.findElement(By.id("checkForm:checkNow")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("checkSummary"),
                    "MATCHES"));
            assertTrue(browser.findElement(By.id("checkLive")).getText().contains("Organization.Read.All"),
                    "what the tenant granted, read live: " + browser.findElement(By.id("checkLive"))
                            .getText());
            assertEquals("Verified", health(browser), "OK only from the tenant's own word");

            // Behind Tenantry's back, the customer takes Organization.Read.All away and grants what nothing needs
            ObjectNode tenantrySp = contoso.servicePrincipalByAppId(PortalEmulator.TENANTRY_APP).orElseThrow();
            ObjectNode graphSp = directory.graphServicePrincipal(contoso);
            ObjectNode grant = contoso.permissionGrants().stream()
                    .filter(g -> g.path("clientId").asText().equals(tenantrySp.path("id").asText())
                            && g.path("scope").asText().contains("Organization.Read.All"))
                    .findFirst().orElseThrow();
            synchronized (directory) {
                grant.put("scope", String.join(" ", Directory.splitScopes(grant.path("scope").asText()).stream()
                        .filter(scope -> !scope.equals("Organization.Read.All")).toList()));
            }
            directory.grantDelegated(contoso, tenantrySp.path("id").asText(), graphSp.path("id").asText(), null,
                    List.of("Mail.Read", "Calendars.Read"));
            directory.assignAppRole(contoso, tenantrySp, graphSp,
                    directory.catalogue().graph().appRole("User.Read.All").orElseThrow());
            ObjectNode exchangeSp = directory.resourceServicePrincipal(contoso,
                    dev.tenantry.emulator.directory.PermissionCatalogue.EXCHANGE_APP_ID);
            directory.grantDelegated(contoso, tenantrySp.path("id").asText(), exchangeSp.path("id").asText(), null,
                    List.of("EWS.AccessAsUser.All"));

            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            emulator.requestLog().clear();
            browser.findElement(By.id("checkForm:checkNow")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("checkSummary"),
                    "DRIFT"));
            // One round trip: Tenantry's service principal, grants and assignments and the resources' ids in one
            // $batch; the permission catalogues were read at the first check and kept. The scheduled check of the
            // tenant may run at the same moment (a full run of the suite met it once, 110 ms after the button's): it
            // is one such round trip too, so each $batch is checked, not their number
            List<RequestLog.Entry> checked = emulator.requestLog().matching(entry -> entry.kind().startsWith("graph")
                    && contoso.id().equalsIgnoreCase(entry.tenant()));
            List<RequestLog.Entry> roundTrips = checked.stream().filter(entry -> entry.kind().equals("graph"))
                    .toList();
            assertTrue(roundTrips.size() == 1 || roundTrips.size() == 2, "the check's $batch (and at most the "
                    + "schedule's): " + checked);
            for (RequestLog.Entry roundTrip : roundTrips) {
                assertTrue(roundTrip.path().endsWith("/$batch"), "every read in a $batch: " + checked);
                assertEquals(5, checked.stream().filter(entry -> entry.kind().equals("graph-batch")
                        && roundTrip.requestId().equals(entry.requestId())).count(), "five reads in it: " + checked);
            }
            String missing = browser.findElement(By.id("checkMissing")).getText();
            assertTrue(missing.contains("hello.profile: Organization.Read.All"), missing);
            assertTrue(browser.findElement(By.id("checkDegraded")).getText().contains("hello."),
                    "the features that are degraded");
            String excess = browser.findElement(By.id("checkExcess")).getText();
            assertTrue(excess.contains("Calendars.Read") && excess.contains("Mail.Read")
                    && excess.contains("User.Read.All"), excess);
            assertTrue(excess.contains("https://outlook.office365.com/EWS.AccessAsUser.All"),
                    "Exchange Online's grants are read too: " + excess);
            assertFalse(excess.contains("Directory.Read.All"), "Tenantry's own consent review is not excess");
            assertFalse(excess.contains("Exchange.Manage"), "what the Exchange feature uses is not excess");
            assertEquals("1 missing", health(browser), "the connection now holds what the tenant granted");

            // The feature whose permission was taken away asks for it again instead of failing
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            // Only the customer's administrator will give it back: a request, as after a grant that needed them
            browser.get(Deployments.http().resolve("consent/required.xhtml?tenant=" + contoso.id()
                    + "&scopeSet=hello.profile&outcome=admin&from=/hello/index.xhtml").toString());
            browser.findElement(By.id("askForm:ask")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Request filed"));

            // Revoking the excess needs Tenantry's consent maintenance and a second person
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            grantHostScopeSet(browser, "tenantry.consent-maintenance");
            browser.findElement(By.id("checkForm:checkNow")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("checkSummary"),
                    "DRIFT"));
            browser.findElement(By.id("checkForm:requestRevoke")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "waits for approval"));
            assertTrue(grantedScopes(contoso, tenantrySp).contains("Mail.Read"), "nothing is revoked before approval");

            signOut(browser);
            SignIn.as(browser, SECOND_OWNER, "settings/approvals.xhtml");
            By waiting = By.xpath("//tbody[@id='approvalsForm:waiting_data']/tr[contains(., 'Take back')]");
            // ... while Microsoft throttles the tenant: every call waits its Retry-After, and each write lands once
            emulator.faults().budget(contoso.id(), 3, Duration.ofSeconds(1));
            emulator.requestLog().clear();
            try {
                browser.findElement(waiting).findElement(By.cssSelector("button.approval-approve")).click();
                new WebDriverWait(browser, Duration.ofSeconds(90)).until(ExpectedConditions
                        .textToBePresentInElementLocated(By.id("messages"), "Approved"));
            } finally {
                emulator.faults().clear();
            }
            List<RequestLog.Entry> graphCalls = emulator.requestLog().matching(entry -> entry.kind().equals("graph")
                    && contoso.id().equalsIgnoreCase(entry.tenant()));
            // The revoke's read is one $batch of five: the budget throttles some of them inside it, sent again after
            // their Retry-After; a write may be throttled too
            assertTrue(emulator.requestLog().matching(entry -> entry.kind().startsWith("graph")
                    && contoso.id().equalsIgnoreCase(entry.tenant())).stream().anyMatch(entry -> entry.status() == 429),
                    "the tenant was throttled");
            Map<String, List<Integer>> writes = new HashMap<>();
            // The reads go in $batch requests (POST, but reads): the writes are the others
            graphCalls.stream().filter(entry -> !entry.method().equals("GET") && !entry.path().endsWith("/$batch"))
                    .forEach(entry -> writes.computeIfAbsent(entry.method() + " " + entry.path(),
                            key -> new ArrayList<>()).add(entry.status()));
            assertEquals(3, writes.size(), "two tenant-wide grants (Graph, Exchange Online) taken back, one "
                    + "assignment deleted: " + writes);
            writes.forEach((write, statuses) -> {
                assertEquals(1, statuses.stream().filter(status -> status < 300).count(), write + " " + statuses);
                assertTrue(statuses.stream().allMatch(status -> status < 300 || status == 429), write + " " + statuses);
            });

            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            pickTenant(browser, NAME);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            long throttled = graphCalls.stream().filter(entry -> entry.status() == 429).count();
            assertTrue(Long.parseLong(browser.findElement(By.cssSelector(".traffic-throttled")).getText())
                    >= throttled, "the gateway counted the throttled attempts: " + browser.findElement(
                            By.id("traffic")).getText());

            Set<String> left = grantedScopes(contoso, tenantrySp);
            assertFalse(left.contains("Mail.Read") || left.contains("Calendars.Read")
                    || left.contains("EWS.AccessAsUser.All"), "excess taken back: " + left);
            assertTrue(left.contains("Exchange.Manage"), "what the Exchange feature uses stays: " + left);
            assertTrue(left.contains("Directory.Read.All"), "what Tenantry uses stays: " + left);
            assertTrue(contoso.appRoleAssignments().stream().noneMatch(assignment -> assignment.path("principalId")
                    .asText().equals(tenantrySp.path("id").asText())), "the application permission is deleted");

            // The customer grants Organization.Read.All again: the next check sees it, and the feature works
            directory.grantDelegated(contoso, tenantrySp.path("id").asText(), graphSp.path("id").asText(), null,
                    List.of("Organization.Read.All"));
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            pickTenant(browser, NAME);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            browser.findElement(By.id("checkForm:checkNow")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("checkSummary"),
                    "MATCHES"));
            assertEquals("GRANTED", browser.findElement(By.cssSelector("#requestsForm\\:requests .request-state"))
                    .getText(), "the check noticed that the administrator granted the request in the tenant");
            browser.get(Deployments.http().resolve("hello/index.xhtml").toString());
            browser.findElement(By.id("helloForm:greetTenant")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("helloForm:organisation"),
                    "Contoso"));

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"consent.drift-found", "consent.revoked", "consent.drift-resolved"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
        } finally {
            emulator.faults().clear();
            PortalEmulator.forgetConsent(DOMAIN);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, DOMAIN);
        }
    }

    @Test
    void aPluginThatNeedsOneMoreApplicationPermissionAsksForReconsentWithTheDifference(WebDriver browser)
            throws Exception {
        String domain = "adatum.example";
        String name = "Adatum (application)";
        String id = "it-app";
        M365Emulator emulator = PortalEmulator.emulator();
        Application seeded = emulator.directory().application(PortalEmulator.TENANTRY_APP).orElseThrow();
        // Tenantry's app registration lists the application permissions its plugins use: what .default grants
        Map<String, Application.RequiredAccess> access = new HashMap<>(seeded.requiredResourceAccess());
        String graph = "00000003-0000-0000-c000-000000000000";
        Application.RequiredAccess before = access.get(graph);
        access.put(graph, new Application.RequiredAccess(before.scopes(),
                Set.of("AuditLog.Read.All", "Policy.Read.All")));
        emulator.register(new Application(seeded.appId(), seeded.displayName(), seeded.homeTenantId(),
                seeded.clientSecrets(), seeded.redirectUris(), access));
        PortalEmulator.forgetConsent(domain);
        Path folder = Deployments.home().toPath().resolve("plugins");
        Files.createDirectories(folder);
        Path jar = PluginJarWriter.write(folder, "it-app-1.0.0.jar", id, "1.0.0", ">=1.0.0", null,
                PluginJarWriter.applicationManifest(id, "AuditLog.Read.All"));
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, id);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, domain);
            addTenant(browser, domain, name);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            pickTenant(browser, name);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            assertEquals("Re-consent needed", browser.findElement(By.cssSelector(".bundle-state")).getText());
            assertEquals("[AuditLog.Read.All]", browser.findElement(By.cssSelector(".bundle-added")).getText());

            String link = offer(browser);
            assertTrue(link.contains("/adminconsent?") && link.contains("graph.microsoft.com%2F.default"), link);
            adminConsents(browser, link, "nestor.wilke@adatum.example");

            SignIn.as(browser, OWNER, "settings/consent.xhtml");
            pickTenant(browser, name);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            assertEquals("Consented", browser.findElement(By.cssSelector(".bundle-state")).getText());
            assertEquals("v1", browser.findElement(By.id("bundleVersion")).getText());
            String connections = browser.findElement(By.id("connections")).getText();
            assertTrue(connections.contains("APPLICATION") && connections.contains("AuditLog.Read.All"),
                    "the application connection holds what the tenant granted: " + connections);

            // Version 1.1.0 of the plugin needs Policy.Read.All as well: the difference, before anyone consents
            Files.delete(jar);
            jar = PluginJarWriter.write(folder, "it-app-1.1.0.jar", id, "1.1.0", ">=1.0.0", null,
                    PluginJarWriter.applicationManifest(id, "AuditLog.Read.All", "Policy.Read.All"));
            browser.get(Deployments.http().resolve("settings/plugins.xhtml").toString());
            runPlugin(browser, id);
            // asking for more, the upgrade waited for the second Owner: signed in again, the tenant is chosen again
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            pickTenant(browser, name);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            assertEquals("Re-consent needed", browser.findElement(By.cssSelector(".bundle-state")).getText());
            assertEquals("[Policy.Read.All]", browser.findElement(By.cssSelector(".bundle-added")).getText(),
                    "only what is new");
            assertEquals("v1", browser.findElement(By.id("bundleVersion")).getText());
            String second = offer(browser);
            adminConsents(browser, second, "nestor.wilke@adatum.example");
            // The first link was used: it records nothing again
            browser.get(link);
            signInIfAsked(browser, "nestor.wilke@adatum.example");
            waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.elementToBeClickable(By.id("accept")),
                    ExpectedConditions.visibilityOfElementLocated(By.id("adminConsentResult"))));
            if (!browser.findElements(By.id("accept")).isEmpty()) {
                browser.findElement(By.id("accept")).click();
            }
            assertTrue(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("adminConsentResult"))).getText().contains("not valid"));

            SignIn.as(browser, OWNER, "settings/consent.xhtml");
            pickTenant(browser, name);
            browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
            assertEquals("Consented", browser.findElement(By.cssSelector(".bundle-state")).getText());
            assertEquals("v2", browser.findElement(By.id("bundleVersion")).getText());
            assertTrue(browser.findElement(By.id("connections")).getText().contains("Policy.Read.All"));
            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            assertTrue(trail.contains("consent.app-bundle-offered") && trail.contains("consent.admin-granted"));
        } finally {
            emulator.register(seeded);
            PortalEmulator.forgetConsent(domain);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, domain);
        }
    }

    private static String offer(WebDriver browser) {
        browser.findElement(By.id("bundleForm:offerBundle")).click();
        return waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("bundleForm:bundleLink")))
                .getAttribute("value");
    }

    /** The customer's Global Administrator opens the link in a browser of their own and consents. */
    private static void adminConsents(WebDriver browser, String link, String administrator) {
        browser.manage().deleteAllCookies();
        browser.get(link);
        signInIfAsked(browser, administrator);
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("accept"))).click();
        assertTrue(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("adminConsentResult")))
                .getText().startsWith("Thank you"));
        browser.manage().deleteAllCookies();
    }

    /** Opens the consent card of one of Tenantry's own scope sets from Settings → Consent and grants it. */
    private static void grantHostScopeSet(WebDriver browser, String scopeSetId) {
        browser.findElement(By.xpath("//tbody[@id='hostScopeSets_data']/tr[td//code[text()='" + scopeSetId
                + "']]//a[contains(@class,'host-review')]")).click();
        waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
        grantAtProvider(browser, By.id("grantForm:grant"), CUSTOMER_ADMIN, "Consent · Tenantry");
    }

    private static Set<String> grantedScopes(Tenant tenant, ObjectNode client) {
        Set<String> scopes = new LinkedHashSet<>();
        tenant.permissionGrants().stream().filter(g -> g.path("clientId").asText().equals(client.path("id").asText()))
                .forEach(g -> scopes.addAll(Directory.splitScopes(g.path("scope").asText())));
        return scopes;
    }

    /** The consent health the tenants list shows for the test tenant; back on Settings → Consent afterwards. */
    private static String health(WebDriver browser) {
        String text = ConsentPages.health(browser, "(drift)", DOMAIN);
        browser.get(Deployments.http().resolve("settings/consent.xhtml").toString());
        return text;
    }
}
