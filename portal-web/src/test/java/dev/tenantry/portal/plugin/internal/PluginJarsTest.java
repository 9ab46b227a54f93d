package dev.tenantry.portal.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.portal.plugin.internal.PluginJars.Inspection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarsTest {

    @TempDir
    Path folder;

    @Test
    void aGoodJarYieldsItsIdentityAndManifestWithoutLoadingAnything() throws Exception {
        Path jar = TestJars.jar(folder, "hello-1.0.0.jar", TestJars.identity("hello", "1.0.0", ">=1.0.0 & <2.0.0"),
                Map.of(PluginManifests.LOCATION, TestJars.manifest("hello", "User.Read")));

        Inspection inspection = PluginJars.inspect(jar);

        assertTrue(inspection.valid(), inspection.failure());
        assertEquals("hello", inspection.id());
        assertEquals("User.Read", inspection.manifest().scopeSet("hello.read").orElseThrow().permissions().get(0).name());
    }

    @Test
    void aJarIsKnownByTheSha256OfItsBytesWhateverItsVersionSays() throws Exception {
        Path jar = TestJars.jar(folder, "hello-1.0.0.jar", TestJars.identity("hello", "1.0.0", ">=1.0.0"),
                Map.of(PluginManifests.LOCATION, TestJars.manifest("hello", "User.Read")));
        String first = PluginJars.inspect(jar).sha256();
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(jar))), first);

        TestJars.jar(folder, "hello-1.0.0.jar", TestJars.identity("hello", "1.0.0", ">=1.0.0"),
                Map.of(PluginManifests.LOCATION, TestJars.manifest("hello", "Mail.Read")));
        Inspection replaced = PluginJars.inspect(jar);

        assertEquals("1.0.0", replaced.version());
        assertEquals(64, replaced.sha256().length());
        assertFalse(first.equals(replaced.sha256()), "other bytes under the same version are another jar");
    }

    @Test
    void eachKindOfBadJarSaysWhatIsWrong() throws Exception {
        Path notAZip = Files.writeString(folder.resolve("broken.jar"), "this is not a zip");
        assertTrue(PluginJars.inspect(notAZip).failure().contains("cannot be read as a jar"));

        Path noId = TestJars.jar(folder, "noid.jar", Map.of("Plugin-Version", "1.0.0"), Map.of());
        assertTrue(PluginJars.inspect(noId).failure().contains("no valid Plugin-Id"));

        Path newer = TestJars.jar(folder, "newer.jar", TestJars.identity("newer", "1.0.0", ">=2.0.0"),
                Map.of(PluginManifests.LOCATION, TestJars.manifest("newer", "User.Read")));
        Inspection tooNew = PluginJars.inspect(newer);
        assertFalse(tooNew.valid());
        assertTrue(tooNew.failure().contains("needs plugin API >=2.0.0; this Tenantry offers " + dev.tenantry.plugin.api.PluginApi.VERSION), tooNew.failure());

        Path noManifest = TestJars.jar(folder, "bare.jar", TestJars.identity("bare", "1.0.0", ">=1.0.0"), Map.of());
        assertTrue(PluginJars.inspect(noManifest).failure().contains("has no META-INF/tenantry-plugin.json"));

        Path invalid = TestJars.jar(folder, "invalid.jar", TestJars.identity("invalid", "1.0.0", ">=1.0.0"),
                Map.of(PluginManifests.LOCATION, TestJars.manifest("invalid", "User.Read")
                        .replace("\"delegated\", \"adminConsentRequired\"", "\"sometimes\", \"adminConsentRequired\"")));
        Inspection bad = PluginJars.inspect(invalid);
        assertEquals("invalid", bad.id());
        assertTrue(bad.failure().contains("$.scopeSets[0].permissions[0].type"), bad.failure());
        assertTrue(bad.failure().contains("line 6"), bad.failure());
    }
}
