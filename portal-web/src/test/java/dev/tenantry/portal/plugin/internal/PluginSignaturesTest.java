package dev.tenantry.portal.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.portal.plugin.PublisherSignature;
import dev.tenantry.portal.plugin.PublisherSignature.State;
import dev.tenantry.portal.plugin.internal.PluginSignatures.TrustedPublishers;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginSignaturesTest {

    @TempDir
    static Path folder;
    private static Publishers publishers;
    private static Path contoso;
    private static Path contosoPem;
    private static Path stranger;

    @BeforeAll
    static void publishers() throws Exception {
        publishers = new Publishers(folder);
        contoso = publishers.publisher("contoso", "CN=Contoso Plugins, O=Contoso Ltd, C=GB");
        contosoPem = publishers.certificate(contoso, "contoso");
        stranger = publishers.publisher("stranger", "CN=Contoso Plugins, O=Not Contoso, C=GB");
    }

    @Test
    void aJarSignedByATrustedPublisherShowsItsVerifiedPublisher() throws Exception {
        Path jar = plugin("verified");
        publishers.sign(jar, contoso, "contoso");

        PublisherSignature signature = PluginSignatures.verify(jar, TrustedPublishers.read(contosoPem));

        assertEquals(State.VERIFIED, signature.state(), signature.describe());
        assertEquals("CN=Contoso Plugins,O=Contoso Ltd,C=GB", signature.subject());
        assertEquals(PluginSignatures.fingerprint(certificate(contosoPem)), signature.fingerprint());
        assertTrue(signature.describe().startsWith("Verified publisher: CN=Contoso Plugins"), signature.describe());
        assertEquals(State.VERIFIED, PluginJars.inspect(jar, TrustedPublishers.read(contosoPem)).signature().state(),
                "the inspection of a jar carries its signature");
    }

    @Test
    void aJarSignedByACertificateTheInstallationDoesNotTrustIsMarkedUntrusted() throws Exception {
        Path jar = plugin("untrusted");
        publishers.sign(jar, stranger, "stranger");

        PublisherSignature signature = PluginSignatures.verify(jar, TrustedPublishers.read(contosoPem));
        assertEquals(State.UNTRUSTED, signature.state(), "the same name on another key proves nothing");
        assertTrue(signature.describe().contains("does not trust"), signature.describe());

        PublisherSignature nobodyTrusted = PluginSignatures.verify(jar, TrustedPublishers.NONE);
        assertEquals(State.UNTRUSTED, nobodyTrusted.state());
        assertTrue(nobodyTrusted.describe().contains("no publisher is trusted yet"), nobodyTrusted.describe());
    }

    @Test
    void aJarSignedWithACertificateATrustedPublisherIssuedIsVerified() throws Exception {
        Path authority = publishers.publisher("authority", "CN=Fabrikam Code Signing CA, O=Fabrikam, C=US");
        Path team = publishers.publisher("team", "CN=Fabrikam Security Team, O=Fabrikam, C=US");
        publishers.issue(authority, "authority", team, "team");
        Path jar = plugin("issued");
        publishers.sign(jar, team, "team");

        PublisherSignature signature = PluginSignatures.verify(jar, TrustedPublishers.read(
                publishers.certificate(authority, "authority")));

        assertEquals(State.VERIFIED, signature.state(), signature.describe());
        assertEquals("CN=Fabrikam Security Team,O=Fabrikam,C=US", signature.subject());
        assertEquals(State.UNTRUSTED, PluginSignatures.verify(jar, TrustedPublishers.read(contosoPem)).state());
    }

    @Test
    void anUnsignedJarIsMarkedUnsigned() throws Exception {
        assertSame(PublisherSignature.UNSIGNED, PluginSignatures.verify(plugin("unsigned"),
                TrustedPublishers.read(contosoPem)));
    }

    @Test
    void aSignedJarChangedAfterSigningIsInvalid() throws Exception {
        Path jar = plugin("tampered");
        publishers.sign(jar, contoso, "contoso");
        TrustedPublishers trusted = TrustedPublishers.read(contosoPem);

        Path changed = rewrite(jar, "changed.jar", PluginManifests.LOCATION, TestJars.manifest("tampered",
                "RoleManagement.ReadWrite.Directory"), null);
        PublisherSignature signature = PluginSignatures.verify(changed, trusted);
        assertEquals(State.INVALID, signature.state(), signature.describe());
        assertTrue(signature.describe().contains("changed after it was signed"), signature.describe());

        Path added = rewrite(jar, "added.jar", null, null, "dev/evil/Payload.class");
        PublisherSignature withExtra = PluginSignatures.verify(added, trusted);
        assertEquals(State.INVALID, withExtra.state(), withExtra.describe());
        assertTrue(withExtra.detail().contains("dev/evil/Payload.class"), withExtra.detail());
    }

    @Test
    void aTrustedPublishersFileThatIsNotPemIsRefusedPlainlyAndAMissingOneTrustsNobody() throws Exception {
        Path junk = Files.writeString(folder.resolve("junk.pem"), "not a certificate");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TrustedPublishers.read(junk));
        assertTrue(refused.getMessage().contains("junk.pem"), refused.getMessage());
        assertSame(TrustedPublishers.NONE, TrustedPublishers.read(folder.resolve("absent.pem")));

        Path both = Publishers.concatenate(folder.resolve("both.pem"), contosoPem,
                publishers.certificate(stranger, "stranger"));
        assertEquals(2, TrustedPublishers.read(both).certificates().size());
    }

    private static Path plugin(String id) throws Exception {
        return TestJars.jar(folder, id + ".jar", TestJars.identity(id, "1.0.0", ">=1.0.0"),
                Map.of(PluginManifests.LOCATION, TestJars.manifest(id, "User.Read"), "dev/test/Plugin.class", "code"));
    }

    /** A copy of {@code jar} with entry {@code replace} given new content, or with entry {@code add} added. */
    private static Path rewrite(Path jar, String name, String replace, String content, String add) throws Exception {
        Path target = folder.resolve(name);
        try (ZipFile source = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(target);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            Enumeration<? extends ZipEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(replace)) {
                    zip.write(content.getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(zip);
                    }
                }
                zip.closeEntry();
            }
            if (add != null) {
                zip.putNextEntry(new ZipEntry(add));
                zip.write(new byte[] {1, 2, 3});
                zip.closeEntry();
            }
        }
        return target;
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
