package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tenantry.emulator.M365Emulator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EmulatorTest
class EmulatorExtensionTest {

    M365Emulator before;

    @BeforeEach
    void remember(M365Emulator emulator) {
        before = emulator;
    }

    @Test
    void aTestAndItsSetUpShareOneRunningEmulatorWithTheDemoTenants(M365Emulator emulator) throws Exception {
        assertSame(before, emulator);
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("hello.profile", "contoso.example",
                "megan.bowen@contoso.example", false, List.of("Organization.Read.All"));

        String name = graph.call(emulator.tenant("contoso.example").id(), "hello.profile",
                client -> client.organization().get().getValue().get(0).getDisplayName());

        assertEquals(emulator.tenant("contoso.example").displayName(), name);
    }
}
