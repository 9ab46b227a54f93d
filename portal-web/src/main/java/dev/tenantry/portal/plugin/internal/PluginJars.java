package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginApi;
import dev.tenantry.plugin.api.manifest.ManifestException;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.portal.plugin.PublisherSignature;
import dev.tenantry.portal.plugin.internal.PluginSignatures.TrustedPublishers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.pf4j.DefaultVersionManager;

/**
 * Reads what a plugin jar says about itself without loading any of its classes: identity from the jar manifest
 * ({@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Requires}), what it asks for from
 * {@code META-INF/tenantry-plugin.json}. Anything wrong becomes a reason a person can act on.
 */
public final class PluginJars {

    private static final int MAX_MANIFEST = 150_000;
    /** Path prefixes of the portal itself, which a plugin's views (under /<plugin-id>/) must not shadow. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("api", "auth", "error", "settings",
            "tenants", "resources", "index", "openapi", "health", "dashboard", "plugins", "tenantry", "activity", "consent",
            "notifications");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");

    private PluginJars() {
    }

    /**
     * What a jar is: a plugin with its manifest, or a reason it is not one.
     *
     * @param sha256    the SHA-256 of the jar's bytes as read (lower-case hex), or null when it could not be read; what
     *                  an approval pins
     * @param signature what the jar's signature proves of its publisher
     */
    public record Inspection(Path jar, String id, String version, String requires, PluginManifest manifest,
            String manifestJson, String sha256, PublisherSignature signature, String failure) {

        public boolean valid() {
            return failure == null;
        }

        static Inspection failed(Path jar, String id, String version, String failure) {
            return new Inspection(jar, id, version, null, null, null, null, PublisherSignature.UNSIGNED, failure);
        }

        private Inspection with(String digest, PublisherSignature signed) {
            return new Inspection(jar, id, version, requires, manifest, manifestJson, digest, signed, failure);
        }
    }

    /** Reads {@code jar} trusting no publisher. */
    public static Inspection inspect(Path jar) {
        return inspect(jar, TrustedPublishers.NONE);
    }

    /** Reads {@code jar}: its digest first, then what it says about itself, then who signed it. */
    public static Inspection inspect(Path jar, TrustedPublishers trusted) {
        String digest;
        try {
            digest = sha256(jar);
        } catch (IOException e) {
            return Inspection.failed(jar, null, null, jar.getFileName() + " cannot be read: " + e.getMessage());
        }
        Inspection read = read(jar);
        return read.with(digest, read.id() == null ? PublisherSignature.UNSIGNED
                : PluginSignatures.verify(jar, trusted));
    }

    /** The SHA-256 of a file's bytes, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Inspection read(Path jar) {
        String name = jar.getFileName().toString();
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            String id = main.getValue("Plugin-Id");
            String version = main.getValue("Plugin-Version");
            String requires = main.getValue("Plugin-Requires");
            if (id == null || !ID.matcher(id).matches()) {
                return Inspection.failed(jar, null, version, name + " has no valid Plugin-Id in META-INF/MANIFEST.MF "
                        + "(lower-case letters, digits and dashes; found " + (id == null ? "none" : "'" + id + "'") + ")");
            }
            if (RESERVED.contains(id)) {
                return Inspection.failed(jar, null, version, name + " calls itself '" + id + "', a name the portal "
                        + "keeps for its own pages");
            }
            if (version == null || !VERSION.matcher(version).matches()) {
                return Inspection.failed(jar, id, version, name + " has no semantic Plugin-Version (found "
                        + (version == null ? "none" : "'" + version + "'") + ")");
            }
            if (requires == null || requires.isBlank()) {
                return Inspection.failed(jar, id, version, name + " does not say which Tenantry plugin API it needs "
                        + "(Plugin-Requires, e.g. '>=1.0.0 & <2.0.0')");
            }
            boolean fits;
            try {
                fits = new DefaultVersionManager().checkVersionConstraint(PluginApi.VERSION, requires);
            } catch (RuntimeException e) {
                return Inspection.failed(jar, id, version, "Plugin-Requires '" + requires + "' is not a version range");
            }
            if (!fits) {
                return Inspection.failed(jar, id, version, id + " " + version + " needs plugin API " + requires
                        + "; this Tenantry offers " + PluginApi.VERSION + ". Update Tenantry or use a matching version.");
            }
            ZipEntry entry = file.getEntry(PluginManifests.LOCATION);
            if (entry == null) {
                return Inspection.failed(jar, id, version, name + " has no " + PluginManifests.LOCATION);
            }
            try (InputStream in = file.getInputStream(entry)) {
                byte[] json = in.readNBytes(MAX_MANIFEST + 1);
                if (json.length > MAX_MANIFEST) {
                    return Inspection.failed(jar, id, version, PluginManifests.LOCATION + " is larger than "
                            + MAX_MANIFEST + " bytes");
                }
                return new Inspection(jar, id, version, requires, PluginManifests.read(new ByteArrayInputStream(json),
                        id, name + "!/" + PluginManifests.LOCATION), new String(json, StandardCharsets.UTF_8), null,
                        PublisherSignature.UNSIGNED, null);
            } catch (ManifestException e) {
                return Inspection.failed(jar, id, version, e.getMessage());
            }
        } catch (IOException | SecurityException e) {
            return Inspection.failed(jar, null, null, name + " cannot be read as a jar: " + e.getMessage());
        }
    }
}
