package dev.tenantry.portal.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards the identity provider: the JVM's trust when no trust store is configured (Microsoft), or exactly the
 * configured trust store (the emulator's certificate in the demo and the tests).
 */
@ApplicationScoped
public class IdentityTls {

    @Inject
    IdentitySettings settings;

    /** The configured trust, or empty for the JVM's own; fails with what to do when the trust store is unusable. */
    public Optional<SSLContext> context() {
        if (settings.truststore().isEmpty()) {
            return Optional.empty();
        }
        Path truststore = Path.of(settings.truststore().get());
        if (!Files.isRegularFile(truststore)) {
            throw new IllegalStateException("The identity provider's trust store " + truststore
                    + " does not exist: start the M365 emulator (./tenantry run does) or set tenantry.identity.truststore");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trustManager().orElseThrow()}, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the trust store " + truststore, e);
        }
    }

    /** The configured trust as a trust manager (for HTTP clients that take one, like OkHttp), or empty. */
    public Optional<javax.net.ssl.X509TrustManager> trustManager() {
        if (settings.truststore().isEmpty()) {
            return Optional.empty();
        }
        Path truststore = Path.of(settings.truststore().get());
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, settings.truststorePassword());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            for (javax.net.ssl.TrustManager manager : trust.getTrustManagers()) {
                if (manager instanceof javax.net.ssl.X509TrustManager x509) {
                    return Optional.of(x509);
                }
            }
            throw new IllegalStateException("The trust store " + truststore + " gives no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the trust store " + truststore, e);
        }
    }
}
