package dev.tenantry.portal.plugin.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds plugin jars in a folder for tests: jar manifest attributes and file entries. */
final class TestJars {

    private TestJars() {
    }

    static Path jar(Path folder, String name, Map<String, String> attributes, Map<String, String> files)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((key, value) -> manifest.getMainAttributes().putValue(key, value));
        Path jar = folder.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new JarEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    static Map<String, String> identity(String id, String version, String requires) {
        return Map.of("Plugin-Id", id, "Plugin-Version", version, "Plugin-Requires", requires);
    }

    static String manifest(String id, String scopePermission) {
        return """
                {"manifestVersion": 1, "displayName": "%1$s plugin", "description": "A test plugin.",
                 "publisher": {"name": "Tests"},
                 "permissions": [{"id": "%1$s:read", "description": "Read"}],
                 "scopeSets": [{"id": "%1$s.read", "resource": "microsoft-graph", "connection": "delegated",
                   "purpose": "Read things", "features": ["%1$s.view"],
                   "permissions": [{"name": "%2$s", "type": "delegated", "adminConsentRequired": false,
                     "justification": "Reads what the test plugin shows on its page."}]}]}
                """.formatted(id, scopePermission);
    }
}
