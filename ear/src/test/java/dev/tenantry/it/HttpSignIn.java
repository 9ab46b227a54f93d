package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Signs a member of staff in over HTTP as a browser would (portal → emulator → portal), for tests running inside the
 * server: the client it returns holds the signed-in session's cookie and follows no redirects.
 */
public final class HttpSignIn {

    private static final Pattern TRANSACTION = Pattern.compile("name=\"tx\" value=\"([^\"]+)\"");
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");
    private static final Pattern FORM_ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">");

    private HttpSignIn() {
    }

    /** Signs {@code user} in with the emulator's demo password; the client holding the session. */
    public static HttpClient signIn(String user) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingTheEmulator()).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> portal = http.send(HttpRequest.newBuilder(Deployments.http()).build(),
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
        return http;
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
