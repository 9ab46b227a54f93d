package dev.tenantry.it;

import java.io.File;
import java.net.URI;
import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The one place integration tests get their deployment and the addresses of the server under test. */
public final class Deployments {

    private static final String WAR = "portal-web.war";

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
        war.addClasses(testClasses).addClass(Deployments.class);
        ear.delete(WAR);
        ear.addAsModule(Testable.archiveToTest(war));
        return ear;
    }

    /** The portal's HTTP address, ending in a slash. */
    public static URI http() {
        return URI.create("http://localhost:" + (8080 + portOffset()) + "/");
    }

    /** The portal's HTTPS address, ending in a slash. */
    public static URI https() {
        return URI.create("https://localhost:" + (8443 + portOffset()) + "/");
    }

    /** The management interface, where WildFly serves MicroProfile Health. */
    public static URI management() {
        return URI.create("http://localhost:" + required("tenantry.it.management-port") + "/");
    }

    /** The data folder the server under test was started with. */
    public static File home() {
        return new File(required("tenantry.it.home"));
    }

    public static int portOffset() {
        return Integer.parseInt(required("tenantry.it.port-offset"));
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
