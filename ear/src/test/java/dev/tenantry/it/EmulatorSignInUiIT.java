package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.it.browser.Chromium;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The M365 emulator's sign-in and consent pages in a real browser: the authorization request MSAL4J builds, the
 * browser's own form_post back to the application, and the code redeemed by MSAL4J.
 */
@ExtendWith(Chromium.class)
class EmulatorSignInUiIT {

    private static final String CLIENT_ID = "7b3e9d21-4c6a-4f85-b0d2-1e8a9c5f3d74";
    private static final String SECRET = "ui-test-secret";
    private static final String PASSWORD = "Tenantry-Demo-2026!";

    private static M365Emulator emulator;
    private static HttpServer application;
    private static final BlockingQueue<Map<String, String>> CALLBACKS = new LinkedBlockingQueue<>();
    private static String redirectUri;

    @BeforeAll
    static void start() throws IOException {
        emulator = M365Emulator.builder().start();
        Chromium.trust(emulator.tls().certificate());
        application = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        application.createContext("/callback", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            CALLBACKS.add(parameters(exchange.getRequestMethod().equals("POST") ? form : query));
            byte[] page = "<!DOCTYPE html><title>Back in the app</title><h1 id=\"back\">Back in the app</h1>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        application.start();
        redirectUri = "http://localhost:" + application.getAddress().getPort() + "/callback";
    }

    @AfterAll
    static void stop() {
        application.stop(0);
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.register(new Application(CLIENT_ID, "Tenantry UI test", emulator.tenant("northwind-msp.example").id(),
                List.of(SECRET), List.of(redirectUri), Map.of()));
        CALLBACKS.clear();
    }

    @Test
    void aUserSignsInConsentsAndIsSentBackWithACode(WebDriver browser) throws Exception {
        ConfidentialClientApplication app = msal();
        String verifier = verifier();
        String state = UUID.randomUUID().toString();
        browser.get(app.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
                .builder(redirectUri, Set.of("User.Read")).codeChallenge(challenge(verifier))
                .codeChallengeMethod("S256").state(state).nonce(UUID.randomUUID().toString()).build()).toString());

        signIn(browser, "adele.vance@contoso.example");
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("scopes")));
        assertEquals("Permissions requested", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.cssSelector("li[data-scope='User.Read']")).getText()
                .contains("Sign you in and read your profile"));
        browser.findElement(By.id("accept")).click();

        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("back")));
        Map<String, String> answer = CALLBACKS.poll(10, TimeUnit.SECONDS);
        assertNotNull(answer, "the browser posted the answer back to the application");
        assertEquals(state, answer.get("state"));
        IAuthenticationResult result = app.acquireToken(AuthorizationCodeParameters
                .builder(answer.get("code"), URI.create(redirectUri)).scopes(Set.of("User.Read"))
                .codeVerifier(verifier).build()).get();
        assertTrue(SignedJWT.parse(result.accessToken()).getJWTClaimsSet().getStringClaim("scp").contains("User.Read"));
        assertEquals("adele.vance@contoso.example", result.account().username());
    }

    @Test
    void aUserAskedForAnAdminOnlyScopeSeesNeedAdminApproval(WebDriver browser) throws Exception {
        String state = UUID.randomUUID().toString();
        browser.get(msal().getAuthorizationRequestUrl(AuthorizationRequestUrlParameters
                .builder(redirectUri, Set.of("User.Read.All")).codeChallenge(challenge(verifier()))
                .codeChallengeMethod("S256").state(state).build()).toString());

        signIn(browser, "adele.vance@contoso.example");
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("needAdminApproval")));
        browser.findElement(By.id("returnToApp")).click();

        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("back")));
        Map<String, String> answer = CALLBACKS.poll(10, TimeUnit.SECONDS);
        assertNotNull(answer);
        assertEquals("consent_required", answer.get("error"));
        assertTrue(answer.get("error_description").startsWith("AADSTS90094"));
        assertEquals(state, answer.get("state"));
    }

    private static void signIn(WebDriver browser, String user) {
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("signIn")).click();
    }

    private static WebDriverWait wait(WebDriver browser) {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private ConfidentialClientApplication msal() throws Exception {
        return ConfidentialClientApplication.builder(CLIENT_ID, ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/contoso.example/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build();
    }

    private static String verifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Map<String, String> parameters(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
