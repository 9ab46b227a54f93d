package dev.tenantry.plugins.usermanagement.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.testkit.MemoryAudit;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Templates are checked when saved, offered in their tenant with the MSP-wide ones, and kept by who may manage them. */
class TemplatesTest {

    final MemoryRecords records = new MemoryRecords();
    final MemoryAudit audit = new MemoryAudit();
    final Templates templates = new Templates(records);
    final MemoryPortalUser everywhere = new MemoryPortalUser("owner@msp.example", "Owner")
            .holding(UserIds.MANAGE_TEMPLATES);
    final MemoryPortalUser inContoso = new MemoryPortalUser("tech@msp.example", "Tech")
            .holding(UserIds.MANAGE_TEMPLATES, "contoso");

    static UserTemplate template(String name, String tenantId, String location, List<String> licences) {
        return new UserTemplate(null, name, tenantId, location, "Sales", null, null, licences, List.of("Sales"), null,
                null);
    }

    @Test
    void aTemplateWithLicencesNeedsAUsageLocationAndPartNumbers() {
        List<String> problems = templates.save(template("Sales", null, "", List.of("SPE_E3")), everywhere, audit,
                Clock.systemUTC());
        assertTrue(problems.get(0).contains("usage location"), problems.toString());

        problems = templates.save(template("Sales", null, "Britain", List.of("Microsoft 365 E3")), everywhere, audit,
                Clock.systemUTC());
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(templates.mspWide().isEmpty(), "nothing saved");
    }

    @Test
    void mspWideTemplatesNeedThePermissionForAllTenantsAndATenantsOwnAreOfferedOnlyThere() {
        assertFalse(templates.save(template("Everyone", null, "GB", List.of()), inContoso, audit, Clock.systemUTC())
                .isEmpty(), "a technician of one tenant makes no MSP-wide template");
        assertEquals(List.of(), templates.save(template("Everyone", null, "gb", List.of("SPE_E3")), everywhere,
                audit, Clock.systemUTC()));
        assertEquals(List.of(), templates.save(template("Contoso sales", "contoso", "US", List.of()), inContoso,
                audit, Clock.systemUTC()));

        assertEquals(List.of("Contoso sales", "Everyone"), templates.offeredIn("contoso").stream()
                .map(UserTemplate::name).toList());
        assertEquals(List.of("Everyone"), templates.offeredIn("fabrikam").stream().map(UserTemplate::name).toList());
        assertEquals("GB", templates.mspWide().get(0).usageLocation());
        assertEquals(2, audit.of("template.saved").size());

        UserTemplate contosos = templates.offeredIn("contoso").get(0);
        assertFalse(templates.delete("contoso", contosos.id(), new MemoryPortalUser("other@msp.example", "Other"),
                audit));
        assertTrue(templates.delete("contoso", contosos.id(), inContoso, audit));
        assertEquals(List.of("Everyone"), templates.offeredIn("contoso").stream().map(UserTemplate::name).toList());
    }
}
