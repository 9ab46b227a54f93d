package dev.tenantry.portal.plugin.internal;

import dev.tenantry.portal.plugin.PublisherSignature;
import dev.tenantry.portal.plugin.PublisherSignature.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Verifies a plugin jar's {@code jarsigner} signature against the publisher certificates an installation trusts (a
 * PEM file, {@code tenantry.plugins.trusted-publishers}): every entry must be signed, all by the same certificate, and
 * that certificate must be a trusted one or be issued (PKIX, no revocation check) by one.
 */
public final class PluginSignatures {

    private PluginSignatures() {
    }

    /** The certificates an installation trusts to sign plugins. */
    public record TrustedPublishers(List<X509Certificate> certificates) {

        public static final TrustedPublishers NONE = new TrustedPublishers(List.of());

        public TrustedPublishers {
            certificates = List.copyOf(certificates);
        }

        /**
         * The certificates in PEM file {@code file}; none when it does not exist.
         *
         * @throws IllegalArgumentException when it exists but holds no readable certificate
         */
        public static TrustedPublishers read(Path file) {
            if (file == null || !Files.isRegularFile(file)) {
                return NONE;
            }
            try (InputStream in = Files.newInputStream(file)) {
                List<X509Certificate> read = new ArrayList<>();
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    read.add((X509Certificate) certificate);
                }
                if (read.isEmpty()) {
                    throw new IllegalArgumentException(file + " holds no certificate");
                }
                return new TrustedPublishers(read);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException(file + " cannot be read as PEM certificates: " + e.getMessage(), e);
            }
        }
    }

    /** What the signature of {@code jar} proves, judged against {@code trusted}. */
    public static PublisherSignature verify(Path jar, TrustedPublishers trusted) {
        Set<CodeSigner> common = null;
        List<String> unsigned = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || signatureFile(entry.getName())) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsigned.add(entry.getName());
                    continue;
                }
                Set<CodeSigner> these = new HashSet<>(Arrays.asList(signers));
                if (common == null) {
                    common = these;
                } else {
                    common.retainAll(these);
                }
            }
        } catch (SecurityException e) {
            return PublisherSignature.invalid("the jar was changed after it was signed (" + e.getMessage() + ")");
        } catch (IOException e) {
            return PublisherSignature.invalid("the jar cannot be read: " + e.getMessage());
        }
        if (common == null) {
            return PublisherSignature.UNSIGNED;
        }
        if (!unsigned.isEmpty()) {
            return PublisherSignature.invalid(unsigned.size() + " entries are not signed (" + unsigned.stream().limit(3)
                    .collect(Collectors.joining(", ")) + (unsigned.size() > 3 ? ", …" : "") + ")");
        }
        if (common.isEmpty()) {
            return PublisherSignature.invalid("its entries are signed by different certificates");
        }
        PublisherSignature best = null;
        for (CodeSigner signer : common) {
            PublisherSignature judged = judge(signer.getSignerCertPath(), trusted);
            if (judged.verified()) {
                return judged;
            }
            best = best == null ? judged : best;
        }
        return best;
    }

    private static PublisherSignature judge(CertPath path, TrustedPublishers trusted) {
        List<? extends Certificate> chain = path.getCertificates();
        X509Certificate signer = (X509Certificate) chain.get(0);
        String subject = signer.getSubjectX500Principal().getName();
        String fingerprint = fingerprint(signer);
        if (trusted.certificates().contains(signer)) {
            return new PublisherSignature(State.VERIFIED, subject, fingerprint, null);
        }
        if (trusted.certificates().isEmpty()) {
            return new PublisherSignature(State.UNTRUSTED, subject, fingerprint, "no publisher is trusted yet");
        }
        try {
            Set<TrustAnchor> anchors = trusted.certificates().stream().map(c -> new TrustAnchor(c, null))
                    .collect(Collectors.toSet());
            List<Certificate> toAnchor = new ArrayList<>();
            for (Certificate certificate : chain) {
                if (trusted.certificates().contains(certificate)) {
                    break;
                }
                toAnchor.add(certificate);
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(toAnchor), parameters);
            return new PublisherSignature(State.VERIFIED, subject, fingerprint, null);
        } catch (GeneralSecurityException e) {
            return new PublisherSignature(State.UNTRUSTED, subject, fingerprint, "its certificate is neither trusted "
                    + "nor issued by a trusted one (" + e.getMessage() + ")");
        }
    }

    /** The SHA-256 fingerprint of {@code certificate} as keytool prints it (AB:CD:…). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot fingerprint a certificate", e);
        }
    }

    /** The jar manifest and the signature block files, which jarsigner writes and does not sign. */
    private static boolean signatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.equals("META-INF/MANIFEST.MF") || upper.endsWith(".SF") || upper.endsWith(".RSA")
                || upper.endsWith(".DSA") || upper.endsWith(".EC") || upper.startsWith("META-INF/SIG-");
    }
}
