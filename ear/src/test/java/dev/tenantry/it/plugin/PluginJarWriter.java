package dev.tenantry.it.plugin;

import dev.tenantry.it.Deployments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes plugin jars into the plugins folder: identity, manifest JSON and fixture classes. */
public final class PluginJarWriter {

    private PluginJarWriter() {
    }

    public static Path write(Path folder, String file, String id, String version, String requires, String pluginClass,
            String manifestJson) {
        return write(folder, file, id, version, requires, pluginClass, manifestJson, Map.of(), Map.of());
    }

    /**
     * A jar with more: extra jar-manifest attributes, and text files; a file named {@code extension:<class>} adds
     * that fixture class and lists it in {@code META-INF/extensions.idx}.
     */
    public static Path write(Path folder, String file, String id, String version, String requires, String pluginClass,
            String manifestJson, Map<String, String> attributes, Map<String, String> files) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", id);
        main.putValue("Plugin-Version", version);
        main.putValue("Plugin-Requires", requires);
        if (pluginClass != null) {
            main.putValue("Plugin-Class", pluginClass);
        }
        attributes.forEach(main::putValue);
        Path jar = folder.resolve(file);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            if (manifestJson != null) {
                entry(zip, "META-INF/tenantry-plugin.json", manifestJson.getBytes(StandardCharsets.UTF_8));
            }
            if (pluginClass != null) {
                fixture(zip, pluginClass);
            }
            StringBuilder extensions = new StringBuilder();
            for (Map.Entry<String, String> extra : files.entrySet()) {
                if (extra.getKey().startsWith("extension:")) {
                    String type = extra.getKey().substring("extension:".length());
                    fixture(zip, type);
                    extensions.append(type).append('\n');
                } else {
                    entry(zip, extra.getKey(), extra.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!extensions.isEmpty()) {
                entry(zip, "META-INF/extensions.idx", extensions.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private static void fixture(JarOutputStream zip, String className) throws IOException {
        String name = className.replace('.', '/') + ".class";
        ClassLoader loader = PluginJarWriter.class.getClassLoader();
        InputStream packed = loader.getResourceAsStream(Deployments.PLUGIN_FIXTURES + name);
        try (InputStream bytes = packed != null ? packed : loader.getResourceAsStream(name)) {
            entry(zip, name, bytes.readAllBytes());
        }
    }

    private static void entry(JarOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new JarEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** A valid manifest for plugin {@code id} asking for {@code graphPermissions} (delegated) in one scope set. */
    public static String manifest(String id, String... graphPermissions) {
        return manifest(id, "read", "delegated", false, "view", "Read things",
                "Reads what the test plugin shows on its page.", graphPermissions);
    }

    /**
     * A valid manifest for plugin {@code id} asking for {@code graphPermissions} as application permissions (admin
     * consent) in one scope set, {@code <id>.report}.
     */
    public static String applicationManifest(String id, String... graphPermissions) {
        return manifest(id, "report", "application", true, "report", "Report without a signed-in account",
                "Reads what the test plugin reports on without a signed-in account.", graphPermissions);
    }

    /**
     * {@code manifestJson} (as {@link #manifest} writes it) with one more delegated scope set, {@code setId}, asking for
     * {@code graphPermissions} with admin consent.
     */
    public static String withScopeSet(String manifestJson, String setId, String... graphPermissions) {
        StringBuilder permissions = new StringBuilder();
        for (String permission : graphPermissions) {
            permissions.append(permissions.isEmpty() ? "" : ",").append("""
                    {"name": "%s", "type": "delegated", "adminConsentRequired": true,
                     "justification": "Changes directory role assignments the test plugin manages."}"""
                    .formatted(permission));
        }
        String json = manifestJson.strip();
        String pluginId = setId.substring(0, setId.indexOf('.'));
        return json.substring(0, json.length() - 2) + """
                , {"id": "%1$s", "resource": "microsoft-graph", "connection": "delegated",
                   "purpose": "Manage directory roles", "features": ["%2$s.roles"], "permissions": [%3$s]}]}
                """.formatted(setId, pluginId, permissions);
    }

    private static String manifest(String id, String purpose, String connection, boolean admin, String feature,
            String purposeText, String justification, String... graphPermissions) {
        StringBuilder permissions = new StringBuilder();
        for (String permission : graphPermissions) {
            permissions.append(permissions.isEmpty() ? "" : ",").append("""
                    {"name": "%s", "type": "%s", "adminConsentRequired": %s, "justification": "%s"}"""
                    .formatted(permission, connection, admin, justification));
        }
        return """
                {"manifestVersion": 1, "displayName": "Test %1$s", "description": "A plugin the tests install.",
                 "publisher": {"name": "Tenantry tests"},
                 "permissions": [{"id": "%1$s:read", "description": "Read"}],
                 "roles": [{"id": "%1$s.reader", "name": "Test reader %1$s", "description": "Reads",
                            "permissions": ["%1$s:read"]}],
                 "scopeSets": [{"id": "%1$s.%2$s", "resource": "microsoft-graph", "connection": "%3$s",
                   "purpose": "%4$s", "features": ["%1$s.%5$s"], "permissions": [%6$s]}]}
                """.formatted(id, purpose, connection, purposeText, feature, permissions);
    }
}
