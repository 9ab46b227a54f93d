package com.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.EmulatorTest;
import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.TestHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Hello page's model against the emulator, with the test kit's fakes for the rest of the host. */
@EmulatorTest
class HelloGreetingTest {

    private final MemoryAudit audit = new MemoryAudit();
    private final MemoryRecords records = new MemoryRecords();

    private HelloGreeting greeting(M365Emulator emulator, EmulatorGraphAccess graph) {
        MemoryPortalUser user = new MemoryPortalUser("adele.vance@northwind-msp.example", "Adele Vance")
                .holding(HelloIds.VIEW).choosing(emulator.tenant("contoso.example").id());
        return TestHost.with(user, audit, records, graph).fill(new HelloGreeting());
    }

    @Test
    void withItsScopeSetGrantedTheTenantIsGreetedByItsOrganisationName(M365Emulator emulator) throws Exception {
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant(HelloIds.PROFILE_SCOPES,
                "contoso.example", "megan.bowen@contoso.example", false, List.of("Organization.Read.All"));
        HelloGreeting greeting = greeting(emulator, graph);

        greeting.greetTenant();

        assertEquals(emulator.tenant("contoso.example").displayName(), greeting.getOrganisation());
    }

    @Test
    void withoutItTheHostIsLeftToShowTheConsentCard(M365Emulator emulator) {
        HelloGreeting greeting = greeting(emulator, EmulatorGraphAccess.register(emulator));

        ConsentRequiredException missing = assertThrows(ConsentRequiredException.class, greeting::greetTenant);

        assertEquals(HelloIds.PROFILE_SCOPES, missing.scopeSetId());
    }

    @Test
    void aGreetingIsCountedKeptAndAudited(M365Emulator emulator) {
        HelloGreeting greeting = greeting(emulator, EmulatorGraphAccess.register(emulator));

        greeting.greet();
        greeting.greet();

        assertEquals(2, greeting.getGreetings());
        assertEquals(2, greeting.getAllGreetings());
        assertEquals(2, audit.of("greet").size());
        assertEquals("2", audit.of("greet").get(1).details().get("greetings"));
    }
}
