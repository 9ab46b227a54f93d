package dev.tenantry.it.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.PortalEmulator;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-ins leave audit records: this test runs inside the server, signs in over HTTP as a browser would (portal →
 * emulator → portal), then reads the audit log.
 */
@ExtendWith(ArquillianExtension.class)
class SignInAuditIT {

    private static final Pattern TRANSACTION = Pattern.compile("name=\"tx\" value=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(SignInAuditIT.class);
    }

    @Inject
    AuditLog auditLog;

    @Test
    void anOwnersSignInIsAuditedAsASuccessWithTheRoles() throws Exception {
        signInOverHttp("alex.morgan@northwind-msp.example");

        AuditRecord record = latestSignIn("alex.morgan@northwind-msp.example");
        assertEquals(Outcome.SUCCESS, record.event().outcome());
        assertEquals("owner,staff", record.details().get("roles"));
        assertEquals("4b2d7e91-6c3a-4f0e-8a5d-2c9b1e7f3a10", record.event().tenantId(), "the MSP tenant");
    }

    @Test
    void aSignInWithoutAccessIsAuditedAsDenied() throws Exception {
        signInOverHttp("robin.chen@northwind-msp.example");

        assertEquals(Outcome.DENIED, latestSignIn("robin.chen@northwind-msp.example").event().outcome());
    }

    private AuditRecord latestSignIn(String user) {
        return auditLog.latest(100).stream()
                .filter(record -> record.event().action().equals("auth.sign-in") && record.event().actor().equals(user))
                .findFirst().orElseThrow(() -> new AssertionError("no auth.sign-in record for " + user));
    }

    private static void signInOverHttp(String user) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTheEmulator()).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        // Inside the server: the portal is this server, at its own port offset.
        URI portalUrl = URI.create("http://localhost:" + (8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0)) + "/");
        HttpResponse<String> portal = http.send(HttpRequest.newBuilder(portalUrl).build(),
                HttpResponse.BodyHandlers.ofString());
        URI authorize = URI.create(portal.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> signInPage = http.send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher transaction = TRANSACTION.matcher(signInPage.body());
        assertTrue(transaction.find(), signInPage.body());
        URI login = authorize.resolve("/northwind-msp.example/login");
        HttpResponse<String> formPost = http.send(post(login, Map.of("tx", transaction.group(1), "username", user,
                "password", PortalEmulator.PASSWORD)), HttpResponse.BodyHandlers.ofString());
        Matcher action = FORM_ACTION.matcher(formPost.body());
        assertTrue(action.find(), "the emulator answers with form_post: " + formPost.body());
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = HIDDEN.matcher(formPost.body());
        while (hidden.find()) {
            fields.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
        }
        HttpResponse<String> callback = http.send(post(URI.create(action.group(1)), fields),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, callback.statusCode(), callback.body());
    }

    private static HttpRequest post(URI uri, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** The test runs in the server, which has the same data folder: it trusts the emulator through its trust store. */
    private static SSLContext trustingTheEmulator() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("tenantry.home"), "emulator",
                "emulator-truststore.p12"))) {
            store.load(in, "tenantry-emulator".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
