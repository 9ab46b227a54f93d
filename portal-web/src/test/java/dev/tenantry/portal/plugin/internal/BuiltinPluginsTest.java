package dev.tenantry.portal.plugin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.portal.plugin.PluginRecord;
import dev.tenantry.portal.plugin.PluginStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugins shipped with Tenantry: placed once, upgraded when older, never brought back once removed. */
class BuiltinPluginsTest {

    @TempDir
    Path temp;

    @Test
    void thisBuildShipsItsFourPluginsAsReadableJars() throws Exception {
        List<Path> shipped = BuiltinPlugins.shipped(temp.resolve("work"));
        assertEquals(List.of("secure", "threat-alerts", "user-management", "teams-governance"), shipped.stream()
                .map(PluginJars::inspect).peek(jar -> assertTrue(jar.valid(), jar.failure()))
                .map(PluginJars.Inspection::id).toList());
        BuiltinPlugins.forget(temp.resolve("work"));
        assertFalse(Files.exists(temp.resolve("work")));
    }

    @Test
    void aNewInstallationGetsItOnceAnOlderJarIsReplacedAndARemovedOneStaysRemoved() throws Exception {
        Path shippedFolder = Files.createDirectories(temp.resolve("shipped"));
        Path v2 = jar(shippedFolder, "2.0.0");
        Path plugins = temp.resolve("plugins");

        assertEquals(List.of("it-builtin"), BuiltinPlugins.place(List.of(v2), plugins, id -> Optional.empty()),
                "placed for the first time: to approve");
        assertEquals(List.of("it-builtin-2.0.0.jar"), names(plugins));

        PluginRecord enabled = record(PluginStatus.ENABLED, "2.0.0");
        assertEquals(List.of(), BuiltinPlugins.place(List.of(v2), plugins, id -> Optional.of(enabled)));
        assertEquals(List.of("it-builtin-2.0.0.jar"), names(plugins), "the same version is left alone");

        Files.delete(plugins.resolve("it-builtin-2.0.0.jar"));
        Files.copy(jar(Files.createDirectories(temp.resolve("old")), "1.4.0"), plugins.resolve("mine.jar"));
        assertEquals(List.of(), BuiltinPlugins.place(List.of(v2), plugins,
                id -> Optional.of(record(PluginStatus.ENABLED, "1.4.0"))), "an upgrade goes through review");
        assertEquals(List.of("it-builtin-2.0.0.jar"), names(plugins), "the older jar was replaced");

        Files.copy(jar(Files.createDirectories(temp.resolve("newer")), "3.0.0"), plugins.resolve("it-builtin-2.0.0.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BuiltinPlugins.place(List.of(v2), plugins, id -> Optional.of(record(PluginStatus.ENABLED, "3.0.0")));
        assertEquals("3.0.0", PluginJars.inspect(plugins.resolve("it-builtin-2.0.0.jar")).version(),
                "a newer jar someone installed is never downgraded");

        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertEquals(List.of(), BuiltinPlugins.place(List.of(v2), empty,
                id -> Optional.of(record(PluginStatus.REMOVED, "2.0.0"))));
        assertEquals(List.of(), names(empty), "an administrator removed it: it stays removed");
    }

    private static Path jar(Path folder, String version) throws Exception {
        return TestJars.jar(folder, "it-builtin-" + version + ".jar", TestJars.identity("it-builtin", version,
                ">=1.0.0"), Map.of(PluginManifests.LOCATION, TestJars.manifest("it-builtin", "User.Read")));
    }

    private static PluginRecord record(PluginStatus status, String version) {
        return new PluginRecord("it-builtin", version, "Built in", status, version, "{}", "system", Instant.EPOCH,
                Instant.EPOCH, "ab", "ab");
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
