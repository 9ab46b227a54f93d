package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.InteractionRequiredExceptionReason;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.TokenSource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.identity.Tokens;
import dev.tenantry.emulator.http.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real, unmodified MSAL4J against the emulator's identity endpoints. */
class MsalFlowsTest {

    static final String CLIENT_ID = "0c3f7a1e-5b2d-4e8f-9a61-7d2c4b8e1f35";
    static final String SECRET = "test-client-secret";
    static final String REDIRECT = "http://localhost:8080/auth/callback";
    static final String CONTOSO = "contoso.example";
    static final String FABRIKAM = "fabrikam.example";
    static final String PASSWORD = "Tenantry-Demo-2026!";
    static final String EWS = "https://outlook.office365.com/EWS.AccessAsUser.All";

    static M365Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.register(testApplication());
    }

    static Application testApplication() {
        return new Application(CLIENT_ID, "Tenantry tests", emulator.tenant("northwind-msp.example").id(),
                List.of(SECRET), List.of(REDIRECT), Map.of("00000003-0000-0000-c000-000000000000",
                        new Application.RequiredAccess(Set.of("User.Read"), Set.of("User.Read.All"))));
    }

    @Test
    void authorizationCodeWithPkceYieldsTokensWhoseScpHoldsEveryConsentedScope() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        Pkce pkce = new Pkce();
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read"), pkce))
                .signIn(CONTOSO, "adele.vance@contoso.example", PASSWORD);
        assertTrue(browser.showsConsent(), "first use asks for consent");
        assertTrue(browser.page().contains("data-scope=\"User.Read\""), browser.page());
        Map<String, String> answer = browser.accept(CONTOSO, false).redirectParameters();
        assertEquals(pkce.state, answer.get("state"));

        IAuthenticationResult result = redeem(app, answer.get("code"), Set.of("User.Read"), pkce);

        JWTClaimsSet access = claims(result.accessToken());
        assertEquals("https://graph.microsoft.com", access.getAudience().get(0));
        assertEquals("https://sts.windows.net/" + emulator.tenant(CONTOSO).id() + "/", access.getIssuer());
        assertTrue(Set.of(access.getStringClaim("scp").split(" ")).contains("User.Read"));
        assertEquals(CLIENT_ID, access.getStringClaim("appid"));
        JWTClaimsSet id = claims(result.idToken());
        assertEquals(pkce.nonce, id.getStringClaim("nonce"));
        assertEquals(CLIENT_ID, id.getAudience().get(0));
        assertEquals("adele.vance@contoso.example", result.account().username());
        assertEquals(access.getStringClaim("oid") + "." + emulator.tenant(CONTOSO).id(), result.account().homeAccountId(),
                "MSAL derives the account's home id from client_info");

        // A second sign-in asks for one more scope: consent shows only that one, the token then carries both.
        Pkce second = new Pkce();
        browser.open(authorizationUrl(app, Set.of("User.Read", "Mail.Read"), second));
        assertTrue(browser.showsConsent());
        assertTrue(browser.page().contains("data-scope=\"Mail.Read\""));
        assertFalse(browser.page().contains("data-scope=\"User.Read\""), "already granted scopes are not asked again");
        Map<String, String> more = browser.accept(CONTOSO, false).redirectParameters();
        IAuthenticationResult both = redeem(app, more.get("code"), Set.of("Mail.Read"), second);
        Set<String> scp = Set.of(claims(both.accessToken()).getStringClaim("scp").split(" "));
        assertTrue(scp.containsAll(Set.of("User.Read", "Mail.Read")), scp.toString());
    }

    @Test
    void aUserWhoseMfaIsEnforcedSignsInWithTheCodeSentAndAGrantWithoutASecondFactorNoLongerServes()
            throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        String lee = "lee.gu@contoso.example";
        Pkce first = new Pkce();
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read"),
                first)).signIn(CONTOSO, lee, PASSWORD);
        if (browser.showsConsent()) {
            browser.accept(CONTOSO, false);
        }
        IAuthenticationResult withPassword = redeem(app, browser.redirectParameters().get("code"), Set.of("User.Read"),
                first);
        assertEquals(List.of("pwd"), claims(withPassword.accessToken()).getStringListClaim("amr"));

        emulator.tenant(CONTOSO).user(lee).orElseThrow().enforceMfa(true);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> app.acquireTokenSilently(silent(withPassword, Set.of("User.Read"), true)).get());
        MsalInteractionRequiredException required = assertInstanceOf(MsalInteractionRequiredException.class,
                refused.getCause());
        assertTrue(required.getMessage().contains("AADSTS50076"), required.getMessage());

        // The browser's session was made without a second factor: the sign-in page again, then the code
        Pkce second = new Pkce();
        browser.open(authorizationUrl(app, Set.of("User.Read"), second));
        assertFalse(browser.asksForCode());
        browser.signIn(CONTOSO, lee, PASSWORD);
        assertTrue(browser.asksForCode(), browser.page());
        String sent = browser.sentCode();
        browser.enterCode(CONTOSO, sent.equals("000000") ? "000001" : "000000");
        assertTrue(browser.asksForCode(), "a wrong code is refused");
        assertTrue(browser.page().contains("AADSTS500121"), browser.page());
        Map<String, String> answer = browser.enterCode(CONTOSO, sent).redirectParameters();
        IAuthenticationResult withCode = redeem(app, answer.get("code"), Set.of("User.Read"), second);
        assertEquals(List.of("pwd", "mfa"), claims(withCode.accessToken()).getStringListClaim("amr"));
        IAuthenticationResult refreshed = app.acquireTokenSilently(silent(withCode, Set.of("User.Read"), true)).get();
        assertEquals(List.of("pwd", "mfa"), claims(refreshed.accessToken()).getStringListClaim("amr"),
                "a grant made with the second factor keeps serving");

        // Three wrong codes start the sign-in over
        BrowserlessSignIn other = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read"),
                new Pkce())).signIn(CONTOSO, lee, PASSWORD);
        String code = other.sentCode();
        String wrong = code.equals("111111") ? "222222" : "111111";
        other.enterCode(CONTOSO, wrong).enterCode(CONTOSO, wrong).enterCode(CONTOSO, wrong);
        assertFalse(other.asksForCode());
        assertTrue(other.page().contains("Sign in to your account") && other.page().contains("AADSTS500121"));
    }

    @Test
    void silentRefreshWorksAndAnUngrantedScopeFailsWithConsentRequired() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        IAuthenticationResult first = signInAndConsent(app, "adele.vance@contoso.example", Set.of("User.Read"));

        IAuthenticationResult cached = app.acquireTokenSilently(silent(first, Set.of("User.Read"), false)).get();
        assertEquals(TokenSource.CACHE, cached.metadata().tokenSource());
        IAuthenticationResult refreshed = app.acquireTokenSilently(silent(first, Set.of("User.Read"), true)).get();
        assertEquals(TokenSource.IDENTITY_PROVIDER, refreshed.metadata().tokenSource());

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> app.acquireTokenSilently(silent(first, Set.of("User.Read.All"), true)).get());
        MsalInteractionRequiredException required = assertInstanceOf(MsalInteractionRequiredException.class, failure.getCause());
        assertEquals(InteractionRequiredExceptionReason.CONSENT_REQUIRED, required.reason());
        assertTrue(required.getMessage().contains("AADSTS65001"), required.getMessage());
    }

    @Test
    void revokedSessionsInvalidateTheRefreshToken() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        IAuthenticationResult first = signInAndConsent(app, "adele.vance@contoso.example", Set.of("User.Read"));
        Tenant contoso = emulator.tenant(CONTOSO);
        DirectoryUser adele = contoso.user("adele.vance@contoso.example").orElseThrow();
        emulator.advanceClock(java.time.Duration.ofSeconds(2));

        emulator.revokeSessions(adele);

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> app.acquireTokenSilently(silent(first, Set.of("User.Read"), true)).get());
        MsalServiceException error = assertInstanceOf(MsalServiceException.class, failure.getCause());
        assertEquals("invalid_grant", error.errorCode());
        assertTrue(error.getMessage().contains("AADSTS50173"), error.getMessage());
    }

    @Test
    void aCodeIsSingleUseAndBoundToItsVerifierAndRedirectUri() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        Pkce pkce = new Pkce();
        String code = codeAfterConsent(app, "adele.vance@contoso.example", Set.of("User.Read"), pkce);

        Pkce wrong = new Pkce();
        MsalServiceException badVerifier = serviceError(() -> redeem(app, code, Set.of("User.Read"), wrong));
        assertEquals("invalid_grant", badVerifier.errorCode());
        assertTrue(badVerifier.getMessage().contains("AADSTS501481"), badVerifier.getMessage());

        MsalServiceException badRedirect = serviceError(() -> app.acquireToken(AuthorizationCodeParameters
                .builder(code, new URI("http://localhost:8080/elsewhere")).scopes(Set.of("User.Read"))
                .codeVerifier(pkce.verifier).build()).get());
        assertTrue(badRedirect.getMessage().contains("AADSTS500112"), badRedirect.getMessage());

        redeem(app, code, Set.of("User.Read"), pkce);
        MsalServiceException reused = serviceError(() -> redeem(app, code, Set.of("User.Read"), pkce));
        assertEquals("invalid_grant", reused.errorCode());
        assertTrue(reused.getMessage().contains("AADSTS54005"), reused.getMessage());
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        Pkce pkce = new Pkce();
        String code = codeAfterConsent(app, "adele.vance@contoso.example", Set.of("User.Read"), pkce);
        emulator.advanceClock(java.time.Duration.ofMinutes(11));

        MsalServiceException expired = serviceError(() -> redeem(app, code, Set.of("User.Read"), pkce));
        assertTrue(expired.getMessage().contains("AADSTS70008"), expired.getMessage());
    }

    @Test
    void aUserCannotConsentToAnAdminOnlyScopeAndSeesNeedAdminApproval() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        Pkce pkce = new Pkce();
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator)
                .open(authorizationUrl(app, Set.of("User.Read.All"), pkce))
                .signIn(CONTOSO, "adele.vance@contoso.example", PASSWORD);

        assertTrue(browser.page().contains("Need admin approval"), browser.page());
        assertFalse(browser.showsConsent());
        Map<String, String> answer = browser.decline(CONTOSO, "return").redirectParameters();
        assertEquals("consent_required", answer.get("error"));
        assertTrue(answer.get("error_description").startsWith("AADSTS90094"), answer.get("error_description"));
        assertEquals(pkce.state, answer.get("state"));
    }

    @Test
    void aTenantThatForbidsUserConsentSendsEvenUserScopesToAnAdmin() throws Exception {
        ConfidentialClientApplication app = msal(FABRIKAM);
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator)
                .open(authorizationUrl(app, Set.of("User.Read"), new Pkce()))
                .signIn(FABRIKAM, "diego.siciliani@fabrikam.example", PASSWORD);

        assertTrue(browser.page().contains("Need admin approval"), browser.page());
    }

    @Test
    void anAdminConsentingForTheOrganizationSparesEveryUserTheConsentPage() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        Pkce admin = new Pkce();
        BrowserlessSignIn megan = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read.All"), admin))
                .signIn(CONTOSO, "megan.bowen@contoso.example", PASSWORD);
        assertTrue(megan.showsConsent());
        assertTrue(megan.page().contains("Consent on behalf of your organization"));
        redeem(app, megan.accept(CONTOSO, true).redirectParameters().get("code"), Set.of("User.Read.All"), admin);

        Pkce user = new Pkce();
        BrowserlessSignIn adele = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read.All"), user))
                .signIn(CONTOSO, "adele.vance@contoso.example", PASSWORD);
        assertFalse(adele.showsConsent(), "no consent page after tenant-wide consent");
        IAuthenticationResult result = redeem(app, adele.redirectParameters().get("code"), Set.of("User.Read.All"), user);
        assertTrue(claims(result.accessToken()).getStringClaim("scp").contains("User.Read.All"));
        assertTrue(emulator.tenant(CONTOSO).permissionGrants().stream()
                .anyMatch(grant -> grant.path("consentType").asText().equals("AllPrincipals")
                        && grant.path("scope").asText().contains("User.Read.All")));
    }

    @Test
    void aUserConsentsToWhatIsMissingForThemWhileTheOrganisationGrantedTheAdministratorsPart() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        Pkce admin = new Pkce();
        // The administrator consents for the organisation to an administrator's permission only
        BrowserlessSignIn megan = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read.All"),
                admin)).signIn(CONTOSO, "megan.bowen@contoso.example", PASSWORD);
        redeem(app, megan.accept(CONTOSO, true).redirectParameters().get("code"), Set.of("User.Read.All"), admin);

        // A user asked for it and for a permission users grant themselves is asked only the latter, and may grant it
        Pkce user = new Pkce();
        Set<String> asked = Set.of("User.Read.All", "Mail.Send");
        BrowserlessSignIn adele = new BrowserlessSignIn(emulator).open(authorizationUrl(app, asked, user))
                .signIn(CONTOSO, "adele.vance@contoso.example", PASSWORD);
        assertTrue(adele.showsConsent(), adele.page());
        assertFalse(adele.page().contains("Read all users' full profiles"), "what the organisation granted is not "
                + "asked again");
        IAuthenticationResult result = redeem(app, adele.accept(CONTOSO, false).redirectParameters().get("code"),
                asked, user);
        String scp = claims(result.accessToken()).getStringClaim("scp");
        assertTrue(scp.contains("User.Read.All") && scp.contains("Mail.Send"), scp);
        assertTrue(emulator.tenant(CONTOSO).permissionGrants().stream().noneMatch(grant -> grant.path("consentType")
                .asText().equals("Principal") && grant.path("scope").asText().contains("User.Read.All")),
                "the user's own grant holds only what they consented to");
    }

    @Test
    void wrongPasswordAndTamperedRedirectUriAreRefused() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read"), new Pkce()))
                .signIn(CONTOSO, "adele.vance@contoso.example", "wrong");
        assertTrue(browser.page().contains("AADSTS50126"), browser.page());

        String tampered = authorizationUrl(app, Set.of("User.Read"), new Pkce())
                .replace(java.net.URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8),
                        java.net.URLEncoder.encode("https://attacker.example/callback", StandardCharsets.UTF_8));
        browser.open(tampered);
        assertEquals(400, browser.response().statusCode());
        assertTrue(browser.page().contains("AADSTS50011"), browser.page());
        assertFalse(browser.response().headers().firstValue("Location").isPresent(), "never redirects to an unregistered URI");
    }

    @Test
    void clientCredentialsCarryTheGrantedAppRolesOrFailWhereTheAppIsNotInstalled() throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        Application application = testApplication();
        var sp = emulator.directory().ensureServicePrincipal(contoso, application);
        emulator.directory().assignAppRole(contoso, sp, emulator.directory().graphServicePrincipal(contoso),
                emulator.directory().catalogue().graph().appRole("User.Read.All").orElseThrow());

        IAuthenticationResult result = msal(contoso.id()).acquireToken(ClientCredentialParameters
                .builder(Set.of("https://graph.microsoft.com/.default")).build()).get();
        JWTClaimsSet claims = claims(result.accessToken());
        assertEquals(List.of("User.Read.All"), claims.getStringListClaim("roles"));
        assertNull(claims.getClaim("scp"));
        assertEquals("app", claims.getStringClaim("idtyp"));

        MsalServiceException notInstalled = serviceError(() -> msal(emulator.tenant(FABRIKAM).id()).acquireToken(
                ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default")).build()).get());
        assertEquals("unauthorized_client", notInstalled.errorCode());
        assertTrue(notInstalled.getMessage().contains("AADSTS700016"), notInstalled.getMessage());
    }

    @Test
    void aWrongClientSecretIsRefused() {
        Tenant contoso = emulator.tenant(CONTOSO);
        emulator.directory().ensureServicePrincipal(contoso, testApplication());
        MsalServiceException error = serviceError(() -> ConfidentialClientApplication
                .builder(CLIENT_ID, ClientCredentialFactory.createFromSecret("not-the-secret"))
                .authority(emulator.identityBaseUrl() + "/" + contoso.id() + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build()
                .acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default")).build()).get());
        assertEquals("invalid_client", error.errorCode());
        assertTrue(error.getMessage().contains("AADSTS7000215"), error.getMessage());
    }

    @Test
    void discoveryDescribesTheTenantsEndpoints() throws Exception {
        var http = java.net.http.HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();
        Tenant contoso = emulator.tenant(CONTOSO);
        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl()
                + "/contoso.example/v2.0/.well-known/openid-configuration")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var doc = dev.tenantry.emulator.http.Json.parse(response.body());
        assertEquals(emulator.identityBaseUrl() + "/" + contoso.id() + "/v2.0", doc.get("issuer").asText(),
                "the domain resolves to the tenant id, as Microsoft's discovery does");
        assertTrue(doc.get("code_challenge_methods_supported").toString().contains("S256"));
        var keys = http.send(java.net.http.HttpRequest.newBuilder(URI.create(doc.get("jwks_uri").asText())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(keys.body().contains("\"kid\""));

        var unknown = http.send(java.net.http.HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl()
                + "/nosuchtenant.example/v2.0/.well-known/openid-configuration")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("AADSTS90002"));
    }

    @Test
    void adminConsentForDotDefaultGrantsTheRegisteredPermissionsTenantWide() throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        String url = emulator.identityBaseUrl() + "/" + contoso.id() + "/v2.0/adminconsent?client_id=" + CLIENT_ID
                + "&scope=" + java.net.URLEncoder.encode("https://graph.microsoft.com/.default", StandardCharsets.UTF_8)
                + "&redirect_uri=" + java.net.URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&state=admin-1";

        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(url)
                .signIn(contoso.id(), "megan.bowen@contoso.example", PASSWORD);
        assertTrue(browser.showsConsent());
        assertTrue(browser.page().contains("data-scope=\"User.Read.All\""), "the registration's application permission");
        Map<String, String> answer = browser.accept(contoso.id(), false).redirectParameters();

        assertEquals("True", answer.get("admin_consent"));
        assertEquals(contoso.id(), answer.get("tenant"));
        assertEquals("admin-1", answer.get("state"));
        IAuthenticationResult app = msal(contoso.id()).acquireToken(ClientCredentialParameters
                .builder(Set.of("https://graph.microsoft.com/.default")).build()).get();
        assertEquals(List.of("User.Read.All"), claims(app.accessToken()).getStringListClaim("roles"));
        assertTrue(contoso.permissionGrants().stream().anyMatch(grant -> "AllPrincipals".equals(
                grant.path("consentType").asText()) && grant.path("scope").asText().contains("User.Read")));
    }

    @Test
    void aNonAdminCannotGrantAdminConsent() throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        String url = emulator.identityBaseUrl() + "/" + contoso.id() + "/v2.0/adminconsent?client_id=" + CLIENT_ID
                + "&redirect_uri=" + java.net.URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&state=s";

        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(url)
                .signIn(contoso.id(), "adele.vance@contoso.example", PASSWORD);

        assertTrue(browser.page().contains("Need admin approval"), browser.page());
        assertEquals("access_denied", browser.decline(contoso.id(), "return").redirectParameters().get("error"));
        assertTrue(contoso.appRoleAssignments().isEmpty());
    }

    @Test
    void promptNoneAnswersWithoutAPageWhenItCannot() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        String silent = authorizationUrl(app, Set.of("User.Read"), new Pkce()) + "&prompt=none";
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(silent);
        assertEquals("login_required", browser.redirectParameters().get("error"));

        // Signed in (session cookie) but User.Read.All never granted: consent_required, no page.
        browser.open(authorizationUrl(app, Set.of("User.Read"), new Pkce()))
                .signIn(CONTOSO, "adele.vance@contoso.example", PASSWORD).accept(CONTOSO, false);
        browser.open(authorizationUrl(app, Set.of("User.Read.All"), new Pkce()) + "&prompt=none");
        Map<String, String> answer = browser.redirectParameters();
        assertEquals("consent_required", answer.get("error"));
        assertTrue(answer.get("error_description").startsWith("AADSTS65001"), answer.get("error_description"));

        // Signed in and granted: a code straight away, without the sign-in page.
        browser.open(authorizationUrl(app, Set.of("User.Read"), new Pkce()) + "&prompt=none");
        assertTrue(browser.redirectParameters().containsKey("code"));
    }

    @Test
    void deletingTheGrantWithdrawsTheScopeFromTheNextRefresh() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        IAuthenticationResult first = signInAndConsent(app, "adele.vance@contoso.example", Set.of("User.Read"));
        Tenant contoso = emulator.tenant(CONTOSO);
        String grantId = contoso.permissionGrants().get(0).get("id").asText();

        emulator.directory().deletePermissionGrant(contoso, grantId);

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> app.acquireTokenSilently(silent(first, Set.of("User.Read"), true)).get());
        assertEquals(InteractionRequiredExceptionReason.CONSENT_REQUIRED,
                assertInstanceOf(MsalInteractionRequiredException.class, failure.getCause()).reason());
    }

    @Test
    void tokensSignedBeforeAKeyRotationStillValidateAndNewOnesUseTheNewKid() throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        var sp = emulator.directory().ensureServicePrincipal(contoso, testApplication());
        emulator.directory().assignAppRole(contoso, sp, emulator.directory().graphServicePrincipal(contoso),
                emulator.directory().catalogue().graph().appRole("User.Read.All").orElseThrow());
        String before = msal(contoso.id()).acquireToken(ClientCredentialParameters
                .builder(Set.of("https://graph.microsoft.com/.default")).build()).get().accessToken();

        emulator.rotateSigningKey();
        String after = msal(contoso.id()).acquireToken(ClientCredentialParameters
                .builder(Set.of("https://graph.microsoft.com/.default")).skipCache(true).build()).get().accessToken();

        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
        String newKid = SignedJWT.parse(after).getHeader().getKeyID();
        assertFalse(oldKid.equals(newKid));
        var http = java.net.http.HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();
        for (String token : List.of(before, after)) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(emulator.graphBaseUrl() + "/users"))
                    .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }
        String jwks = http.send(java.net.http.HttpRequest.newBuilder(URI.create(emulator.identityBaseUrl()
                + "/common/discovery/v2.0/keys")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(jwks.contains(oldKid) && jwks.contains(newKid), jwks);
    }

    @Test
    void organizationsAuthorityFindsTheTenantFromTheSignInName() throws Exception {
        ConfidentialClientApplication app = msal("organizations");
        Pkce pkce = new Pkce();
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(authorizationUrl(app, Set.of("User.Read"), pkce))
                .signIn("organizations", "grady.archie@fabrikam.example", PASSWORD);

        assertTrue(browser.page().contains("Need admin approval"), "Fabrikam forbids user consent: " + browser.page());
    }

    @Test
    void oneConsentCoversTwoResourcesButEachTokenIsForOneAndTheRefreshTokenServesBoth() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        Pkce pkce = new Pkce();
        Set<String> both = Set.of("User.Read", EWS);
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(authorizationUrl(app, both, pkce))
                .signIn(CONTOSO, "adele.vance@contoso.example", PASSWORD);
        assertTrue(browser.page().contains("data-scope=\"" + EWS + "\""), browser.page());
        String code = browser.accept(CONTOSO, false).redirectParameters().get("code");

        MsalServiceException twoResources = serviceError(() -> redeem(app, code, both, pkce));
        assertEquals("invalid_scope", twoResources.errorCode());
        assertTrue(twoResources.getMessage().contains("AADSTS28000"), twoResources.getMessage());

        IAuthenticationResult graph = redeem(app, code, Set.of("User.Read"), pkce);
        assertEquals("https://graph.microsoft.com", claims(graph.accessToken()).getAudience().get(0));
        assertFalse(claims(graph.accessToken()).getStringClaim("scp").contains("EWS"), "scp holds one resource's scopes");

        IAuthenticationResult exchange = app.acquireTokenSilently(silent(graph, Set.of(EWS), true)).get();
        JWTClaimsSet exchangeClaims = claims(exchange.accessToken());
        assertEquals("https://outlook.office365.com", exchangeClaims.getAudience().get(0));
        assertEquals("EWS.AccessAsUser.All", exchangeClaims.getStringClaim("scp"));
    }

    @Test
    void graphRejectsATokenIssuedForAnotherAudience() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        IAuthenticationResult exchange = signInAndConsent(app, "adele.vance@contoso.example", Set.of(EWS));
        var http = java.net.http.HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();

        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(emulator.graphBaseUrl() + "/me"))
                .header("Authorization", "Bearer " + exchange.accessToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("InvalidAuthenticationToken") && response.body().contains("Invalid audience"),
                response.body());
    }

    @Test
    void exchangeManageIsAdminOnlyAndExchangeManageAsAppIsAnApplicationPermission() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator)
                .open(authorizationUrl(app, Set.of("https://outlook.office365.com/Exchange.Manage"), new Pkce()))
                .signIn(CONTOSO, "adele.vance@contoso.example", PASSWORD);
        assertTrue(browser.page().contains("Need admin approval"), browser.page());

        Tenant contoso = emulator.tenant(CONTOSO);
        var sp = emulator.directory().ensureServicePrincipal(contoso, testApplication());
        var exchangeResource = emulator.directory().catalogue().resource("00000002-0000-0ff1-ce00-000000000000").orElseThrow();
        emulator.directory().assignAppRole(contoso, sp, emulator.directory().resourceServicePrincipal(contoso,
                exchangeResource.appId()), exchangeResource.appRole("Exchange.ManageAsApp").orElseThrow());
        IAuthenticationResult result = msal(contoso.id()).acquireToken(ClientCredentialParameters
                .builder(Set.of("https://outlook.office365.com/.default")).build()).get();
        JWTClaimsSet claims = claims(result.accessToken());
        assertEquals("https://outlook.office365.com", claims.getAudience().get(0));
        assertEquals(List.of("Exchange.ManageAsApp"), claims.getStringListClaim("roles"));
    }

    @Test
    void aScopeTheResourceDoesNotPublishIsRefused() throws Exception {
        ConfidentialClientApplication app = msal(CONTOSO);
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator)
                .open(authorizationUrl(app, Set.of("https://outlook.office365.com/user_impersonation"), new Pkce()));

        Map<String, String> answer = browser.redirectParameters();
        assertEquals("invalid_client", answer.get("error"));
        assertTrue(answer.get("error_description").startsWith("AADSTS650053"), answer.get("error_description"));
    }

    @Test
    void idTokensCarryGroupIdsOnlyForRegistrationsThatAskForThem() throws Exception {
        Tenant northwind = emulator.tenant("northwind-msp.example");
        String serviceDesk = northwind.groups().stream().filter(g -> g.path("displayName").asText().equals("Service Desk"))
                .findFirst().orElseThrow().get("id").asText();
        JWTClaimsSet withGroups = signInToThePortalRegistration("sam.patel@northwind-msp.example");

        assertEquals(List.of(serviceDesk), withGroups.getStringListClaim("groups"));
        IAuthenticationResult without = signInAndConsent(msal(CONTOSO), "adele.vance@contoso.example", Set.of("User.Read"));
        assertNull(claims(without.idToken()).getClaim("groups"), "the test registration does not ask for groups");
    }

    @Test
    void pastTwoHundredGroupsTheIdTokenPointsAtGraphInsteadOfListingThem() throws Exception {
        Tenant northwind = emulator.tenant("northwind-msp.example");
        String robin = northwind.user("robin.chen@northwind-msp.example").orElseThrow().id();
        for (int i = 0; i <= Tokens.GROUPS_IN_TOKEN_LIMIT; i++) {
            ObjectNode group = Json.MAPPER.createObjectNode().put("displayName", "Overage " + i)
                    .put("mailNickname", "overage-" + i).put("securityEnabled", true).put("mailEnabled", false);
            emulator.directory().addGroup(northwind, group, List.of(robin));
        }
        JWTClaimsSet claims = signInToThePortalRegistration("robin.chen@northwind-msp.example");

        assertNull(claims.getClaim("groups"), "no partial list");
        assertEquals(Map.of("groups", "src1"), claims.getJSONObjectClaim("_claim_names"));
        assertTrue(String.valueOf(claims.getJSONObjectClaim("_claim_sources")).contains("/getMemberObjects"));
    }

    // ---------------------------------------------------------------- helpers

    /** Signs a Northwind user in through the demo portal's registration (which asks for group claims): its ID token. */
    static JWTClaimsSet signInToThePortalRegistration(String user) throws Exception {
        ConfidentialClientApplication tenantry = ConfidentialClientApplication.builder(
                        "8d1c8f54-3a0e-4a7c-9d3b-5e2f71c0a9b1", ClientCredentialFactory.createFromSecret("tenantry-demo-client-secret"))
                .authority(emulator.identityBaseUrl() + "/northwind-msp.example/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build();
        Pkce pkce = new Pkce();
        String url = tenantry.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
                .builder(REDIRECT, Set.of("User.Read")).codeChallenge(pkce.challenge).codeChallengeMethod("S256")
                .state(pkce.state).nonce(pkce.nonce).build()).toString();
        String code = new BrowserlessSignIn(emulator).open(url)
                .signIn("northwind-msp.example", user, PASSWORD).redirectParameters().get("code");
        return claims(redeem(tenantry, code, Set.of("User.Read"), pkce).idToken());
    }

    static ConfidentialClientApplication msal(String tenant) throws Exception {
        return ConfidentialClientApplication.builder(CLIENT_ID, ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/" + tenant + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory())
                .build();
    }

    static IAuthenticationResult signInAndConsent(ConfidentialClientApplication app, String user, Set<String> scopes)
            throws Exception {
        Pkce pkce = new Pkce();
        return redeem(app, codeAfterConsent(app, user, scopes, pkce), scopes, pkce);
    }

    /** Signs the user in through the pages, accepts the consent page if one is shown, and returns the code. */
    static String codeAfterConsent(ConfidentialClientApplication app, String user, Set<String> scopes, Pkce pkce) {
        String tenant = user.substring(user.indexOf('@') + 1);
        BrowserlessSignIn browser = new BrowserlessSignIn(emulator).open(authorizationUrl(app, scopes, pkce))
                .signIn(tenant, user, PASSWORD);
        if (browser.showsConsent()) {
            browser.accept(tenant, false);
        }
        return browser.redirectParameters().get("code");
    }

    static String authorizationUrl(ConfidentialClientApplication app, Set<String> scopes, Pkce pkce) {
        return app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(REDIRECT, scopes)
                .codeChallenge(pkce.challenge).codeChallengeMethod("S256").state(pkce.state).nonce(pkce.nonce)
                .build()).toString();
    }

    static IAuthenticationResult redeem(ConfidentialClientApplication app, String code, Set<String> scopes, Pkce pkce)
            throws Exception {
        return app.acquireToken(AuthorizationCodeParameters.builder(code, new URI(REDIRECT)).scopes(scopes)
                .codeVerifier(pkce.verifier).build()).get();
    }

    SilentParameters silent(IAuthenticationResult signedIn, Set<String> scopes, boolean forceRefresh) {
        // Port trap: MSAL keeps the account's host without the port, so every silent call names the authority.
        return SilentParameters.builder(scopes, signedIn.account())
                .authorityUrl(emulator.identityBaseUrl() + "/" + CONTOSO + "/").forceRefresh(forceRefresh).build();
    }

    static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    static MsalServiceException serviceError(Call call) {
        ExecutionException failure = assertThrows(ExecutionException.class, call::run);
        return assertInstanceOf(MsalServiceException.class, failure.getCause());
    }

    /** A PKCE verifier and its S256 challenge, with a fresh state and nonce. */
    static final class Pkce {
        final String verifier;
        final String challenge;
        final String state = UUID.randomUUID().toString();
        final String nonce = UUID.randomUUID().toString();

        Pkce() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
