package dev.tenantry.portal.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.IClientCertificate;
import com.microsoft.aad.msal4j.IClientSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app registration's credential: a configured certificate wins over the secret; a bad file says so. */
class ClientCredentialTest {

    @TempDir
    Path folder;

    private IdentitySettings settings(Optional<String> certificate, String password) {
        IdentitySettings settings = new IdentitySettings();
        settings.clientSecret = "a-secret";
        settings.clientCertificate = certificate;
        settings.clientCertificatePassword = Optional.of(password);
        return settings;
    }

    @Test
    void theSecretWithoutACertificate() {
        assertTrue(settings(Optional.empty(), "").clientCredential() instanceof IClientSecret);
        assertTrue(settings(Optional.of(" "), "").clientCredential() instanceof IClientSecret);
    }

    @Test
    void theCertificateOfAPkcs12FileWithItsKey() throws Exception {
        Path store = folder.resolve("tenantry.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit", "-alias", "tenantry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=Tenantry").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));

        IClientCertificate certificate = (IClientCertificate) settings(Optional.of(store.toString()), "changeit")
                .clientCredential();
        assertFalse(certificate.getEncodedPublicKeyCertificateChain().isEmpty());
        assertEquals("RSA", certificate.privateKey().getAlgorithm());

        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> settings(Optional.of(store.toString()), "wrong").clientCredential());
        assertTrue(wrong.getMessage().contains("tenantry.identity.client-certificate"));
        Files.writeString(folder.resolve("not.p12"), "not a key store");
        assertThrows(IllegalStateException.class,
                () -> settings(Optional.of(folder.resolve("not.p12").toString()), "changeit").clientCredential());
    }
}
