package dev.tenantry.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The host's structure, held as tests: layers whose dependencies only point down, no cycle between features or between
 * classes, a feature's {@code internal} package reached only from that feature, the {@code EntityManager} only in
 * {@code internal} packages, and built-in plugins that import nothing of the host. Each rule names what broke it.
 */
@AnalyzeClasses(packages = "dev.tenantry.portal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String HOST = "dev.tenantry.portal";

    private static final String[] FOUNDATION = {"crypto", "persistence", "web", "rest"};
    private static final String[] STAFF = {"identity", "audit", "access", "tenant", "approval", "apitoken", "notify",
            "signin", "auditlog", "roles"};
    private static final String[] CONSENT = {"consent"};
    private static final String[] GRAPH = {"graph"};
    private static final String[] CONSENT_CHECKS = {"consentcheck"};
    private static final String[] PLUGIN_HOST = {"plugin"};
    private static final String[] SHELL = {"shell", "system"};

    /**
     * Bottom to top; a layer may use those below it. Foundation knows no feature; staff identity, access, audit,
     * tenants and approvals stand on it; consent (connections, tokens, consent state) on them; the Graph gateway uses
     * consent's tokens; the live consent checks call Graph; the plugin host uses all of them; the shell composes pages.
     */
    @ArchTest
    static final ArchRule layersPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Foundation").definedBy(packages(FOUNDATION))
            .layer("Staff").definedBy(packages(STAFF))
            .layer("Consent").definedBy(packages(CONSENT))
            .layer("Graph").definedBy(packages(GRAPH))
            .layer("Consent checks").definedBy(packages(CONSENT_CHECKS))
            .layer("Plugin host").definedBy(packages(PLUGIN_HOST))
            .layer("Shell").definedBy(packages(SHELL))
            .whereLayer("Shell").mayNotBeAccessedByAnyLayer()
            .whereLayer("Plugin host").mayOnlyBeAccessedByLayers("Shell")
            .whereLayer("Consent checks").mayOnlyBeAccessedByLayers("Plugin host", "Shell")
            .whereLayer("Graph").mayOnlyBeAccessedByLayers("Consent checks", "Plugin host", "Shell")
            .whereLayer("Consent").mayOnlyBeAccessedByLayers("Graph", "Consent checks", "Plugin host", "Shell")
            .whereLayer("Staff").mayOnlyBeAccessedByLayers("Consent", "Graph", "Consent checks", "Plugin host",
                    "Shell");

    /** Every class of the host is in a layer: a new top-level package has to be given its place above. */
    @ArchTest
    static final ArchRule everyPackageHasALayer = classes().that().doNotHaveSimpleName("package-info").should()
            .resideInAnyPackage(packages(Stream.of(FOUNDATION, STAFF, CONSENT, GRAPH, CONSENT_CHECKS, PLUGIN_HOST, SHELL)
                    .flatMap(Stream::of).toArray(String[]::new)));

    @ArchTest
    static final ArchRule noCycleBetweenFeatures = slices().matching(HOST + ".(*)..").should().beFreeOfCycles();

    /**
     * Nor between packages, a feature's {@code internal} storage counted with the feature it stores (it maps rows to that
     * feature's records).
     */
    @ArchTest
    static final ArchRule noCycleBetweenPackages = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.startsWith(HOST) ? SliceIdentifier.of(name.replaceFirst("\\.internal$", ""))
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of the host, each with its internal storage";
        }
    }).should().beFreeOfCycles();

    /** No two classes need each other, directly or round a loop (nested classes count as their outer class). */
    @ArchTest
    static final ArchRule noCycleBetweenClasses = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            JavaClass outer = javaClass;
            while (outer.getEnclosingClass().isPresent()) {
                outer = outer.getEnclosingClass().get();
            }
            return outer.getPackageName().startsWith(HOST) ? SliceIdentifier.of(outer.getName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "top-level classes of the host";
        }
    }).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule internalsStayInTheirFeature = classes().that().resideInAPackage(HOST + ".*.internal..")
            .should(new ArchCondition<>("be used only by their own feature") {
                @Override
                public void check(JavaClass internal, ConditionEvents events) {
                    String feature = feature(internal);
                    for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
                        JavaClass origin = dependency.getOriginClass();
                        if (origin.getPackageName().startsWith(HOST) && !feature.equals(feature(origin))) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    }
                }
            });

    /** Tenantry's own grant-maintenance permissions are used only by the revoke of excess permissions. */
    @ArchTest
    static final ArchRule onlyTheRevokeUsesTheGrantMaintenanceScopeSet = noClasses().that()
            .doNotHaveFullyQualifiedName(HOST + ".consentcheck.LiveGrants")
            .and().doNotHaveFullyQualifiedName(HOST + ".consent.HostScopeSets")
            .should().accessField(dev.tenantry.portal.consent.HostScopeSets.class, "MAINTENANCE");

    @ArchTest
    static final ArchRule onlyInternalsTouchTheDatabase = noClasses().that().resideOutsideOfPackage("..internal..")
            .should().dependOnClassesThat().belongToAnyOf(EntityManager.class, PersistenceContext.class);

    /** The built-in plugins (the jars the host ships) are written against plugin-api alone. */
    @Test
    void builtInPluginsImportNothingOfTheHost() throws IOException, URISyntaxException {
        Path builtin = Path.of(ArchitectureTest.class.getResource("/dev/tenantry/portal/plugin/builtin").toURI());
        List<JarFile> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(builtin)) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).toList()) {
                jars.add(new JarFile(jar.toFile()));
            }
        }
        assertEquals(4, jars.size(), "the Secure, Threat Alerts, User Management and Teams Governance jars are in the "
                + "host's build: " + jars);
        JavaClasses plugins = new ClassFileImporter().importJars(jars);
        for (JarFile jar : jars) {
            jar.close();
        }
        assertTrue(plugins.containPackage("dev.tenantry.plugins.secure"), "Secure's classes were read");
        assertTrue(plugins.containPackage("dev.tenantry.plugins.usermanagement"), "User Management's classes too");
        assertTrue(plugins.containPackage("dev.tenantry.plugins.teamsgovernance"), "Teams Governance's classes too");
        noClasses().should().dependOnClassesThat().resideInAPackage(HOST + "..")
                .because("a plugin compiles against plugin-api only, like a partner's").check(plugins);
    }

    private static String[] packages(String... features) {
        return Stream.of(features).map(feature -> HOST + "." + feature + "..").toArray(String[]::new);
    }

    private static String feature(JavaClass javaClass) {
        String rest = javaClass.getPackageName().substring(Math.min(javaClass.getPackageName().length(),
                HOST.length() + 1));
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    }
}
