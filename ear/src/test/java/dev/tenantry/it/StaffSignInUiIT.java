package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.emulator.identity.Tokens;
import dev.tenantry.it.browser.Chromium;
import dev.tenantry.it.browser.SignIn;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Staff sign-in through the emulator's Entra in a real browser: access, no access, sign-out, forged answers. */
@ExtendWith({ArquillianExtension.class, Chromium.class})
@RunAsClient
class StaffSignInUiIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void theSignInRequestUsesPkceStateAndNonceAgainstTheMspTenant(WebDriver browser) {
        browser.get(Deployments.http().resolve("settings/index.xhtml").toString());
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));

        List<RequestLog.Entry> authorizations = PortalEmulator.emulator().requestLog()
                .matching(entry -> entry.path().endsWith("/oauth2/v2.0/authorize"));
        RequestLog.Entry authorize = authorizations.get(authorizations.size() - 1);
        assertTrue(authorize.path().startsWith("/northwind-msp.example/"), authorize.path());
        String query = URLDecoder.decode(authorize.query(), StandardCharsets.UTF_8);
        assertTrue(query.contains("code_challenge_method=S256"), query);
        assertTrue(query.matches(".*(^|&)code_challenge=[A-Za-z0-9_-]{43}(&|$).*"), query);
        assertTrue(query.matches(".*(^|&)state=[^&]{20,}.*") && query.matches(".*(^|&)nonce=[^&]{20,}.*"), query);
        assertTrue(query.contains("client_id=" + PortalEmulator.TENANTRY_APP), query);
    }

    @Test
    void anOwnerReturnsToThePageThatAskedForTheSignIn(WebDriver browser) {
        SignIn.as(browser, "alex.morgan@northwind-msp.example", "settings/index.xhtml");

        assertEquals("Settings · Tenantry", browser.getTitle());
        assertTrue(browser.getCurrentUrl().endsWith("/settings/index.xhtml"), browser.getCurrentUrl());
    }

    @Test
    void aStaffMemberWithoutARoleSeesNoAccessYetOnEveryPage(WebDriver browser) {
        SignIn.as(browser, "sam.patel@northwind-msp.example", "");

        assertEquals("No access yet · Tenantry", browser.getTitle());
        assertTrue(browser.findElement(By.id("signedInAs")).getText().contains("sam.patel@northwind-msp.example"));
        browser.get(Deployments.http().resolve("settings/index.xhtml").toString());
        assertEquals("No access yet · Tenantry", browser.getTitle());
        assertTrue(browser.findElements(By.id("navigation")).isEmpty(), "no part of the portal is shown");
    }

    @Test
    void signingOutEndsTheSessionHereAndAtTheIdentityProvider(WebDriver browser) {
        SignIn.as(browser, "alex.morgan@northwind-msp.example", "");
        int signOutsBefore = providerSignOuts();

        browser.findElement(By.id("signOut")).click();

        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("signedOut")));
        assertEquals(signOutsBefore + 1, providerSignOuts(), "signed out at the identity provider too");
        browser.get(Deployments.http().toString());
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(PortalEmulator.emulator().identityBaseUrl()),
                "signed out: the portal asks for a new sign-in, " + browser.getCurrentUrl());
    }

    @Test
    void aForgedOrReplayedAnswerSignsNobodyIn(WebDriver browser) {
        browser.get(Deployments.http().toString());
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        String state = URI.create(browser.getCurrentUrl()).getQuery().replaceAll(".*(^|&)state=([^&]+).*", "$2");

        browser.get(Deployments.http().resolve("auth/callback?state=forged&code=anything").toString());
        assertEquals("Sign-in did not complete · Tenantry", browser.getTitle());
        browser.get(Deployments.http().resolve("settings/index.xhtml").toString());
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));

        SignIn.as(browser, "alex.morgan@northwind-msp.example", "");
        browser.get(Deployments.http().resolve("auth/callback?state=" + state + "&code=replayed").toString());
        assertEquals("Sign-in did not complete · Tenantry", browser.getTitle(), "a used state never answers twice");
    }

    @Test
    void anEndedSessionCannotBeReusedAndAPageWhoseSessionExpiredSignsInAgain(WebDriver browser) {
        SignIn.as(browser, "alex.morgan@northwind-msp.example", "settings/access.xhtml");
        String ended = browser.manage().getCookieNamed("JSESSIONID").getValue();
        browser.findElement(By.id("signOut")).click();
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("signedOut")));

        browser.manage().deleteCookieNamed("JSESSIONID");
        browser.manage().addCookie(new Cookie("JSESSIONID", ended, "/"));
        browser.get(Deployments.http().resolve("settings/index.xhtml").toString());
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(PortalEmulator.emulator().identityBaseUrl()),
                "an ended session's id lets nobody in: " + browser.getCurrentUrl());

        SignIn.as(browser, "alex.morgan@northwind-msp.example", "settings/access.xhtml");
        browser.manage().deleteCookieNamed("JSESSIONID");
        browser.findElement(By.id("checkForm:user")).sendKeys("alex.morgan@northwind-msp.example");
        browser.findElement(By.id("checkForm:check")).click();
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys("alex.morgan@northwind-msp.example");
        browser.findElement(By.id("password")).sendKeys(PortalEmulator.PASSWORD);
        browser.findElement(By.id("signIn")).click();
        wait(browser).until(ExpectedConditions.titleIs("Roles & access · Tenantry"));
        assertTrue(browser.getCurrentUrl().endsWith("/settings/access.xhtml"), "back on the page whose session "
                + "expired: " + browser.getCurrentUrl());
        assertTrue(browser.findElements(By.cssSelector("code.checked-permission")).isEmpty(),
                "the request of the expired page was not carried out");
    }

    @Test
    void aStaffMemberInMoreGroupsThanATokenListsIsToldWhyGroupRolesDoNotApply(WebDriver browser) {
        M365Emulator emulator = PortalEmulator.emulator();
        Tenant northwind = emulator.tenant("northwind-msp.example");
        String robin = northwind.user("robin.chen@northwind-msp.example").orElseThrow().id();
        List<String> groups = new ArrayList<>();
        try {
            for (int i = 0; i <= Tokens.GROUPS_IN_TOKEN_LIMIT; i++) {
                groups.add(emulator.directory().addGroup(northwind, Json.MAPPER.createObjectNode()
                        .put("displayName", "Overage test " + i).put("mailNickname", "overage-test-" + i),
                        List.of(robin)).get("id").asText());
            }

            SignIn.as(browser, "robin.chen@northwind-msp.example", "");

            assertEquals("No access yet · Tenantry", browser.getTitle());
            assertTrue(browser.findElement(By.id("groupsOverage")).getText().contains("more groups than a sign-in "
                    + "token can list"));
        } finally {
            groups.forEach(id -> emulator.directory().deleteGroup(northwind, id));
        }
    }

    private static int providerSignOuts() {
        return PortalEmulator.emulator().requestLog().matching(entry -> entry.path().endsWith("/oauth2/v2.0/logout")).size();
    }

    private static WebDriverWait wait(WebDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
