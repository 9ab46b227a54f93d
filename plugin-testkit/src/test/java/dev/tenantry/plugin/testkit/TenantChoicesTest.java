package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.TenantChoices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A tenant picker's choices and the tenants of work over the fleet, found a page of the search at a time among 1,200
 * tenants, never from the list of every tenant, and only where the person holds the permission.
 */
class TenantChoicesTest {

    private static final String VIEW = "tests:view";
    private static final String EDIT = "tests:edit";

    /** Tenants {@code t0000} … named {@code Tenant 0000} …; reading the list of every tenant fails the test. */
    static final class Fleet implements PluginTenants {

        final MemoryTenants tenants = new MemoryTenants();
        final List<String> searches = new ArrayList<>();
        int finds;

        Fleet(int size) {
            for (int i = 0; i < size; i++) {
                tenants.add(id(i), "Tenant " + String.format("%04d", i), "tenant" + i + ".example");
            }
        }

        @Override
        public List<Tenant> all() {
            throw new AssertionError("read the list of every tenant");
        }

        @Override
        public List<Tenant> search(String text, int first, int max) {
            searches.add(first + "+" + max);
            return tenants.search(text, first, max);
        }

        @Override
        public Optional<Tenant> find(String tenantId) {
            finds++;
            return tenants.find(tenantId);
        }
    }

    static String id(int i) {
        return String.format("t%04d", i);
    }

    static MemoryPortalUser person() {
        return new MemoryPortalUser("tech@msp.example", "Tech");
    }

    @Test
    void aPickerOffersTenantsWhoseNameDomainOrIdContainsWhatWasTypedWhereThePersonHoldsThePermission() {
        Fleet fleet = new Fleet(1_200);
        MemoryPortalUser tech = person().holding(VIEW, id(3)).holding(VIEW, id(13)).holding(VIEW, id(100))
                .holding(EDIT, id(4));
        TenantChoices choices = new TenantChoices(VIEW);

        assertEquals(List.of(id(3), id(13)), choices.complete("TENANT 00", fleet, tech), "by name, any case");
        assertEquals(List.of(id(100)), choices.complete("tenant100.example", fleet, tech), "by domain");
        assertEquals(List.of(id(13)), choices.complete("t0013", fleet, tech), "by id");
        assertEquals(List.of(), choices.complete("Tenant 0004", fleet, tech), "another permission is not this one");
        assertEquals(List.of(), choices.complete("nothing like it", fleet, tech));
    }

    @Test
    void aPickerOffersAtMostFifteenFoundAmongTheFirstThousandTheSearchGives() {
        Fleet fleet = new Fleet(1_200);
        TenantChoices choices = new TenantChoices(VIEW);

        List<String> everywhere = choices.complete("", fleet, person().holding(VIEW));
        assertEquals(IntStream.range(0, TenantChoices.OFFERED).mapToObj(TenantChoicesTest::id).toList(), everywhere);
        assertEquals(List.of("0+100"), fleet.searches, "one page of the search was enough");

        fleet.searches.clear();
        MemoryPortalUser far = person().holding(VIEW, id(950)).holding(VIEW, id(999)).holding(VIEW, id(1_000))
                .holding(VIEW, id(1_150));
        assertEquals(List.of(id(950), id(999)), choices.complete("tenant", fleet, far));
        assertEquals(IntStream.range(0, 10).mapToObj(page -> page * 100 + "+100").toList(), fleet.searches,
                "the first thousand, a hundred at a time, and no further");
    }

    @Test
    void aTenantIsNamedAsThePickerOfferedItElseReadOnce() {
        Fleet fleet = new Fleet(20);
        TenantChoices choices = new TenantChoices(VIEW);
        choices.complete("Tenant 0003", fleet, person().holding(VIEW));

        assertEquals("Tenant 0003", choices.name(id(3), fleet));
        assertEquals(0, fleet.finds, "offered with its name");
        assertEquals("Tenant 0017", choices.name(id(17), fleet));
        assertEquals("Tenant 0017", choices.name(id(17), fleet));
        assertEquals(1, fleet.finds, "read once");
        assertEquals("gone", choices.name("gone", fleet), "a tenant the plugin no longer works in, by its id");
        assertEquals("", choices.name("", fleet));
        assertEquals("", choices.name(null, fleet));
    }

    @Test
    void everyTenantWhereThePersonHoldsThePermissionIsReadFiveHundredAtATime() {
        Fleet fleet = new Fleet(1_200);

        List<String> all = TenantChoices.visible(fleet, person().holding(VIEW), VIEW);
        assertEquals(IntStream.range(0, 1_200).mapToObj(TenantChoicesTest::id).toList(), all, "by name");
        assertEquals(List.of("0+500", "500+500", "1000+500"), fleet.searches);

        assertEquals(List.of(id(2), id(1_150)), TenantChoices.visible(fleet, person().holding(VIEW, id(2))
                .holding(VIEW, id(1_150)).holding(EDIT, id(7)), VIEW));
        assertEquals(List.of(), TenantChoices.visible(fleet, person().holding(EDIT), VIEW));
    }

    @Test
    void aTagNarrowsTheFleetToTheTenantsCarryingItWhateverItsCase() {
        Fleet fleet = new Fleet(0);
        fleet.tenants.add(new PluginTenants.Tenant("a", "Alpha", "alpha.example", java.util.Set.of("managed", "emea")));
        fleet.tenants.add(new PluginTenants.Tenant("b", "Beta", "beta.example", java.util.Set.of("managed-eu")));
        fleet.tenants.add(new PluginTenants.Tenant("c", "Gamma", "gamma.example", java.util.Set.of("managed")));

        assertEquals(List.of("a"), TenantChoices.visible(fleet, person().holding(VIEW, "a").holding(VIEW, "b"), VIEW,
                " Managed "), "not Beta (another tag), not Gamma (not visible)");
        assertEquals(List.of("a", "b"), TenantChoices.visible(fleet, person().holding(VIEW, "a").holding(VIEW, "b"),
                VIEW, " "), "blank: every tenant");
        assertEquals(List.of(), TenantChoices.visible(fleet, person().holding(VIEW), VIEW, "pilot"));
    }

    @Test
    void aFleetOfExactlyFiveHundredIsReadToItsEnd() {
        Fleet fleet = new Fleet(500);

        assertEquals(500, TenantChoices.visible(fleet, person().holding(VIEW), VIEW).size());
        assertEquals(List.of("0+500", "500+500"), fleet.searches, "a full page may not be the last");
    }

    @Test
    void choicesKeepTheNamesTheyOfferedInTheViewState() throws Exception {
        Fleet fleet = new Fleet(20);
        TenantChoices choices = new TenantChoices(VIEW);
        choices.complete("Tenant 0005", fleet, person().holding(VIEW));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(choices);
        }
        TenantChoices restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (TenantChoices) in.readObject();
        }

        assertEquals("Tenant 0005", restored.name(id(5), fleet));
        assertEquals(0, fleet.finds);
        assertEquals(List.of(id(6)), restored.complete("Tenant 0006", fleet, person().holding(VIEW, id(6))),
                "still for the same permission");
        assertEquals(List.of(), restored.complete("Tenant 0006", fleet, person().holding(EDIT)));
    }

    @Test
    void choicesNeedAPermission() {
        assertThrows(NullPointerException.class, () -> new TenantChoices(null));
        assertThrows(NullPointerException.class, () -> TenantChoices.visible(new Fleet(1), person(), null));
    }
}
