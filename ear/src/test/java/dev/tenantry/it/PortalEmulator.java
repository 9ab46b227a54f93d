package dev.tenantry.it;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.it.browser.Chromium;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * One M365 emulator for the whole test run (as there is one WildFly), with the demo tenants, where the portal under
 * test expects its identity provider: port {@code tenantry.it.emulator-port}, certificate in the test data folder,
 * which the portal trusts by its default configuration, and the portal's redirect URI registered for the test
 * server's port. Started by the JUnit Platform in the test JVM (registered in {@code META-INF/services}), so tests
 * running inside the server reach it too, over HTTP.
 */
public class PortalEmulator implements LauncherSessionListener {

    /** The Tenantry application of the demo seed, as the portal is configured by default. */
    public static final String TENANTRY_APP = "8d1c8f54-3a0e-4a7c-9d3b-5e2f71c0a9b1";
    public static final String PASSWORD = "Tenantry-Demo-2026!";

    private static M365Emulator emulator;

    public static M365Emulator emulator() {
        return emulator;
    }

    /**
     * Takes back everything a customer tenant granted Tenantry (delegated grants, application permissions), as its
     * administrator would in the Entra admin center: tests that walk consent start from a tenant that granted nothing.
     */
    public static void forgetConsent(String domain) {
        var tenant = emulator.tenant(domain);
        tenant.servicePrincipalByAppId(TENANTRY_APP).ifPresent(sp -> {
            String id = sp.path("id").asText();
            tenant.permissionGrants().stream().filter(grant -> grant.path("clientId").asText().equals(id))
                    .forEach(grant -> emulator.directory().deletePermissionGrant(tenant, grant.path("id").asText()));
            tenant.appRoleAssignments().stream().filter(a -> a.path("principalId").asText().equals(id))
                    .forEach(a -> emulator.directory().deleteAppRoleAssignment(tenant, id, a.path("id").asText()));
        });
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty("tenantry.it.emulator-port") == null) {
            return;
        }
        emulator = M365Emulator.builder()
                .port(Integer.parseInt(Deployments.required("tenantry.it.emulator-port")))
                .tlsFolder(Path.of(Deployments.home().getAbsolutePath(), "emulator"))
                .start();
        Application seeded = emulator.directory().application(TENANTRY_APP).orElseThrow();
        List<String> redirects = new ArrayList<>(seeded.redirectUris());
        redirects.add(Deployments.http().resolve("auth/callback").toString());
        redirects.add(Deployments.http().resolve("consent/callback").toString());
        redirects.add(Deployments.http().resolve("consent/admin-callback").toString());
        emulator.register(new Application(seeded.appId(), seeded.displayName(), seeded.homeTenantId(),
                seeded.clientSecrets(), redirects, seeded.requiredResourceAccess()));
        Chromium.trust(emulator.tls().certificate());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }
}
