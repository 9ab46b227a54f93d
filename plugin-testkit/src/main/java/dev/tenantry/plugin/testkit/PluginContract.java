package dev.tenantry.plugin.testkit;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.tenantry.plugin.api.manifest.ManifestException;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * For a plugin's own unit tests: checks that its code and its manifest agree, so a scope set, permission or page the
 * code names is declared, every page's view is in the jar, and nothing declared is forgotten by the code; and that its
 * classes import nothing of the Tenantry host, only plugin-api (the host's classes are not there at run time).
 *
 * <pre>{@code
 * PluginContract.of("hello")
 *         .usesScopeSets(HelloScopes.PROFILE)
 *         .usesPermissions(HelloPermissions.READ)
 *         .verify();
 * }</pre>
 */
public final class PluginContract {

    /** The host's packages, which a plugin never sees. */
    public static final String HOST_PACKAGE = "dev.tenantry.portal";

    private static final String VIEWS = PluginManifests.VIEWS;

    private final PluginManifest manifest;
    private final ClassLoader loader;
    private final Set<String> scopeSets = new LinkedHashSet<>();
    private final Set<String> permissions = new LinkedHashSet<>();
    private boolean scopeSetsNamed;
    private boolean permissionsNamed;

    private PluginContract(PluginManifest manifest, ClassLoader loader) {
        this.manifest = manifest;
        this.loader = loader;
    }

    /** The manifest of plugin {@code pluginId} on the test's class path (the plugin's own build output). */
    public static PluginContract of(String pluginId) throws ManifestException {
        return of(pluginId, Thread.currentThread().getContextClassLoader());
    }

    public static PluginContract of(String pluginId, ClassLoader loader) throws ManifestException {
        try (InputStream json = loader.getResourceAsStream(PluginManifests.LOCATION)) {
            if (json == null) {
                throw new AssertionError(PluginManifests.LOCATION + " is not on the class path of plugin " + pluginId);
            }
            return new PluginContract(PluginManifests.read(json, pluginId, PluginManifests.LOCATION), loader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PluginManifest manifest() {
        return manifest;
    }

    /** The scope set ids the plugin's code asks the host for; all of them, so unused declarations show. */
    public PluginContract usesScopeSets(String... ids) {
        scopeSetsNamed = true;
        scopeSets.addAll(List.of(ids));
        return this;
    }

    /** The portal permissions the plugin's code checks; all of them, so unused declarations show. */
    public PluginContract usesPermissions(String... ids) {
        permissionsNamed = true;
        permissions.addAll(List.of(ids));
        return this;
    }

    /** Fails with every disagreement between code and manifest at once. */
    public void verify() {
        List<String> wrong = new ArrayList<>();
        Set<String> declaredSets = manifest.scopeSets().stream().map(ScopeSet::id).collect(Collectors.toSet());
        Set<String> declaredPermissions = manifest.permissions().stream().map(PluginManifest.PortalPermission::id)
                .collect(Collectors.toSet());
        scopeSets.stream().filter(id -> !declaredSets.contains(id))
                .forEach(id -> wrong.add("the code uses scope set '" + id + "', which the manifest does not declare"));
        permissions.stream().filter(id -> id.startsWith(manifest.pluginId() + ":") && !declaredPermissions.contains(id))
                .forEach(id -> wrong.add("the code checks permission '" + id + "', which the manifest does not declare"));
        if (scopeSetsNamed) {
            declaredSets.stream().filter(id -> !scopeSets.contains(id)).sorted()
                    .forEach(id -> wrong.add("the manifest declares scope set '" + id + "', which the code never uses"));
        }
        if (permissionsNamed) {
            declaredPermissions.stream().filter(id -> !permissions.contains(id)).sorted()
                    .forEach(id -> wrong.add("the manifest declares permission '" + id + "', which the code never checks"));
        }
        for (PluginManifest.PageDeclaration page : manifest.pages()) {
            if (loader.getResource(VIEWS + page.view()) == null) {
                wrong.add("page '" + page.id() + "' shows " + page.view() + ", but " + VIEWS + page.view()
                        + " is not in the plugin");
            }
        }
        for (PluginManifest.WidgetDeclaration widget : manifest.widgets()) {
            if (loader.getResource(VIEWS + widget.fragment()) == null) {
                wrong.add("widget '" + widget.id() + "' includes " + widget.fragment() + ", which is not in the plugin");
            }
        }
        List<String> views = new ArrayList<>();
        manifest.pages().forEach(page -> views.add(page.view()));
        manifest.widgets().forEach(widget -> views.add(widget.fragment()));
        for (String view : views) {
            checkReferences(view, wrong);
        }
        checkNothingOfTheHost(wrong);
        if (!wrong.isEmpty()) {
            throw new AssertionError("Plugin " + manifest.pluginId() + ": code and manifest disagree:\n  "
                    + String.join("\n  ", wrong));
        }
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("\\bname\\s*=\\s*\"([^\"]+)\"");

    /**
     * The plugin's own resources a view names ({@code library="<id>" name="…"}) and its composite components
     * ({@code xmlns:x="jakarta.faces.composite/<id>"}, {@code <x:card>}) must be in the plugin.
     */
    private void checkReferences(String view, List<String> wrong) {
        java.net.URL url = loader.getResource(VIEWS + view);
        if (url == null) {
            return;
        }
        String text;
        try (java.io.InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            wrong.add(view + " cannot be read: " + e.getMessage());
            return;
        }
        String id = java.util.regex.Pattern.quote(manifest.pluginId());
        java.util.regex.Matcher tag = java.util.regex.Pattern.compile("<[^>]*\\blibrary\\s*=\\s*\"" + id
                + "\"[^>]*>").matcher(text);
        while (tag.find()) {
            java.util.regex.Matcher name = NAME.matcher(tag.group());
            if (name.find() && !name.group(1).contains("#{") && loader.getResource(VIEWS + "/" + manifest.pluginId()
                    + "/" + name.group(1)) == null) {
                wrong.add(view + " names resource '" + name.group(1) + "', which is not in the plugin");
            }
        }
        java.util.regex.Matcher namespace = java.util.regex.Pattern.compile(
                "xmlns:([\\w-]+)\\s*=\\s*\"jakarta\\.faces\\.composite/" + id + "\"").matcher(text);
        while (namespace.find()) {
            java.util.regex.Matcher use = java.util.regex.Pattern.compile("<" + java.util.regex.Pattern.quote(
                    namespace.group(1)) + ":([\\w-]+)").matcher(text);
            while (use.find()) {
                if (loader.getResource(VIEWS + "/" + manifest.pluginId() + "/" + use.group(1) + ".xhtml") == null) {
                    wrong.add(view + " uses composite component '" + use.group(1) + "', which is not in the plugin");
                }
            }
        }
    }

    /** The classes beside the manifest (the plugin's build output or jar) reach no class of the host. */
    private void checkNothingOfTheHost(List<String> wrong) {
        java.net.URL json = loader.getResource(PluginManifests.LOCATION);
        String where = json.toString();
        Location root = Location.of(java.net.URI.create(where.substring(0, where.length()
                - PluginManifests.LOCATION.length())));
        Set<String> found = new TreeSet<>();
        for (JavaClass javaClass : new ClassFileImporter().importLocations(List.of(root))) {
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                if (dependency.getTargetClass().getPackageName().startsWith(HOST_PACKAGE)) {
                    found.add(javaClass.getName() + " uses " + dependency.getTargetClass().getName()
                            + ", a class of the host: write against plugin-api only");
                }
            }
        }
        wrong.addAll(found);
    }
}
