package dev.tenantry.plugin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordQueryTest {

    private static final RecordKind INCIDENT = RecordKind.of("incident").text("state").number("severity")
            .time("last-detected").text("user");

    @Test
    void aQueryNamesOnlyFieldsTheKindDeclaresWithValuesOfTheirType() {
        RecordQuery query = RecordQuery.of(INCIDENT).visibleWith("threat-alerts:view").equal("state", "OPEN")
                .atLeast("severity", 2).below("last-detected", Instant.EPOCH).contains("user", "  Bob ")
                .orderBy("severity", true).orderBy(RecordKind.UPDATED_AT, true);

        assertEquals(RecordQuery.Scope.VISIBLE, query.scope());
        assertEquals("threat-alerts:view", query.permission());
        assertEquals(List.of(2L), query.conditions().get(1).values(), "numbers are compared as long");
        assertEquals(List.of("bob"), query.conditions().get(3).values(), "contains ignores case and edges");
        assertEquals(2, query.orders().size());

        assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).equal("colour", "red"),
                "a field the kind does not declare");
        assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).equal("severity", "high"));
        assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).contains("severity", "1"));
        assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).startsWith("severity", "1"));
        assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).startsWith("user",
                "x".repeat(RecordKind.MAX_TEXT_LENGTH + 1)));
        assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).in("state", List.of()));
        assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).visibleWith(" "));
    }

    @Test
    void aBlankSearchAddsNoConditionAndQueriesAreImmutable() {
        RecordQuery base = RecordQuery.of(INCIDENT).inTenants(Set.of("t1", "t2"));
        RecordQuery narrowed = base.equal("state", "OPEN");

        assertTrue(base.conditions().isEmpty());
        assertEquals(1, narrowed.conditions().size());
        assertEquals(base.conditions(), base.contains("user", "  ").conditions());
        assertEquals(base.conditions(), base.startsWith("user", "").conditions());
        assertEquals(List.of(" Bob"), base.startsWith("user", " Bob").conditions().get(0).values(),
                "a prefix is kept as written");
        assertEquals(Set.of("t1", "t2"), narrowed.tenantIds());
    }

    @Test
    void aTagIsKeptAsThePortalKeepsTagsWhateverTheScopeChosenAfterAndABlankOneIsNoCondition() {
        RecordQuery tagged = RecordQuery.of(INCIDENT).taggedWith("  Pilot-EU ").equal("state", "OPEN");

        assertEquals("pilot-eu", tagged.tag(), "lower case, without the edges");
        assertEquals("pilot-eu", tagged.visibleWith("threat-alerts:view").tag(), "a scope chosen after keeps it");
        assertEquals("pilot-eu", tagged.inTenant("t1").tag());
        assertEquals("pilot-eu", tagged.allTenants().orderBy("severity", true).tag());
        assertEquals("pilot-eu", tagged.installationWide().tag());
        assertEquals(List.of("OPEN"), tagged.conditions().get(0).values(), "the tag is not one of the conditions");
        assertTrue(tagged.toString().contains("tagged pilot-eu"), tagged.toString());
        assertNull(tagged.taggedWith(" ").tag(), "blank: no tag, not even the one before");
        assertNull(RecordQuery.of(INCIDENT).taggedWith(null).tag());
        assertEquals("x".repeat(40), RecordQuery.of(INCIDENT).taggedWith("x".repeat(40)).tag());

        for (String notATag : List.of("pilot eu", "-pilot", "pilot,managed", "x".repeat(41), "100%", "pilot_eu")) {
            assertThrows(IllegalArgumentException.class, () -> RecordQuery.of(INCIDENT).taggedWith(notATag), notATag);
        }
    }

    @Test
    void aKindHasAFewTypedFieldsAndValuesAreCheckedBeforeTheyAreWritten() {
        RecordKind many = RecordKind.of("k").text("a").text("b").text("c").text("d").text("e").text("f");
        assertThrows(IllegalArgumentException.class, () -> many.text("g"), "at most six text fields");
        assertThrows(IllegalArgumentException.class, () -> INCIDENT.text("state"), "a field twice");
        assertThrows(IllegalArgumentException.class, () -> RecordKind.of("Incident"));
        assertThrows(IllegalArgumentException.class, () -> INCIDENT.number(RecordKind.UPDATED_AT));

        Map<String, Object> values = INCIDENT.values(Map.of("state", "OPEN", "severity", 3));
        assertEquals(Map.of("state", "OPEN", "severity", 3L), values);
        assertEquals(Map.of("severity", 1L), RecordKind.of("f").number("severity").values(Map.of("severity", true)),
                "a flag is 0 or 1");
        assertThrows(IllegalArgumentException.class, () -> INCIDENT.values(Map.of("state", "x".repeat(201))));
        assertThrows(IllegalArgumentException.class, () -> INCIDENT.values(Map.of("last-detected", "yesterday")));
        assertThrows(IllegalArgumentException.class, () -> INCIDENT.values(Map.of("colour", "red")));
    }
}
