package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's classes see plugin-api only: one that names a class of the host fails its contract, saying which. */
class PluginContractHostTest {

    @Test
    void aPluginClassThatUsesTheHostFailsItsContract(@TempDir Path build) throws Exception {
        plugin(build, "Leaky", "Object host = dev.tenantry.portal.Host.class;");

        AssertionError failure = assertThrows(AssertionError.class, () -> contract(build).verify());

        assertTrue(failure.getMessage().contains("com.example.hello.Leaky uses dev.tenantry.portal.Host, a class of "
                + "the host"), failure.getMessage());
    }

    @Test
    void aPluginWrittenAgainstThePluginApiAloneHoldsIt(@TempDir Path build) throws Exception {
        plugin(build, "Tidy", "String id = \"hello.profile\";");

        contract(build).verify();
    }

    /** Compiles the plugin's class (and a stand-in host class it may name) beside the sample manifest. */
    private static void plugin(Path build, String className, String body) throws Exception {
        Path sources = Files.createDirectories(build.resolve("src"));
        Path host = Files.writeString(sources.resolve("Host.java"), "package dev.tenantry.portal; public class Host {}");
        Path plugin = Files.writeString(sources.resolve(className + ".java"), "package com.example.hello; public class "
                + className + " { " + body + " }");
        Path classes = Files.createDirectories(build.resolve("classes/META-INF/resources/hello"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
                build.resolve("classes").toString(), host.toString(), plugin.toString());
        assertEquals(0, compiled);
        Files.delete(build.resolve("classes/dev/tenantry/portal/Host.class"));
        try (var manifest = PluginContractHostTest.class.getResourceAsStream("/META-INF/tenantry-plugin.json")) {
            Files.copy(manifest, build.resolve("classes/META-INF/tenantry-plugin.json"));
        }
        Files.writeString(classes.resolve("index.xhtml"), "<ui:composition/>");
    }

    private static PluginContract contract(Path build) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {build.resolve("classes").toUri().toURL()}, null);
        return PluginContract.of("hello", loader).usesScopeSets("hello.profile")
                .usesPermissions("hello:read", "tenants:read");
    }
}
