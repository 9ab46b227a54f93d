package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.choose;
import static dev.tenantry.it.browser.PortalPages.pickTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
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
 * Deploying Tenantry's Conditional Access MFA policy into an emulated tenant: the deploy scope set is asked when a
 * member of staff who may deploy first opens the page; report-only first, with the exclusion group and nothing else
 * changed; then switched on; audited with the policy's id. Across two tenants the action waits for a second person and
 * changes nothing.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class SecureDeployUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ADATUM_ADMIN = "nestor.wilke@adatum.example";
    private static final String ADATUM = "adatum.example";
    private static final String CONTOSO = "contoso.example";
    private static final String NAME = "Adatum (deploy)";
    private static final String PAGE = "Deploy Conditional Access MFA policies · Tenantry";
    private static final String POLICIES = "/identity/conditionalAccess/policies";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void thePolicyIsDeployedReportOnlyWithTheExclusionGroupThenSwitchedOnAndAcrossTenantsWaitsForApproval(
            WebDriver browser) throws Exception {
        PortalEmulator.forgetConsent(ADATUM);
        Tenant adatum = PortalEmulator.emulator().tenant(ADATUM);
        Tenant contoso = PortalEmulator.emulator().tenant(CONTOSO);
        List<JsonNode> policiesBefore = policies(adatum);
        List<String> groupsBefore = groupIds(adatum);
        int contosoPolicies = policies(contoso).size();
        Path jar = Deployments.dropSecurePlugin();
        String policyId = null;
        String groupId = null;
        try {
            SignIn.as(browser, OWNER, "settings/plugins.xhtml");
            runPlugin(browser, "secure");
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, ADATUM);
            removeTenant(browser, CONTOSO);
            addTenant(browser, ADATUM, NAME);
            addTenant(browser, CONTOSO, "Contoso (deploy)");
            browser.get(Deployments.http().resolve("secure/deploy.xhtml").toString());
            pickTenant(browser, NAME);

            // First opening: the consent card for exactly the deploy scope set
            browser.get(Deployments.http().resolve("secure/deploy.xhtml?template=admin-mfa").toString());
            waitFor(browser).until(ExpectedConditions.titleIs("Consent needed · Tenantry"));
            String card = browser.findElement(By.tagName("main")).getText();
            assertTrue(card.contains("Policy.ReadWrite.ConditionalAccess") && card.contains("Group.ReadWrite.All"),
                    card);
            assertFalse(card.contains("AuditLog.Read.All"), "only the deploy scope set is asked: " + card);
            grantAtProvider(browser, By.id("grantForm:grant"), ADATUM_ADMIN, PAGE);

            String preview = browser.findElement(By.id("policyJson")).getText();
            assertTrue(preview.contains("\"state\": \"enabledForReportingButNotEnforced\""), preview);
            assertTrue(preview.contains("Tenantry — do not modify"), "the group is named until it exists: " + preview);
            assertTrue(browser.findElement(By.id("affectedProblem")).getText().contains("secure.posture"),
                    "the users are read with the posture scope set, which was not granted here");
            assertEquals("not deployed", browser.findElement(By.id("deployState")).getText());

            // Step one: report-only, with the exclusion group, and nothing else
            browser.findElement(By.id("deployForm:reportOnly")).click();
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("deployNotice")));
            assertEquals("enabledForReportingButNotEnforced", browser.findElement(By.id("deployState")).getText());
            policyId = browser.findElement(By.id("policyId")).getText();
            assertTrue(browser.findElement(By.id("deployNotice")).getText().contains(policyId));

            List<JsonNode> policiesAfter = policies(adatum);
            assertEquals(policiesBefore.size() + 1, policiesAfter.size());
            String created = policyId;
            JsonNode policy = policiesAfter.stream().filter(p -> p.path("id").asText().equals(created)).findFirst()
                    .orElseThrow();
            assertTrue(policiesAfter.containsAll(policiesBefore), "every other policy is as it was");
            assertEquals("Tenantry: require MFA for administrators", policy.path("displayName").asText());
            assertEquals("enabledForReportingButNotEnforced", policy.path("state").asText());
            assertEquals(12, policy.path("conditions").path("users").path("includeRoles").size());
            assertEquals(1, policy.path("conditions").path("users").path("excludeGroups").size());
            groupId = policy.path("conditions").path("users").path("excludeGroups").get(0).asText();
            List<String> groupsAfter = groupIds(adatum);
            assertEquals(groupsBefore.size() + 1, groupsAfter.size());
            assertTrue(groupsAfter.contains(groupId) && groupsAfter.containsAll(groupsBefore));
            ObjectNode group = group(adatum, groupId).orElseThrow();
            assertEquals("Tenantry — do not modify", group.path("displayName").asText());
            assertTrue(group.path("securityEnabled").asBoolean());
            assertFalse(group.path("mailEnabled").asBoolean());
            assertTrue(adatum.groupMembers(groupId).isEmpty(), "the customer adds their break-glass accounts");

            browser.findElement(By.id("deployForm:reportOnly")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("deployNotice"),
                    "nothing changed"));
            assertEquals(policiesBefore.size() + 1, policies(adatum).size(), "deployed once");

            // Step two: on
            browser.findElement(By.id("deployForm:switchOn")).click();
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("deployState"), "enabled"));
            assertEquals("enabled", policies(adatum).stream().filter(p -> p.path("id").asText().equals(created))
                    .findFirst().orElseThrow().path("state").asText());

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : List.of("secure.group.created", "secure.policy.deployed", "secure.policy.enforced")) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
            assertTrue(trail.contains(policyId), "the audit names the policy");

            // Two tenants at once: only through approval, nothing changes before
            int adatumPolicies = policies(adatum).size();
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            browser.findElement(By.id("tenantsForm:tenants:globalFilter")).sendKeys("(deploy)");
            waitFor(browser).until(driver -> driver.findElements(By.cssSelector("#tenantsForm\\:tenants_data > tr"))
                    .size() == 2);
            select(browser, ADATUM);
            select(browser, CONTOSO);
            choose(browser, "tenantsForm:tenants:action", "Deploy Conditional Access MFA policy");
            browser.findElement(By.id("tenantsForm:tenants:prepareAction")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("tenantActionDialog")));
            settle(browser);
            List<String> menus = new ArrayList<>();
            browser.findElements(By.cssSelector("#actionForm .ui-selectonemenu.action-parameter"))
                    .forEach(menu -> menus.add(menu.getAttribute("id")));
            assertEquals(2, menus.size(), "the template and the step");
            choose(browser, menus.get(0), "user-mfa");
            choose(browser, menus.get(1), "report-only");
            browser.findElement(By.id("actionForm:reason")).sendKeys("MFA for everyone, quarterly hardening");
            browser.findElement(By.id("actionForm:runAction")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("actionForm:actionWaiting")));
            assertTrue(browser.findElement(By.id("messages")).getText().contains("second person's approval"));
            assertEquals(adatumPolicies, policies(adatum).size(), "nothing deployed before approval");
            assertEquals(contosoPolicies, policies(contoso).size(), "nothing deployed before approval");
        } finally {
            if (policyId != null) {
                PortalEmulator.emulator().directory().removeFromCollection(adatum, POLICIES, policyId);
            }
            if (groupId != null) {
                PortalEmulator.emulator().directory().deleteGroup(adatum, groupId);
            }
            PortalEmulator.forgetConsent(ADATUM);
            uninstall(browser, jar);
            browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
            removeTenant(browser, ADATUM);
            removeTenant(browser, CONTOSO);
        }
    }

    private static List<JsonNode> policies(Tenant tenant) {
        return tenant.collection(POLICIES).map(collection -> StreamSupport.stream(collection.path("value")
                .spliterator(), false).map(JsonNode::deepCopy).map(JsonNode.class::cast).toList()).orElse(List.of());
    }

    private static List<String> groupIds(Tenant tenant) {
        return tenant.groups().stream().map(group -> group.path("id").asText()).toList();
    }

    private static Optional<ObjectNode> group(Tenant tenant, String id) {
        return tenant.groups().stream().filter(group -> group.path("id").asText().equals(id)).findFirst();
    }

    private static void select(WebDriver browser, String domain) {
        settle(browser);
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[td[normalize-space()='" + domain
                + "']]//td[contains(@class,'ui-selection-column')]//div[contains(@class,'ui-chkbox-box')]"))).click();
        settle(browser);
    }
}
