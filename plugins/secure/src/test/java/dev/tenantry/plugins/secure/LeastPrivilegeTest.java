package dev.tenantry.plugins.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.manifest.PluginManifest;
import dev.tenantry.plugin.api.manifest.PluginManifests;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugins.secure.deploy.PolicyDeployer;
import dev.tenantry.plugins.secure.deploy.PolicyTemplates;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.posture.PostureScan;
import dev.tenantry.plugins.secure.posture.Reading;
import dev.tenantry.plugins.secure.posture.TenantPosture;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, against the emulator, which enforces each endpoint's permissions from Microsoft's permissions
 * reference: the Secure plugin's code, holding exactly one scope set's permissions (through the real authorization
 * code flow and admin consent), does everything that scope set is for; and without any one of its permissions,
 * something it does is refused — so no permission in a scope set is unused.
 */
@EmulatorTest
class LeastPrivilegeTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    /** A seeded member of Contoso without any directory role. */
    private static final String MEMBER = "adele.vance@contoso.example";

    static PluginManifest manifest;
    M365Emulator emulator;

    @BeforeAll
    static void readManifest() throws Exception {
        try (InputStream json = LeastPrivilegeTest.class.getResourceAsStream("/" + PluginManifests.LOCATION)) {
            manifest = PluginManifests.read(json, SecureIds.PLUGIN, "tenantry-plugin.json");
        }
    }

    @BeforeEach
    void emulator(M365Emulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void eachScopeSetIsEnoughForWhatItIsFor() throws Exception {
        for (ScopeSet set : manifest.scopeSets()) {
            String failure = run(set, permissions(set));
            assertEquals("", failure, set.id() + " with all its permissions");
        }
    }

    @Test
    void everyPermissionOfAScopeSetIsUsed() throws Exception {
        for (ScopeSet set : manifest.scopeSets()) {
            List<String> all = permissions(set);
            if (all.size() == 1) {
                // Its only permission: without it the scope set holds nothing, and the sufficiency test shows it is
                // what the calls need
                continue;
            }
            for (String left : all) {
                List<String> fewer = new ArrayList<>(all);
                fewer.remove(left);
                String failure = run(set, fewer);
                assertFalse(failure.isEmpty(), set.id() + " works without " + left + ": it is not needed");
                // A 403 inside the posture $batch reads as "permission missing" (the grant changed), as it should
                assertTrue(failure.contains("403") || failure.contains("PermissionMissing"), set.id() + " without "
                        + left + " fails, but not for a permission: " + failure);
            }
        }
    }

    @Test
    void aMemberWithoutADirectoryRoleIsRefusedTheAdminReadsAndThePolicyDeploymentDespiteTheConsent()
            throws Exception {
        emulator.reset();
        ScopeSet posture = scopeSet(SecureIds.POSTURE_SCOPES);
        ScopeSet deploy = scopeSet(SecureIds.DEPLOY_SCOPES);
        // The administrator consents for the organisation; then a member signs in with the same permissions
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant(posture.id(), CONTOSO, ADMIN, false, permissions(posture))
                .grant(deploy.id(), CONTOSO, ADMIN, false, permissions(deploy))
                .grant(posture.id(), CONTOSO, MEMBER, false, permissions(posture))
                .grant(deploy.id(), CONTOSO, MEMBER, false, permissions(deploy));
        String tenant = emulator.tenant(CONTOSO).id();
        emulator.requestLog().clear();

        TenantPosture read = new PostureScan(graph).read(tenant, Set.of());
        assertFalse(read.policies() instanceof Reading.Read<?>, "policies: " + read.policies());
        assertFalse(read.namedLocations() instanceof Reading.Read<?>, "named locations: " + read.namedLocations());
        PolicyDeployer deployer = new PolicyDeployer(graph, new PostureStore(new MemoryRecords()),
                (action, id, target, details) -> { }, Clock.systemUTC());
        PolicyDeployer.RefusedException refused = org.junit.jupiter.api.Assertions.assertThrows(
                PolicyDeployer.RefusedException.class, () -> deployer.deployReportOnly(tenant,
                        PolicyTemplates.ADMIN_MFA, MEMBER), "said as Microsoft's refusal, not a consent card");
        assertTrue(refused.getMessage().startsWith("Microsoft Graph refused the change (HTTP 403)"),
                refused.getMessage());

        List<String> denied = emulator.requestLog().matching(entry -> entry.status() == 403).stream()
                .map(entry -> entry.method() + " " + entry.path()).toList();
        assertTrue(denied.stream().anyMatch(call -> call.startsWith("GET ")
                && call.endsWith("/identity/conditionalAccess/policies")),
                "the emulator refused the member, not the plugin: " + denied);
        assertEquals(4, emulator.tenant(CONTOSO).collection("/identity/conditionalAccess/policies").orElseThrow()
                .path("value").size(), "nothing deployed");
    }

    private static ScopeSet scopeSet(String id) {
        return manifest.scopeSets().stream().filter(set -> set.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * Runs what {@code set} is for, with a token holding exactly {@code permissions} of it (the tenant reset first, so
     * no earlier consent adds to it); returns what failed, or "" when everything worked.
     */
    private String run(ScopeSet set, List<String> permissions) throws Exception {
        emulator.reset();
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(set.id(), CONTOSO, ADMIN,
                set.resource() == ScopeSet.Resource.EXCHANGE_ONLINE, permissions);
        String tenant = emulator.tenant(CONTOSO).id();
        switch (set.id()) {
            case SecureIds.POSTURE_SCOPES -> {
                TenantPosture posture = new PostureScan(graph).read(tenant, Set.of());
                return failures(Map.of("licences", posture.licences(), "policies", posture.policies(),
                        "named locations", posture.namedLocations(), "authorization policy", posture.authorization(),
                        "registration", posture.registration(), "branding", posture.branding()));
            }
            case SecureIds.SCORE_SCOPES -> {
                return failures(Map.of("secure score", new PostureScan(graph).read(tenant, Set.of()).score()));
            }
            case SecureIds.AUDIT_SCOPES -> {
                return failures(Map.of("audit log", new PostureScan(graph).read(tenant, Set.of()).auditLog()));
            }
            case SecureIds.DEPLOY_SCOPES -> {
                PolicyDeployer deployer = new PolicyDeployer(graph, new PostureStore(new MemoryRecords()),
                        (action, id, target, details) -> { }, Clock.systemUTC());
                try {
                    String deployed = deployer.deployReportOnly(tenant, PolicyTemplates.ADMIN_MFA, ADMIN);
                    assertTrue(deployed.startsWith("Created policy"), deployed);
                    String on = deployer.enforce(tenant, PolicyTemplates.ADMIN_MFA, ADMIN);
                    assertTrue(on.startsWith("Switched policy"), on);
                    return "";
                } catch (PolicyDeployer.RefusedException e) {
                    return "deploy: " + e.getMessage();
                } catch (com.microsoft.kiota.ApiException e) {
                    return "deploy: " + e.getResponseStatusCode() + " " + e.getMessage();
                }
            }
            default -> throw new AssertionError("No run for scope set " + set.id() + ": add what it is for");
        }
    }

    private static String failures(Map<String, Reading<?>> readings) {
        StringBuilder failed = new StringBuilder();
        readings.forEach((part, reading) -> {
            if (!(reading instanceof Reading.Read<?>)) {
                failed.append(part).append(": ").append(reading).append("; ");
            }
        });
        return failed.toString();
    }

    private static List<String> permissions(ScopeSet set) {
        assertTrue(set.permissions().stream().allMatch(p -> p.type() == ScopeSet.Connection.DELEGATED),
                "the Secure plugin's scope sets are delegated");
        return set.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList();
    }
}
