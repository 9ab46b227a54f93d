package dev.tenantry.emulator.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The emulator's HTTPS identity: a self-signed certificate for {@code localhost} and {@code 127.0.0.1} (MSAL4J accepts
 * only https authorities), kept in a folder so that clients can trust it through a trust store file rather than by
 * disabling certificate checks.
 *
 * <p>The folder holds {@code emulator-keystore.p12} (key and certificate) and {@code emulator-truststore.p12} (the
 * certificate alone). Both use {@link #STORE_PASSWORD}: the certificate is public and the key protects only a local
 * test server.
 */
public final class EmulatorTls {

    public static final String KEYSTORE_FILE = "emulator-keystore.p12";
    public static final String TRUSTSTORE_FILE = "emulator-truststore.p12";
    public static final String STORE_PASSWORD = "tenantry-emulator";
    private static final String ALIAS = "m365-emulator";
    private static final Duration VALIDITY = Duration.ofDays(825);

    private final KeyStore keyStore;
    private final X509Certificate certificate;

    private EmulatorTls(KeyStore keyStore) throws GeneralSecurityException {
        this.keyStore = keyStore;
        this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
    }

    /** Reuses the certificate in {@code folder} while it is valid, otherwise creates one and saves both stores there. */
    public static EmulatorTls inFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            Path keyStoreFile = folder.resolve(KEYSTORE_FILE);
            if (Files.isRegularFile(keyStoreFile)) {
                KeyStore existing = load(keyStoreFile);
                X509Certificate certificate = (X509Certificate) existing.getCertificate(ALIAS);
                if (certificate != null && certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
                    return new EmulatorTls(existing);
                }
            }
            EmulatorTls created = generate();
            created.save(folder);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the emulator's certificate in " + folder, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the emulator's certificate", e);
        }
    }

    /** A certificate that lives only in memory. */
    public static EmulatorTls ephemeral() {
        try {
            return generate();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot create the emulator's certificate", e);
        }
    }

    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for the emulator", e);
        }
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for an emulator client", e);
        }
    }

    /** A trust manager that trusts this certificate and nothing else (for clients such as OkHttp that need one). */
    public javax.net.ssl.X509TrustManager trustManager() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            return (javax.net.ssl.X509TrustManager) trust.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for an emulator client", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    private KeyStore trustStore() throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            return trust;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void save(Path folder) throws IOException, GeneralSecurityException {
        write(keyStore, folder.resolve(KEYSTORE_FILE));
        write(trustStore(), folder.resolve(TRUSTSTORE_FILE));
    }

    private static void write(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    private static EmulatorTls generate() throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=localhost, O=Tenantry M365 emulator");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, pair.getPrivate(), STORE_PASSWORD.toCharArray(),
                new Certificate[] {certificate});
        return new EmulatorTls(store);
    }
}
