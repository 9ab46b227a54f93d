package dev.tenantry.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The one place integration tests get their deployment and the addresses of the server under test. */
public final class Deployments {

    private static final String WAR = "portal-web.war";
    /** Where Arquillian's Jakarta servlet protocol runs in-container tests. */
    private static final String TEST_RUNNER = "ArquillianServletRunnerEE9";

    private Deployments() {
    }

    /** The EAR this build produced, exactly as production deploys it. */
    public static EnterpriseArchive portal() {
        File ear = new File(required("tenantry.ear"));
        if (!ear.isFile()) {
            throw new IllegalStateException("No EAR at " + ear + ": run the tests through Maven (./mvnw verify)");
        }
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /**
     * The production EAR with test classes added to the portal's WAR, for tests that run inside the server with the
     * portal's beans injected.
     */
    public static EnterpriseArchive portalWithTests(Class<?>... testClasses) {
        EnterpriseArchive ear = portal();
        WebArchive war = ear.getAsType(WebArchive.class, WAR);
        war.addClasses(testClasses).addClass(Deployments.class).addClass(Polling.class);
        // In-container tests may stand up an HTTP receiver (webhooks) with the JDK's own server
        war.setManifest(new StringAsset("Manifest-Version: 1.0\nDependencies: jdk.httpserver\n"));
        openTestRunner(war);
        ear.delete(WAR);
        ear.addAsModule(Testable.archiveToTest(war));
        return ear;
    }

    /**
     * As {@link #portalWithTests}, with {@code config} added to the portal's MicroProfile Config (its WAR's
     * {@code META-INF/microprofile-config.properties}): settings the server under test does not set for every test,
     * such as a mail server one test stands up.
     */
    public static EnterpriseArchive portalWithTestsAndConfig(java.util.Map<String, String> config,
            Class<?>... testClasses) {
        EnterpriseArchive ear = portalWithTests(testClasses);
        StringBuilder properties = new StringBuilder();
        config.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        ear.getAsType(WebArchive.class, WAR).addAsResource(new StringAsset(properties.toString()),
                "META-INF/microprofile-config.properties");
        return ear;
    }

    /**
     * As {@link #portalWithTests}, and the class files of {@code pluginClasses} as resources under
     * {@value #PLUGIN_FIXTURES}: not classes of the portal, but bytes a test packs into plugin jars.
     */
    public static EnterpriseArchive portalWithTestsAndPluginClasses(Class<?>[] testClasses, Class<?>... pluginClasses) {
        EnterpriseArchive ear = portalWithTests(testClasses);
        WebArchive war = ear.getAsType(WebArchive.class, WAR);
        for (Class<?> plugin : pluginClasses) {
            String file = plugin.getName().replace('.', '/') + ".class";
            war.addAsResource(new org.jboss.shrinkwrap.api.asset.ClassLoaderAsset(file), PLUGIN_FIXTURES + file);
        }
        return ear;
    }

    /** Where {@link #portalWithTestsAndPluginClasses} puts plugin class files. */
    public static final String PLUGIN_FIXTURES = "plugin-fixtures/";

    /**
     * Every page of the portal needs a signed-in member of staff; the servlet through which Arquillian runs tests in
     * the server is opened here, in test deployments only.
     */
    private static void openTestRunner(WebArchive war) {
        String webXml;
        try (InputStream in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String open = "<url-pattern>/auth/*</url-pattern>";
        if (!webXml.contains(open)) {
            throw new IllegalStateException("web.xml no longer has the public constraint this helper extends");
        }
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml.replace(open, open + "<url-pattern>/" + TEST_RUNNER + "/*</url-pattern>")));
    }

    /** Copies the sample partner plugin's jar (built by the reactor) into the test server's plugins folder. */
    public static java.nio.file.Path dropHelloPlugin() throws IOException {
        return drop("tenantry.it.hello-plugin", "hello-plugin-1.0.0.jar");
    }

    /** Installs the Secure plugin's jar in the plugins folder, as a dropped jar; returns where it is. */
    public static java.nio.file.Path dropSecurePlugin() throws IOException {
        return drop("tenantry.it.secure-plugin", "secure.jar");
    }

    /** Installs the Threat Alerts plugin's jar in the plugins folder, as a dropped jar; returns where it is. */
    public static java.nio.file.Path dropThreatAlertsPlugin() throws IOException {
        return drop("tenantry.it.threat-alerts-plugin", "threat-alerts.jar");
    }

    /** Installs the User Management plugin's jar in the plugins folder, as a dropped jar; returns where it is. */
    public static java.nio.file.Path dropUserManagementPlugin() throws IOException {
        return drop("tenantry.it.user-management-plugin", "user-management.jar");
    }

    /** Installs the Teams Governance plugin's jar in the plugins folder, as a dropped jar; returns where it is. */
    public static java.nio.file.Path dropTeamsGovernancePlugin() throws IOException {
        return drop("tenantry.it.teams-governance-plugin", "teams-governance.jar");
    }

    /** Copies the built plugin jar the system property names into the plugins folder as {@code name}. */
    private static java.nio.file.Path drop(String property, String name) throws IOException {
        java.nio.file.Path folder = home().toPath().resolve("plugins");
        java.nio.file.Files.createDirectories(folder);
        return java.nio.file.Files.copy(java.nio.file.Path.of(required(property)), folder.resolve(name),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The portal's HTTP address, ending in a slash. */
    public static URI http() {
        return URI.create("http://localhost:" + (8080 + portOffset()) + "/");
    }

    /** The portal's HTTPS address, ending in a slash. */
    public static URI https() {
        return URI.create("https://localhost:" + (8443 + portOffset()) + "/");
    }

    /**
     * The management interface, where WildFly serves MicroProfile Health: from the build's settings in the test JVM,
     * 9990 shifted by the server's port offset inside it.
     */
    public static URI management() {
        String port = System.getProperty("tenantry.it.management-port");
        return URI.create("http://localhost:" + (port != null ? port : String.valueOf(9990 + portOffset())) + "/");
    }

    /** The data folder the server under test was started with. */
    public static File home() {
        return new File(required("tenantry.it.home"));
    }

    /** The server's port offset: from the build's settings in the test JVM, from the server's own inside it. */
    public static int portOffset() {
        String inServer = System.getProperty("jboss.socket.binding.port-offset");
        return Integer.parseInt(System.getProperty("tenantry.it.port-offset") == null && inServer != null ? inServer
                : required("tenantry.it.port-offset"));
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property
                    + " is not set: run the tests through Maven (./mvnw verify)");
        }
        return value;
    }
}
