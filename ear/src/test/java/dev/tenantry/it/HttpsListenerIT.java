package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HTTPS answers with a certificate for localhost that the server generated itself and keeps in the data folder, so a
 * client that trusts that file (and nothing else) gets the portal.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HttpsListenerIT {

    private static final char[] KEYSTORE_PASSWORD = "password".toCharArray();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.portal();
    }

    @Test
    void servesThePortalWithTheCertificateKeptInTheDataFolder() throws Exception {
        File keystore = new File(Deployments.home(), "tls/portal.keystore");
        provokeFirstHandshake();
        assertTrue(keystore.isFile(), "the server should have written its certificate to " + keystore);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore)) {
            store.load(in, KEYSTORE_PASSWORD);
        }
        Certificate certificate = store.getCertificate(store.aliases().nextElement());
        assertTrue(((X509Certificate) certificate).getSubjectX500Principal().getName().contains("CN=localhost"));

        HttpResponse<String> response = trusting(certificate)
                .send(HttpRequest.newBuilder(Deployments.https().resolve("auth/signed-out.xhtml")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("Tenantry"));
        assertEquals("max-age=31536000", response.headers().firstValue("Strict-Transport-Security").orElse(null));
    }

    @Test
    void theSessionCookieIsSecureOverHttpsAndOnlyThere() throws Exception {
        provokeFirstHandshake();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(new File(Deployments.home(), "tls/portal.keystore"))) {
            store.load(in, KEYSTORE_PASSWORD);
        }
        HttpClient https = trusting(store.getCertificate(store.aliases().nextElement()));

        String overHttps = sessionCookie(https.send(HttpRequest.newBuilder(Deployments.https().resolve("index.xhtml"))
                .GET().build(), HttpResponse.BodyHandlers.discarding()));
        String overHttp = sessionCookie(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                Deployments.http().resolve("index.xhtml")).GET().build(), HttpResponse.BodyHandlers.discarding()));

        assertTrue(attributes(overHttps).contains("secure"), overHttps);
        assertTrue(attributes(overHttps).contains("httponly"), overHttps);
        assertFalse(attributes(overHttp).contains("secure"), "the local demo on plain HTTP keeps its session: " + overHttp);
    }

    /** The session cookie a response sets (signing in starts a session before the browser goes to Entra). */
    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + response.headers().map()));
    }

    private static java.util.List<String> attributes(String cookie) {
        return java.util.Arrays.stream(cookie.split(";")).skip(1).map(part -> part.strip().split("=")[0]
                .toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** A client that trusts {@code certificate} and nothing else. */
    private static HttpClient trusting(Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("portal", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    /** Elytron creates the certificate on the first handshake; any client, even one that then rejects it, starts it. */
    private static void provokeFirstHandshake() throws Exception {
        try {
            HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(Deployments.https()).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // The default trust store does not know a self-signed certificate: the handshake fails, as it should.
        }
    }
}
