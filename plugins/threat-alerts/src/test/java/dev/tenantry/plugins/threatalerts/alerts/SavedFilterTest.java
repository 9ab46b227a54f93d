package dev.tenantry.plugins.threatalerts.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.testkit.MemoryRecords;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Saved inbox filters belong to the member of staff who saved them, by name. */
class SavedFilterTest {

    private final ThreatStore store = new ThreatStore(new MemoryRecords());

    @Test
    void eachPersonSeesOnlyTheirOwnFiltersAndANameIsSavedOnce() {
        store.putFilter("Alex.Morgan@northwind-msp.example", new SavedFilter(" High in Contoso ", "contoso", "HIGH",
                "open", "", ""));
        store.putFilter("dana.okafor@northwind-msp.example", new SavedFilter("Mine", "", "", "NEW", "", "dana"));
        store.putFilter("alex.morgan@northwind-msp.example", new SavedFilter("High in Contoso", "contoso",
                "CRITICAL", "open", "", ""));
        store.putFilter("alex.morgan@northwind-msp.example", new SavedFilter("all spray", "", "", "", "passwordSpray",
                ""));

        List<SavedFilter> alex = store.filters("alex.morgan@northwind-msp.example");
        assertEquals(List.of("all spray", "High in Contoso"), alex.stream().map(SavedFilter::name).toList());
        assertEquals("CRITICAL", alex.get(1).severity(), "saving a name again replaces it");
        assertEquals(List.of("Mine"), store.filters("dana.okafor@northwind-msp.example").stream()
                .map(SavedFilter::name).toList());

        assertFalse(store.deleteFilter("dana.okafor@northwind-msp.example", "all spray"), "not Dana's to delete");
        assertTrue(store.deleteFilter("alex.morgan@northwind-msp.example", "all spray"));
        assertEquals(1, store.filters("alex.morgan@northwind-msp.example").size());
    }

    @Test
    void aNameIsNeededAndFiftyIsTheMost() {
        assertThrows(IllegalArgumentException.class, () -> store.putFilter("a@b.example",
                new SavedFilter("  ", "", "", "", "", "")));
        assertThrows(IllegalArgumentException.class, () -> store.putFilter("a@b.example",
                new SavedFilter("x".repeat(61), "", "", "", "", "")));
        for (int i = 0; i < 50; i++) {
            store.putFilter("a@b.example", new SavedFilter("filter " + i, "", "", "", "", ""));
        }
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> store.putFilter(
                "a@b.example", new SavedFilter("one more", "", "", "", "", "")));
        assertTrue(full.getMessage().contains("At most 50"));
        store.putFilter("a@b.example", new SavedFilter("filter 7", "", "HIGH", "", "", ""));
        assertEquals(50, store.filters("a@b.example").size(), "replacing one is still allowed");
    }
}
