package dev.tenantry.it.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.it.PortalEmulator;
import java.time.Duration;
import java.util.List;

/**
 * A customer tenant of the emulator (in the test JVM, never in the server) whose administrator granted Tenantry
 * {@code User.Read.All} as an application permission, and whose next {@code /users} request Microsoft throttles.
 */
final class ThrottledTenant {

    static final String ID = "5c7d9e1f-2a4b-4c6d-8e0f-1a3b5c7d9e2f";

    private ThrottledTenant() {
    }

    static void throttleNextUsersRequest(Duration retryAfter) {
        M365Emulator emulator = PortalEmulator.emulator();
        Directory directory = emulator.directory();
        Tenant tenant = directory.tenant(ID).orElseGet(() -> directory.addTenant(ID, "Throttled Ltd",
                List.of("throttled-ltd.example"), false, null));
        ObjectNode tenantry = directory.ensureServicePrincipal(tenant,
                directory.application(PortalEmulator.TENANTRY_APP).orElseThrow());
        directory.assignAppRole(tenant, tenantry, directory.graphServicePrincipal(tenant),
                directory.catalogue().graph().appRole("User.Read.All").orElseThrow());
        emulator.faults().throttle(ID, "/users", retryAfter, 1);
    }
}
