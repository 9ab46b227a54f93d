package dev.tenantry.plugins.teamsgovernance.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.testkit.MemoryRecords;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Templates: their rules, their naming policy, and their versions in the host's records. */
class CatalogTest {

    static TeamTemplate template(String id, String tenantId, int version, String name, String labelId,
            List<TeamTemplate.ChannelSpec> channels) {
        return new TeamTemplate(id, tenantId, version, name, "", "standard", "private", channels, List.of(), null,
                null, false, new NamingPolicy("PRJ-", "-ext", List.of("CEO", "payroll")), 2, labelId,
                labelId.isEmpty() ? "" : "Confidential", 0, List.of(), false, "catalog", Instant.now());
    }

    @Test
    void theNamingPolicyFramesTheNameAndRefusesBlockedWholeWordsWhateverTheirCase() {
        NamingPolicy policy = new NamingPolicy("PRJ-", "-ext", List.of("CEO", "payroll"));

        assertEquals("PRJ-Falcon-ext", policy.apply("  Falcon "));
        assertTrue(policy.refusal("Payroll 2027").orElseThrow().contains("payroll"));
        assertTrue(policy.refusal("ceo-office").isPresent(), "a word between dashes is a word");
        assertEquals(Optional.empty(), policy.refusal("Ceorama"), "a word inside another is not the word");
        assertTrue(policy.refusal(" ").isPresent());
        assertTrue(policy.refusal("x".repeat(250)).orElseThrow().contains("256"));
    }

    @Test
    void aTemplateThatMicrosoftWouldRefuseIsRefusedBeforeItIsKept() {
        TeamTemplate.ChannelSpec design = new TeamTemplate.ChannelSpec("Design", "", "standard", List.of(
                new TeamTemplate.TabSpec("Wiki", "https://wiki.example")));
        assertEquals(Optional.empty(), template("t", "tenant", 0, "Project", "", List.of(design)).refusal());
        assertTrue(template("t", null, 0, "Project", "label", List.of()).refusal().orElseThrow()
                .contains("MSP-wide template cannot apply a sensitivity label"));
        assertTrue(template("t", "tenant", 0, "Project", "", List.of(design, design)).refusal().orElseThrow()
                .contains("twice"));
        assertTrue(template("t", "tenant", 0, "Project", "", List.of(new TeamTemplate.ChannelSpec("general", "",
                "standard", List.of()))).refusal().orElseThrow().contains("twice"), "General is always there");
        assertTrue(template("t", "tenant", 0, "Project", "", List.of(new TeamTemplate.ChannelSpec("Board", "",
                "private", List.of(new TeamTemplate.TabSpec("Wiki", "https://x.example"))))).refusal().orElseThrow()
                .contains("standard channels"));
        assertTrue(template("t", "tenant", 0, "Project", "", List.of(new TeamTemplate.ChannelSpec("A/B", "",
                "standard", List.of()))).refusal().isPresent());
        assertTrue(template("t", "tenant", 0, "Project", "", List.of(new TeamTemplate.ChannelSpec("Web", "",
                "standard", List.of(new TeamTemplate.TabSpec("Site", "http://plain.example"))))).refusal()
                .isPresent(), "tabs show https pages only");
    }

    @Test
    void eachChangeIsANewVersionKeptBesideTheOthersAndAStaleChangeIsRefused() {
        MemoryRecords records = new MemoryRecords();
        TemplateStore store = new TemplateStore(records);
        TeamTemplate first = store.save(template("t1", "tenant", 0, "Project", "", List.of()));
        TeamTemplate second = store.save(template("t1", "tenant", first.version(), "Project (2 owners)", "",
                List.of()));

        assertEquals(1, first.version());
        assertEquals(2, second.version());
        assertEquals("Project (2 owners)", store.get("tenant", "t1").orElseThrow().name());
        assertEquals("Project", store.version("tenant", "t1", 1).orElseThrow().name(), "the first version is kept");
        assertThrows(RecordConflictException.class, () -> store.save(template("t1", "tenant", first.version(),
                "Stale", "", List.of())));
        assertThrows(RecordConflictException.class, () -> store.save(template("t1", "tenant", 0, "Again", "",
                List.of())), "a new template may not take an id in use");

        store.save(template("t2", null, 0, "Everyone's", "", List.of()));
        assertEquals(List.of("Everyone's", "Project (2 owners)"), store.offered("tenant", false, 10).stream()
                .map(TeamTemplate::name).toList(), "the tenant's and the MSP-wide ones");
        assertEquals(List.of("Everyone's"), store.offered("other", false, 10).stream().map(TeamTemplate::name)
                .toList());
    }
}
