package dev.tenantry.portal.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A long list an approver reads is counted and its first lines shown; a short value is shown as it is. */
class ShownParameterTest {

    @Test
    void aListOfFiveThousandIsCountedAndItsFirstLinesShown() {
        ShownParameter users = new ShownParameter("Users", IntStream.rangeClosed(1, 5000).mapToObj(i -> "user" + i
                + "@contoso.example").collect(Collectors.joining("\n", "", "\n\n")), true);

        assertEquals(5000, users.lines());
        assertEquals("user1@contoso.example\nuser2@contoso.example\nuser3@contoso.example", users.firstLines(3, 600));
        assertTrue(users.longerThan(3, 600));
        assertEquals("user1@contoso.…", users.firstLines(3, 15), "cut within its first line too");
    }

    @Test
    void aShortValueIsShownWholeBlankLinesAside() {
        ShownParameter steps = new ShownParameter("Steps", "Block sign-in\n\nRemove licences\n", false);

        assertEquals(2, steps.lines());
        assertEquals("Block sign-in\nRemove licences", steps.firstLines(5, 600));
        assertFalse(steps.longerThan(5, 600));
        assertFalse(steps.longerThan(2, 600));
        assertTrue(steps.longerThan(1, 600));
        assertEquals("", new ShownParameter("Note", null, false).firstLines(5, 600));
    }
}
