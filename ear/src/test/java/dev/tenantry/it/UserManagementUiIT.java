package dev.tenantry.it;

import static dev.tenantry.it.browser.ConsentPages.grantAtProvider;
import static dev.tenantry.it.browser.PortalPages.addTenant;
import static dev.tenantry.it.browser.PortalPages.removeTenant;
import static dev.tenantry.it.browser.PortalPages.runPlugin;
import static dev.tenantry.it.browser.PortalPages.settle;
import static dev.tenantry.it.browser.PortalPages.uninstall;
import static dev.tenantry.it.browser.PortalPages.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.mail.SentMail;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The User Management plugin against an emulated tenant: a sync without consent says so and offers the directory
 * scope set; once granted, Contoso's users are in the table, found by the start of their name; on Adele's page a reset
 * asks the mail scope set and then the password scope set, sets a new password shown once and mails it from the
 * integration account (read back from the emulator's mail), and blocking sign-in asks its own scope set, then blocks
 * her at Microsoft; every action is in her history and in the audit log; a tag given to Contoso filters the table.
 */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class UserManagementUiIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String DOMAIN = "contoso.example";
    private static final String NAME = "Contoso (users)";
    private static final String USERS = "Users · Tenantry";
    private static final String ADELE_PAGE = "Adele Vance · Tenantry";
    private static final String CONSENT = "Consent needed · Tenantry";
    private static final String HOME_MAIL = "adele.home@example.org";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void contososUsersAppearAfterConsentAndAdelesPasswordIsResetMailedAndHerSignInBlocked(WebDriver browser)
            throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        DirectoryUser adele = contoso.user("adele.vance@" + DOMAIN).orElseThrow();
        Path jar = connectContoso(browser);
        try {

            // Without consent the sync says so, and offers exactly the directory scope set
            browser.get(Deployments.http().resolve("user-management/index.xhtml").toString());
            assertEquals(USERS, browser.getTitle());
            filterTenant(browser, "Contoso (us");
            syncNow(browser);
            By grant = By.xpath("//ul[@id='syncProblems']/li[contains(@class,'sync-CONSENT_REQUIRED') and "
                    + "strong[text()='" + NAME + "']]/a[contains(@class,'grant-directory')]");
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(grant));
            browser.findElement(grant).click();
            waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
            String card = browser.findElement(By.tagName("main")).getText();
            assertTrue(card.contains("User.Read.All") && card.contains("RoleManagement.Read.Directory")
                    && !card.contains("User-PasswordProfile.ReadWrite.All"), card);
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, USERS);

            filterTenant(browser, "Contoso (us");
            syncNow(browser);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:users"),
                    "adele.vance@contoso.example"));
            String table = browser.findElement(By.id("usersForm:users")).getText();
            for (DirectoryUser user : contoso.users()) {
                assertTrue(table.contains(user.json().path("userPrincipalName").asText()), table);
            }
            assertTrue(browser.findElement(By.xpath("//tr[td//span[@class='user-upn' and text()='" + ADMIN
                    + "']]")).getText().contains("Global Administrator"), "administrators show their roles");

            browser.findElement(By.id("usersForm:nameFilter")).sendKeys("ade");
            waitFor(browser).until(driver -> driver.findElements(By.cssSelector("#usersForm\\:users a.user-link"))
                    .size() == 1);

            // Adele's page: a reset to be mailed asks the mail scope set, then the password scope set, before any
            // change
            browser.findElement(By.cssSelector("#usersForm\\:users a.user-link")).click();
            waitFor(browser).until(ExpectedConditions.titleIs(ADELE_PAGE));
            assertEquals("allowed", browser.findElement(By.id("userEnabled")).getText());
            resetPassword(browser);
            grantAsked(browser, "Mail.Send");
            resetPassword(browser);
            grantAsked(browser, "User-PasswordProfile.ReadWrite.All");
            assertTrue(adele.passwordMatches("Tenantry-Demo-2026!"), "nothing changed while consent was asked");
            PortalEmulator.emulator().requestLog().clear();
            resetPassword(browser);
            String password = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id(
                    "newPassword"))).getText();
            assertEquals(16, password.length());
            assertTrue(adele.passwordMatches(password), "Microsoft holds the password shown");
            List<SentMail> mailed = PortalEmulator.emulator().sentMailTo(HOME_MAIL);
            assertEquals(1, mailed.size(), "mailed once");
            assertEquals(ADMIN, mailed.get(0).from(), "from the tenant's integration account");
            assertTrue(mailed.get(0).body().contains(password));
            browser.navigate().refresh();
            waitFor(browser).until(ExpectedConditions.titleIs(ADELE_PAGE));
            assertTrue(browser.findElements(By.id("newPassword")).isEmpty(), "shown once");
            assertFalse(browser.getPageSource().contains(password), "nowhere on the page again");

            // Blocking sign-in asks its own scope set, then blocks her at Microsoft
            browser.findElement(By.id("actionsForm:blockSignIn")).click();
            grantAsked(browser, "User.EnableDisableAccount.All");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("actionsForm:blockSignIn")))
                    .click();
            waitFor(browser).until(ExpectedConditions.textToBe(By.id("userEnabled"), "blocked"));
            assertFalse(adele.accountEnabled());
            String history = browser.findElement(By.id("actionsForm:history")).getText();
            assertTrue(history.contains("block-sign-in") && history.contains("reset-password")
                    && history.contains("mail-password") && !history.contains(password), history);

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"user-management.reset-password", "user-management.mail-password",
                    "user-management.block-sign-in"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
            assertFalse(trail.contains(password));

            // A tenant tag filters the table to the tenants carrying it, bookmarked as a name is
            String tag = "it-" + Long.toString(System.nanoTime(), 36);
            tagContoso(browser, tag);
            browser.get(Deployments.http().resolve("user-management/index.xhtml?name=ade&tag=" + tag).toString());
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:users"),
                    "adele.vance@contoso.example"));
            browser.get(Deployments.http().resolve("user-management/index.xhtml?name=ade&tag=none-" + tag)
                    .toString());
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:users"),
                    "No user matches"));
            browser.get(Deployments.http().resolve("user-management/index.xhtml?tag=not%20a%20tag").toString());
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:tagProblem"),
                    "A tag is up to 40 letters"));
        } finally {
            adele.json().put("accountEnabled", true);
            PortalEmulator.emulator().directory().setPassword(adele, "Tenantry-Demo-2026!");
            disconnectContoso(browser, jar);
        }
    }

    @Test
    void aUserIsCreatedFromAnMspWideTemplateWithItsLicenceAndGroupAndAPasswordShownOnce(WebDriver browser)
            throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        String sales = PortalEmulator.emulator().directory().addGroup(contoso, dev.tenantry.emulator.http.Json.object()
                .put("displayName", "Sales Team").put("securityEnabled", true).put("mailEnabled", false), List.of())
                .path("id").asText();
        Path jar = connectContoso(browser);
        try {
            // The directory is synced first: the licences a template names are the tenant's subscriptions
            syncContoso(browser);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:users"),
                    "adele.vance@contoso.example"));

            // An MSP-wide template: Sales, in Britain, with Office 365 E5 and the Sales Team group
            browser.get(Deployments.http().resolve("user-management/templates.xhtml").toString());
            waitFor(browser).until(ExpectedConditions.titleIs("User templates · Tenantry"));
            browser.findElement(By.id("templatesForm:name")).sendKeys("Sales");
            browser.findElement(By.id("templatesForm:usageLocation")).sendKeys("gb");
            browser.findElement(By.id("templatesForm:department")).sendKeys("Sales");
            browser.findElement(By.id("templatesForm:licences")).sendKeys("ENTERPRISEPREMIUM");
            browser.findElement(By.id("templatesForm:groups")).sendKeys("Sales Team");
            browser.findElement(By.id("templatesForm:save")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Template saved: Sales"));

            // Create: the domains need the create scope set; the template fills the form
            browser.get(Deployments.http().resolve("user-management/create.xhtml?tenant="
                    + contoso.id()).toString());
            waitFor(browser).until(ExpectedConditions.titleIs("Create a user · Tenantry"));
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("createForm:grantCreate"))).click();
            waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
            String card = browser.findElement(By.tagName("main")).getText();
            assertTrue(card.contains("User.ReadWrite.All") && card.contains("Domain.Read.All"), card);
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, "Create a user · Tenantry");
            dev.tenantry.it.browser.PortalPages.choose(browser, "createForm:template", "Sales (MSP-wide)");
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("createForm:groups"),
                    "Sales Team"));
            assertEquals("GB", browser.findElement(By.id("createForm:usageLocation")).getAttribute("value"));
            browser.findElement(By.id("createForm:givenName")).sendKeys("Nina");
            browser.findElement(By.id("createForm:surname")).sendKeys("Novak");
            browser.findElement(By.id("createForm:username")).sendKeys("nina.novak");
            // The licence and the group each ask their scope set before anything is created
            for (String permission : List.of("LicenseAssignment.ReadWrite.All", "GroupMember.ReadWrite.All")) {
                browser.findElement(By.id("createForm:create")).click();
                waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("createForm:grantAction")))
                        .click();
                waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
                assertTrue(browser.findElement(By.tagName("main")).getText().contains(permission));
                grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, "Create a user · Tenantry");
                assertTrue(contoso.user("nina.novak@" + DOMAIN).isEmpty(), "nothing created while consent is asked");
                dev.tenantry.it.browser.PortalPages.choose(browser, "createForm:template", "Sales (MSP-wide)");
                waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("createForm:groups"),
                        "Sales Team"));
                browser.findElement(By.id("createForm:givenName")).sendKeys("Nina");
                browser.findElement(By.id("createForm:surname")).sendKeys("Novak");
                browser.findElement(By.id("createForm:username")).sendKeys("nina.novak");
            }
            browser.findElement(By.id("createForm:create")).click();
            String password = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id(
                    "newPassword"))).getText();
            DirectoryUser nina = contoso.user("nina.novak@" + DOMAIN).orElseThrow();
            assertTrue(nina.passwordMatches(password));
            assertEquals("Sales", nina.json().path("department").asText());
            assertEquals("GB", nina.json().path("usageLocation").asText());
            assertEquals(1, nina.json().path("assignedLicenses").size());
            assertTrue(contoso.groupMembers(sales).contains(nina.id()));

            browser.findElement(By.id("createForm:createdUser")).click();
            waitFor(browser).until(ExpectedConditions.titleIs("Nina Novak · Tenantry"));
            assertTrue(browser.findElement(By.id("actionsForm:history")).getText().contains("template Sales"));
        } finally {
            contoso.user("nina.novak@" + DOMAIN).ifPresent(nina -> PortalEmulator.emulator().directory()
                    .deleteUser(contoso, nina));
            PortalEmulator.emulator().directory().deleteGroup(contoso, sales);
            disconnectContoso(browser, jar);
        }
    }

    @Test
    void anOffboardingScheduledForTheNextMinuteRunsOnItsScheduleAndIsUndone(WebDriver browser) throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        DirectoryUser isaiah = contoso.user("isaiah.langer@" + DOMAIN).orElseThrow();
        String projects = PortalEmulator.emulator().directory().addGroup(contoso, dev.tenantry.emulator.http.Json
                .object().put("displayName", "Projects").put("securityEnabled", true).put("mailEnabled", false),
                List.of(isaiah.id())).path("id").asText();
        int licences = isaiah.json().path("assignedLicenses").size();
        long groups = contoso.groups().stream().filter(group -> contoso.groupMembers(group.path("id").asText())
                .contains(isaiah.id())).count();
        Path jar = connectContoso(browser);
        try {
            syncContoso(browser);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersForm:users"),
                    "isaiah.langer@contoso.example"));
            // A scheduled offboarding runs without anyone there: its scope sets are granted beforehand
            grantAhead(browser, contoso.id(), "/user-management/offboarding.xhtml", "Offboarding · Tenantry",
                    "user-management.sign-in-block", "user-management.group-membership", "user-management.licences");

            // Isaiah: block sign-in, groups and licences, scheduled for the next minute
            WebElement tenant = browser.findElement(By.id("offboardingForm:tenant_input"));
            tenant.sendKeys("Contoso (us");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//li[contains(@class,'ui-autocomplete-item') and @data-item-label='" + NAME + "']"))).click();
            settle(browser);
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("offboardingForm:user_input")))
                    .sendKeys("isa");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//li[contains(@class,'ui-autocomplete-item') and contains(@data-item-label,'isaiah.langer')]")))
                    .click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("leavers"),
                    "isaiah.langer@contoso.example"));
            for (String label : List.of("Revoke sessions", "Reset MFA", "Convert the mailbox to shared",
                    "Hide from the address list")) {
                browser.findElement(By.xpath("//*[@id='offboardingForm:steps']//label[normalize-space()='" + label
                        + "']")).click();
            }
            // The next minute: a plan for later, which the schedule runs when it comes
            String now = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1).format(
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
            WebElement runAt = browser.findElement(By.id("offboardingForm:runAt_input"));
            runAt.sendKeys(now);
            runAt.sendKeys(org.openqa.selenium.Keys.ESCAPE);
            browser.findElement(By.id("offboardingForm:review")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("reviewSteps"),
                    "BLOCK_SIGN_IN"));
            String reviewed = browser.findElement(By.id("reviewSteps")).getText();
            assertFalse(reviewed.contains("RESET_MFA") || reviewed.contains("REVOKE_SESSIONS"), reviewed);
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("offboardingForm:start"))).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "scheduled for"));

            // The schedule runs it: the page shows it done
            new WebDriverWait(browser, Duration.ofSeconds(150)).pollingEvery(Duration.ofSeconds(5)).until(driver -> {
                driver.navigate().refresh();
                return driver.findElements(By.cssSelector("#offboardingForm\\:plans .plan-state")).stream()
                        .anyMatch(state -> state.getText().equals("DONE"));
            });
            assertFalse(isaiah.accountEnabled());
            assertFalse(contoso.groupMembers(projects).contains(isaiah.id()));
            assertEquals(0, isaiah.json().path("assignedLicenses").size());
            browser.findElement(By.cssSelector("button.open-plan")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("offboardingForm:runs"),
                    "Removed from " + groups + " group(s)"));
            String steps = browser.findElement(By.id("offboardingForm:runs")).getText();
            assertTrue(steps.contains(groups + " group(s), " + licences + " licence(s)"), steps);
            assertFalse(steps.contains("Reset MFA") || steps.contains("Revoke sessions"), "steps left out: " + steps);

            // Rehired: Undo puts back the group, the licences and sign-in
            browser.findElement(By.cssSelector("button.undo-run")).click();
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes")))
                    .click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "undone"));
            assertTrue(isaiah.accountEnabled());
            assertTrue(contoso.groupMembers(projects).contains(isaiah.id()));
            assertEquals(licences, isaiah.json().path("assignedLicenses").size());

            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"user-management.offboarding.planned", "user-management.offboarding.ran",
                    "user-management.offboarding.undone"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
        } finally {
            isaiah.json().put("accountEnabled", true);
            PortalEmulator.emulator().directory().deleteGroup(contoso, projects);
            disconnectContoso(browser, jar);
        }
    }

    @Test
    void aCsvImportShowsItsBadRowAndCreatesTheGoodOnesThroughTheTenantAction(WebDriver browser) throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        Path jar = connectContoso(browser);
        try {
            // The import checks and creates with the directory and create scope sets, granted beforehand
            grantAhead(browser, contoso.id(), "/user-management/bulk.xhtml", "Bulk import · Tenantry",
                    "user-management.directory", "user-management.create");
            WebElement tenant = browser.findElement(By.id("bulkForm:tenant_input"));
            tenant.sendKeys("Contoso (us");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//li[contains(@class,'ui-autocomplete-item') and @data-item-label='" + NAME + "']"))).click();
            WebElement csv = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("bulkForm:csv")));
            csv.sendKeys("userPrincipalName,displayName,usageLocation\n"
                    + "ivy.park@contoso.example,Ivy Park,GB\n"
                    + "adele.vance@contoso.example,Adele Again,GB\n"
                    + "jon.snow@contoso.example,Jon Snow,GB\n");
            browser.findElement(By.id("bulkForm:check")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("previewSummary"),
                    "2 / 3"));
            assertTrue(browser.findElement(By.id("bulkForm:preview")).getText().contains("The sign-in name is taken"),
                    "the bad row says why");
            browser.findElement(By.id("bulkForm:submit")).click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "2 user(s) queued"));
            assertTrue(contoso.user("adele.vance@" + DOMAIN).isPresent());

            // The job creates them; the page follows
            new WebDriverWait(browser, Duration.ofSeconds(150)).pollingEvery(Duration.ofSeconds(5)).until(driver -> {
                driver.navigate().refresh();
                return contoso.user("jon.snow@" + DOMAIN).isPresent() && contoso.user("ivy.park@" + DOMAIN)
                        .isPresent();
            });
            browser.get(Deployments.http().resolve("settings/audit.xhtml").toString());
            String trail = browser.findElement(By.tagName("main")).getText();
            for (String action : new String[] {"user-management.bulk-create", "user-management.bulk-create.queued",
                    "user-management.create-user"}) {
                assertTrue(trail.contains(action), "audited: " + action);
            }
        } finally {
            for (String upn : List.of("ivy.park@", "jon.snow@")) {
                contoso.user(upn + DOMAIN).ifPresent(user -> PortalEmulator.emulator().directory().deleteUser(contoso,
                        user));
            }
            disconnectContoso(browser, jar);
        }
    }

    @Test
    void aMicrosoft365GroupIsDeletedAndRestoredFromItsPage(WebDriver browser) throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        Tenant contoso = PortalEmulator.emulator().tenant(DOMAIN);
        String team = PortalEmulator.emulator().directory().addGroup(contoso, dev.tenantry.emulator.http.Json.object()
                .put("displayName", "Project Falcon").put("mailEnabled", true).put("securityEnabled", false)
                .set("groupTypes", dev.tenantry.emulator.http.Json.array().add("Unified")), List.of()).path("id")
                .asText();
        Path jar = connectContoso(browser);
        try {
            grantAhead(browser, contoso.id(), "/user-management/groups.xhtml", "Microsoft 365 groups · Tenantry",
                    "user-management.directory", "user-management.group-lifecycle");
            WebElement tenant = browser.findElement(By.id("groupsForm:tenant_input"));
            tenant.sendKeys("Contoso (us");
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//li[contains(@class,'ui-autocomplete-item') and @data-item-label='" + NAME + "']"))).click();
            settle(browser);
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("groupsForm:active"),
                    "Project Falcon"));
            waitFor(browser).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(driver -> {
                driver.findElement(By.xpath("//tr[td//span[@class='m365-group' and text()='Project Falcon']]"
                        + "//button[contains(@class,'delete-group')]")).click();
                return true;
            });
            waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ui-confirmdialog-yes")))
                    .click();
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Group deleted"));
            assertTrue(contoso.group(team).isEmpty());
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id(
                    "groupsForm:deletedGroups"), "Project Falcon"));
            waitFor(browser).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(driver -> {
                driver.findElement(By.xpath("//tr[td//span[@class='deleted-group' and text()='Project Falcon']]"
                        + "//button[contains(@class,'restore-group')]")).click();
                return true;
            });
            waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                    "Group restored"));
            assertTrue(contoso.group(team).isPresent());
        } finally {
            PortalEmulator.emulator().directory().deleteGroup(contoso, team);
            disconnectContoso(browser, jar);
        }
    }

    /**
     * Installs the plugin, signs in as the Owner, runs it, and adds Contoso afresh (without consent); returns the jar
     * for {@link #disconnectContoso}.
     */
    private static Path connectContoso(WebDriver browser) throws Exception {
        Path jar = Deployments.dropUserManagementPlugin();
        SignIn.as(browser, OWNER, "settings/plugins.xhtml");
        runPlugin(browser, "user-management");
        browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
        removeTenant(browser, DOMAIN);
        addTenant(browser, DOMAIN, NAME);
        return jar;
    }

    /** Gives Contoso a tag on the tenants page. */
    private static void tagContoso(WebDriver browser, String tag) {
        browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
        By contoso = By.xpath("//tr[td[normalize-space()='" + DOMAIN + "']]");
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(contoso))
                .findElement(By.cssSelector("button.edit-tenant")).click();
        WebElement name = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id(
                "editForm:editName")));
        waitFor(browser).until(ExpectedConditions.attributeToBe(name, "value", NAME));
        browser.findElement(By.id("editForm:editTags_input")).sendKeys(tag, org.openqa.selenium.Keys.ENTER);
        browser.findElement(By.id("editForm:saveEdit")).click();
        waitFor(browser).until(ExpectedConditions.textToBePresentInElementLocated(contoso, tag));
        settle(browser);
    }

    /** Takes away what {@link #connectContoso} did, and Contoso's consent. */
    private static void disconnectContoso(WebDriver browser, Path jar) throws Exception {
        PortalEmulator.forgetConsent(DOMAIN);
        uninstall(browser, jar);
        browser.get(Deployments.http().resolve("tenants/index.xhtml").toString());
        removeTenant(browser, DOMAIN);
    }

    /** Sync now on the users page: consent asked and granted for the directory scope set, then synced. */
    private static void syncContoso(WebDriver browser) {
        browser.get(Deployments.http().resolve("user-management/index.xhtml").toString());
        filterTenant(browser, "Contoso (us");
        syncNow(browser);
        waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#syncProblems a.grant-directory"))).click();
        waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
        grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, USERS);
        filterTenant(browser, "Contoso (us");
        syncNow(browser);
    }

    /** Grants scope sets in Contoso ahead of what needs them, from their consent cards, back on {@code page}. */
    private static void grantAhead(WebDriver browser, String tenantId, String page, String title,
            String... scopeSets) {
        for (String scopeSet : scopeSets) {
            browser.get(Deployments.http().resolve("consent/required.xhtml?tenant=" + tenantId + "&scopeSet="
                    + scopeSet + "&from=" + page).toString());
            waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
            grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, title);
        }
    }

    /** Picks the tenant in the users table's tenant filter. */
    private static void filterTenant(WebDriver browser, String typed) {
        settle(browser);
        WebElement input = browser.findElement(By.id("usersForm:tenantFilter_input"));
        input.clear();
        input.sendKeys(typed);
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//li[contains(@class,'ui-autocomplete-item') and @data-item-label='" + NAME + "']"))).click();
        settle(browser);
    }

    /** Clicks Sync now and waits until the sync ended and the page drew its outcome. */
    private static void syncNow(WebDriver browser) {
        List<WebElement> before = browser.findElements(By.id("syncState"));
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("usersForm:syncNow"))).click();
        if (!before.isEmpty()) {
            waitFor(browser).until(ExpectedConditions.stalenessOf(before.get(0)));
        }
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(org.openqa.selenium.StaleElementReferenceException
                .class).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#syncState:not(.sync-state-RUNNING)")));
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("usersForm:syncNow")));
    }

    /** Reset password, to be mailed home, confirmed. */
    private static void resetPassword(WebDriver browser) {
        WebElement mailTo = waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id(
                "actionsForm:mailTo")));
        mailTo.clear();
        mailTo.sendKeys(HOME_MAIL);
        browser.findElement(By.id("actionsForm:resetPassword")).click();
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                ".ui-confirmdialog-yes"))).click();
    }

    /** The action asked for its scope set: grant exactly that at Microsoft and come back to Adele's page. */
    private static void grantAsked(WebDriver browser, String permission) {
        waitFor(browser).until(ExpectedConditions.elementToBeClickable(By.id("actionsForm:grantAction"))).click();
        waitFor(browser).until(ExpectedConditions.titleIs(CONSENT));
        String card = browser.findElement(By.tagName("main")).getText();
        assertTrue(card.contains(permission), card);
        grantAtProvider(browser, By.id("grantForm:grant"), ADMIN, ADELE_PAGE);
    }
}
