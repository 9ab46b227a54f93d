package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images and composite components a plugin's views name must be in the plugin. */
class PluginContractReferencesTest {

    private static final String VIEW = """
            <ui:composition xmlns:ui="jakarta.faces.facelets" xmlns:h="jakarta.faces.html"
                            xmlns:hc="jakarta.faces.composite/hello">
                <h:graphicImage library="hello" name="logo.svg" alt=""/>
                <h:graphicImage library="hello" name="#{model.icon}" alt=""/>
                <h:outputStylesheet library="other" name="not-ours.css"/>
                <hc:card count="1"/>
            </ui:composition>
            """;

    @Test
    void aResourceOrComponentAViewNamesButThePluginLacksIsReported(@TempDir Path jar) throws Exception {
        plugin(jar);

        AssertionError failure = assertThrows(AssertionError.class, () -> contract(jar).verify());

        assertTrue(failure.getMessage().contains("names resource 'logo.svg', which is not in the plugin"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("uses composite component 'card', which is not in the plugin"));
        assertTrue(!failure.getMessage().contains("not-ours.css") && !failure.getMessage().contains("#{"),
                "another library's resources and computed names are not the plugin's to check");
    }

    @Test
    void whenTheyAreThereTheContractHolds(@TempDir Path jar) throws Exception {
        plugin(jar);
        Files.writeString(jar.resolve("META-INF/resources/hello/logo.svg"), "<svg/>");
        Files.writeString(jar.resolve("META-INF/resources/hello/card.xhtml"), "<ui:component/>");

        contract(jar).verify();
    }

    private static void plugin(Path jar) throws Exception {
        Files.createDirectories(jar.resolve("META-INF/resources/hello"));
        try (var manifest = PluginContractReferencesTest.class.getResourceAsStream("/META-INF/tenantry-plugin.json")) {
            Files.copy(manifest, jar.resolve("META-INF/tenantry-plugin.json"));
        }
        Files.writeString(jar.resolve("META-INF/resources/hello/index.xhtml"), VIEW);
    }

    private static PluginContract contract(Path jar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        return PluginContract.of("hello", loader).usesScopeSets("hello.profile")
                .usesPermissions("hello:read", "tenants:read");
    }
}
