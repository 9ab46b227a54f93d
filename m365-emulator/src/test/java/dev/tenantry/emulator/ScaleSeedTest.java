package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.ScaleSeed;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaleSeedTest {

    @Test
    void theSameArgumentsGiveTheSameSeedAndOtherRandomSeedsDiffer() {
        assertEquals(Json.write(ScaleSeed.generate(3, 40, 7)), Json.write(ScaleSeed.generate(3, 40, 7)));
        assertNotEquals(Json.write(ScaleSeed.generate(3, 40, 7)), Json.write(ScaleSeed.generate(3, 40, 8)));
    }

    @Test
    void anEmulatorLoadsEveryTenantAndUserWithAnAdministratorEach() {
        try (M365Emulator emulator = M365Emulator.builder().seed(ScaleSeed.generate(5, 120, 42)).start()) {
            List<Tenant> tenants = emulator.directory().tenants();
            assertEquals(6, tenants.size(), "the MSP tenant and five customers");
            Set<String> upns = new HashSet<>();
            for (Tenant customer : tenants.subList(1, tenants.size())) {
                assertEquals(120, customer.users().size());
                customer.users().forEach(user -> upns.add(user.userPrincipalName()));
                assertTrue(customer.users().get(0).directoryRoles().contains(DirectoryRoles.GLOBAL_ADMINISTRATOR));
                assertEquals(2, customer.groups().size());
                assertTrue(customer.collection("/subscribedSkus").isPresent());
            }
            assertEquals(600, upns.size(), "user principal names are unique");
            assertTrue(emulator.directory().application("8d1c8f54-3a0e-4a7c-9d3b-5e2f71c0a9b1").isPresent(),
                    "the demo applications come along");
        }
    }

    @Test
    void refusesAnEmptyScale() {
        assertThrows(IllegalArgumentException.class, () -> ScaleSeed.generate(0, 10, 1));
    }
}
