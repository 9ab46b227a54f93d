package dev.tenantry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("portal", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);

        HttpResponse<String> response = HttpClient.newBuilder().sslContext(tls).build()
                .send(HttpRequest.newBuilder(Deployments.https().resolve("auth/signed-out.xhtml")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("Tenantry"));
        assertEquals("max-age=31536000", response.headers().firstValue("Strict-Transport-Security").orElse(null));
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
