package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.signOut;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

/**
 * Teams Governance against an emulated tenant, the whole path: Adatum's teams read once the basic scope set is granted
 * (the team whose owners left flagged), its Teams service account signed in as itself (its password and the one-time
 * code of its enforced MFA typed at Microsoft, whoever is signed in there) with its prerequisites checked, a template
 * made with a private channel and a sensitivity label from the tenant's labels, a team requested from it by one member
 * of staff and approved by another, and made by the service account: the emulator holds the team with its channels,
 * owners and label, and the requester is mailed.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class TeamsGovernanceUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String REQUESTER = "dana.okafor@northwind-msp.example";
    private static final String ADMIN = "nestor.wilke@adatum.example";
    private static final String SERVICE = "svc-teams@adatum.example";
    private static final String DOMAIN = "adatum.example";
    private static final String NAME = "Adatum (teams)";
    private static final String TEAMS = "Teams · Tenantry";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void aRequestedTeamIsApprovedAndMadeByTheTenantsServiceAccountFromATemplateWithALabel(WebDriver browser)
            throws Exception {
        M365Emulator emulator = PortalEmulator.emulator();
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant adatum = emulator.tenant(DOMAIN);
        Path jar = Deployments.dropTeamsGovernancePlugin();
        SignIn.as(browser, OWNER, "settings/plugins.xhtml");
        runPlugin(browser, "teams-governance");
        browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
        removeTenant(browser, DOMAIN);
        addTenant(browser, DOMAIN, NAME);
        Throwable failed = null;
        try {
            // The integration account (Adatum's Global Administrator) grants what reading teams and templates needs
            for (String scopeSet : List.of("basic", "home", "catalog")) {
                browser.get(card(adatum, "teams-governance." + scopeSet, "/teams-governance/index.xhtml"));
                waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
                grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, TEAMS);
            }
            browser.get(Deployments.http().resolve("teams-governance/index.xhtml?tenant=" + adatum.id()).toString());
            settle(browser);
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("teamsForm:readNow"))).click();
            String read = new WebDriverWait(browser, Duration.ofSeconds(60))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(driver -> {
                List<WebElement> state = driver.findElements(By.id("readState"));
                String text = state.isEmpty() ? "" : state.get(0).getText();
                return text.startsWith("RUNNING") || text.isEmpty() ? null : text;
            });
            assertTrue(read.startsWith("SUCCESS") && read.contains(" 4 team(s) read") && !read.contains("gone"), read);
            WebElement orphan = browser.findElement(By.xpath("//tr[td//a[text()='Old Intranet']]"));
            assertTrue(orphan.getText().contains("no owner"), orphan.getText());
            assertTrue(browser.findElement(By.id("teamsForm:teams")).getText().contains("Project Phoenix"));

            // The service account signs in as itself: its password, then its one-time code
            browser.get(Deployments.http().resolve("teams-governance/settings.xhtml?tenant=" + adatum.id())
                    .toString());
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("accountNone")));
            // Only an administrator grants what the account asks for the whole organisation: done in the tenant
            // beforehand, as its administrator would in Microsoft's admin center
            grantForOrganisation(emulator, adatum, List.of("User.Read", "Team.ReadBasic.All", "Channel.ReadBasic.All",
                    "Team.Create", "Channel.Create"));
            browser.findElement(By.id("accountForm:signIn")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            String card = browser.findElement(By.tagName("main")).getText();
            assertTrue(card.contains("Teams service account") && card.contains("Team.Create delegated")
                    && !card.contains("Group.ReadWrite.All delegated"), "labels are not asked yet: " + card);
            browser.findElement(By.id("grantForm:grant")).click();
            WebElement username = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("username")));
            username.clear();
            username.sendKeys(SERVICE);
            browser.findElement(By.id("password")).sendKeys(PortalEmulator.PASSWORD);
            browser.findElement(By.id("signIn")).click();
            String code = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("sentCode")))
                    .getText();
            browser.findElement(By.id("otc")).sendKeys(code);
            browser.findElement(By.id("verify")).click();
            acceptIfAsked(browser);
            waitFor(browser).until(ExpectedConditions.titleIs("Teams: service accounts · Tenantry"));
            assertEquals(SERVICE, waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("accountForm:accountUpn"))).getText());
            browser.findElement(By.id("accountForm:check")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("accountForm:prerequisites")));
            String prerequisites = browser.findElement(By.id("accountForm:prerequisites")).getText();
            assertTrue(prerequisites.contains("Teams Administrator") && !prerequisites.contains("missing"),
                    prerequisites);
            // Applying labels is asked of the account when first needed (the organisation granting it first): it
            // signs in again for it
            grantForOrganisation(emulator, adatum, List.of("Group.ReadWrite.All"));
            browser.findElement(By.xpath("//li[contains(., 'sensitivity label')]/a")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            browser.findElement(By.id("grantForm:grant")).click();
            username = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            assertEquals(SERVICE, username.getAttribute("value"), "the account signed in before is hinted");
            browser.findElement(By.id("password")).sendKeys(PortalEmulator.PASSWORD);
            browser.findElement(By.id("signIn")).click();
            code = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("sentCode"))).getText();
            browser.findElement(By.id("otc")).sendKeys(code);
            browser.findElement(By.id("verify")).click();
            acceptIfAsked(browser);
            waitFor(browser).until(ExpectedConditions.titleIs("Teams: service accounts · Tenantry"));
            assertTrue(browser.findElement(By.xpath("//li[contains(., 'sensitivity label')]")).getText()
                    .contains("granted"));

            // A template with a private channel and the tenant's Confidential label
            browser.get(Deployments.http().resolve("teams-governance/catalog.xhtml?tenant=" + adatum.id()).toString());
            waitFor(browser).until(ExpectedConditions.titleIs("Team templates · Tenantry"));
            settle(browser);
            browser.findElement(By.id("catalogForm:name")).sendKeys("Project");
            browser.findElement(By.id("catalogForm:prefix")).sendKeys("PRJ-");
            WebElement owners = browser.findElement(By.id("catalogForm:minOwners_input"));
            owners.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1", Keys.TAB);
            dev.tenantry.it.browser.PortalPages.choose(browser, "catalogForm:label", "Confidential");
            browser.findElement(By.id("catalogForm:addChannel")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("catalogForm:channels:0:channelName"))).sendKeys("Leadership");
            dev.tenantry.it.browser.PortalPages.choose(browser, "catalogForm:channels:0:channelKind", "private");
            browser.findElement(By.id("catalogForm:save")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Template Project kept as version 1"));

            // Another member of staff requests a team from it
            signOut(browser);
            SignIn.as(browser, REQUESTER, "teams-governance/requests.xhtml?tenant=" + adatum.id());
            waitFor(browser).until(ExpectedConditions.titleIs("Team requests · Tenantry"));
            settle(browser);
            dev.tenantry.it.browser.PortalPages.choose(browser, "requestForm:template", "Project (" + NAME + ")");
            WebElement name = browser.findElement(By.id("requestForm:name"));
            name.sendKeys("Falcon");
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("finalName"), "PRJ-Falcon"));
            browser.findElement(By.id("requestForm:owners_input")).sendKeys("lynne");
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                    "#requestForm\\:owners_panel li.ui-autocomplete-item"))).click();
            settle(browser);
            browser.findElement(By.id("requestForm:submit")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Requested PRJ-Falcon"));
            assertTrue(browser.findElement(By.id("mine")).getText().contains("SUBMITTED"));

            // A Teams Administrator approves it; the service account makes it
            signOut(browser);
            SignIn.as(browser, OWNER, "teams-governance/requests.xhtml");
            By waiting = By.xpath("//tbody[@id='approvalsForm:waiting_data']/tr[contains(., 'PRJ-Falcon')]");
            settle(browser);
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(waiting))
                    .findElement(By.cssSelector("button.approve")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Approved PRJ-Falcon"));
            ObjectNode team = new WebDriverWait(browser, Duration.ofSeconds(120)).until(driver -> emulator.directory()
                    .teams().teams(adatum).stream().filter(one -> one.path("displayName").asText()
                            .equals("PRJ-Falcon")).findFirst().filter(one -> !adatum.group(one.path("id").asText())
                            .orElseThrow().path("assignedLabels").isEmpty()).orElse(null));
            String teamId = team.path("id").asText();
            assertEquals(List.of("General", "Leadership"), emulator.directory().teams().channels(adatum, teamId)
                    .stream().map(channel -> channel.path("displayName").asText()).toList());
            DirectoryUser lynne = adatum.user("lynne.robbins@" + DOMAIN).orElseThrow();
            DirectoryUser service = adatum.user(SERVICE).orElseThrow();
            assertTrue(adatum.groupOwners(teamId).containsAll(List.of(lynne.id(), service.id())),
                    "the requested owner, and the service account that made it");
            assertEquals("Confidential", adatum.group(teamId).orElseThrow().path("assignedLabels").get(0)
                    .path("displayName").asText());
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
                driver.get(Deployments.http().resolve("settings/notifications.xhtml").toString());
                String log = driver.findElement(By.tagName("main")).getText();
                return log.contains("Your team PRJ-Falcon is ready") && log.contains(REQUESTER);
            });
            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : List.of("teams-governance.request.submitted", "teams-governance.request.approved",
                    "teams-governance.team.provisioned", "teams-governance.template.saved",
                    "consent.account-sign-in")) {
                assertTrue(trail.contains(action), "audited: " + action);
            }

            // The customer's approvers' page is served without a Tenantry session, and a link that opens no request
            // says so; the plugin's other pages are not public
            browser.manage().deleteAllCookies();
            browser.get(Deployments.http().resolve("public/teams-governance/decide.xhtml?token=forged").toString());
            assertTrue(waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("linkUnknown")))
                    .getText().contains("opens no request"), browser.getTitle());
            browser.get(Deployments.http().resolve("public/teams-governance/requests.xhtml").toString());
            assertEquals("Page not found · Tenantry", browser.getTitle());
            SignIn.as(browser, OWNER, "tenants/index.xhtml");
        } catch (Throwable e) {
            failed = e;
            throw e;
        } finally {
            emulator.directory().teams().teams(adatum).stream().filter(one -> one.path("displayName").asText()
                    .startsWith("PRJ-")).forEach(one -> emulator.directory().deleteGroup(adatum, one.path("id")
                    .asText()));
            PortalEmulator.forgetConsent(DOMAIN);
            try {
                uninstall(browser, jar);
                browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
                removeTenant(browser, DOMAIN);
            } catch (RuntimeException e) {
                // The test's own failure is the one to see; a cleanup that failed too is added to it
                if (failed == null) {
                    throw e;
                }
                failed.addSuppressed(e);
            }
        }
    }

    /**
     * Accepts Microsoft's consent page if it is shown: the service account consents for itself to what a user may
     * (signing in, its own profile); what only an administrator may grant was granted for the organisation before.
     */
    private static void acceptIfAsked(WebDriver browser) {
        waitFor(browser).until(ExpectedConditions.or(ExpectedConditions.titleIs("Teams: service accounts · Tenantry"),
                ExpectedConditions.presenceOfElementLocated(By.id("accept"))));
        if (!browser.findElements(By.id("accept")).isEmpty()) {
            browser.findElement(By.id("accept")).click();
        }
    }

    private static String card(Tenant tenant, String scopeSet, String from) {
        return Deployments.http().resolve("consent/required.xhtml?tenant=" + tenant.id() + "&scopeSet=" + scopeSet
                + "&from=" + java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** Adatum's administrator consents, for the whole organisation, to what a service account's scope set asks. */
    private static void grantForOrganisation(M365Emulator emulator, Tenant adatum, List<String> permissions) {
        Directory directory = emulator.directory();
        ObjectNode tenantry = adatum.servicePrincipalByAppId(PortalEmulator.TENANTRY_APP).orElseThrow();
        directory.grantDelegated(adatum, tenantry.path("id").asText(), directory.graphServicePrincipal(adatum)
                .path("id").asText(), null, permissions);
    }
}
