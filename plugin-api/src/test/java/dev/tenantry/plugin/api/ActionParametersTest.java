package dev.tenantry.plugin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ActionParameter.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a member of staff enters for a tenant action is checked against what the action declares. */
class ActionParametersTest {

    private static final TenantAction RESET = new TenantAction() {
        @Override
        public String id() {
            return "users.reset";
        }

        @Override
        public String label() {
            return "Reset passwords";
        }

        @Override
        public String permission() {
            return "users:reset";
        }

        @Override
        public List<ActionParameter> parameters() {
            return List.of(ActionParameter.of("users", "Users", Kind.ITEMS, true),
                    new ActionParameter("notify", "Notify by", Kind.CHOICE, false, List.of("mail", "none"), ""),
                    ActionParameter.of("force", "Force change", Kind.BOOLEAN, false),
                    ActionParameter.of("note", "Note", Kind.TEXT, false),
                    ActionParameter.of("message", "Message", Kind.MULTILINE, false));
        }

        @Override
        public String execute(String tenantId, Map<String, String> parameters) {
            return "";
        }
    };

    @Test
    void declaredValuesPassAndBlankOptionalOnesAreLeftOut() {
        assertEquals(Map.of("users", "a@x\nb@x", "force", "true"),
                ActionParameter.checked(RESET, Map.of("users", "a@x\nb@x", "notify", " ", "force", "true")));
    }

    @Test
    void whatTheActionDoesNotDeclareOrAllowIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActionParameter.checked(RESET,
                Map.of("users", "a", "sql", "drop"))).getMessage().contains("takes no parameter 'sql'"));
        assertEquals("Users is required", assertThrows(IllegalArgumentException.class,
                () -> ActionParameter.checked(RESET, Map.of("force", "true"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActionParameter.checked(RESET,
                Map.of("users", "a", "notify", "sms")));
        assertThrows(IllegalArgumentException.class, () -> ActionParameter.checked(RESET,
                Map.of("users", "a", "force", "yes")));
    }

    @Test
    void aListOfItemsTakesAMillionCharactersAndTextFourThousand() {
        String fiveThousandUsers = String.join("\n", java.util.stream.IntStream.range(0, 5000)
                .mapToObj(i -> "user" + i + "@contoso.example").toList());
        assertTrue(fiveThousandUsers.length() > ActionParameter.MAX_LENGTH);
        assertEquals(fiveThousandUsers, ActionParameter.checked(RESET, Map.of("users", fiveThousandUsers))
                .get("users"));
        assertEquals(5000, ActionParameter.itemsIn(RESET, Map.of("users", fiveThousandUsers)));
        String longest = "a".repeat(ActionParameter.MAX_ITEMS_LENGTH);
        assertEquals(longest, ActionParameter.checked(RESET, Map.of("users", longest)).get("users"));

        assertEquals("Users is longer than 1,000,000 characters (1,000,001): split the list into smaller runs",
                assertThrows(IllegalArgumentException.class, () -> ActionParameter.checked(RESET,
                        Map.of("users", longest + "b"))).getMessage());
        String text = "a".repeat(ActionParameter.MAX_LENGTH);
        assertEquals(text, ActionParameter.checked(RESET, Map.of("users", "a", "note", text)).get("note"));
        assertEquals("Note is longer than 4,000 characters (4,001)", assertThrows(IllegalArgumentException.class,
                () -> ActionParameter.checked(RESET, Map.of("users", "a", "note", text + "b"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActionParameter.checked(RESET,
                Map.of("users", "a", "message", text + "\nb")));
    }

    @Test
    void itemsAreTheNonBlankLinesOfItemsParameters() {
        assertEquals(3, ActionParameter.itemsIn(RESET, Map.of("users", "a@x\n\n b@x \nc@x\n")));
        assertEquals(0, ActionParameter.itemsIn(RESET, Map.of()));
    }
}
