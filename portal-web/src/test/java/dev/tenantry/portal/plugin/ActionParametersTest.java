package dev.tenantry.portal.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.ActionParameter.Kind;
import dev.tenantry.plugin.api.TenantAction;
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
                    ActionParameter.of("force", "Force change", Kind.BOOLEAN, false));
        }

        @Override
        public String execute(String tenantId, Map<String, String> parameters) {
            return "";
        }
    };

    @Test
    void declaredValuesPassAndBlankOptionalOnesAreLeftOut() {
        assertEquals(Map.of("users", "a@x\nb@x", "force", "true"),
                ActionParameters.checked(RESET, Map.of("users", "a@x\nb@x", "notify", " ", "force", "true")));
    }

    @Test
    void whatTheActionDoesNotDeclareOrAllowIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActionParameters.checked(RESET,
                Map.of("users", "a", "sql", "drop"))).getMessage().contains("takes no parameter 'sql'"));
        assertEquals("Users is required", assertThrows(IllegalArgumentException.class,
                () -> ActionParameters.checked(RESET, Map.of("force", "true"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ActionParameters.checked(RESET,
                Map.of("users", "a", "notify", "sms")));
        assertThrows(IllegalArgumentException.class, () -> ActionParameters.checked(RESET,
                Map.of("users", "a", "force", "yes")));
        assertThrows(IllegalArgumentException.class, () -> ActionParameters.checked(RESET,
                Map.of("users", "a".repeat(ActionParameter.MAX_LENGTH + 1))));
    }

    @Test
    void itemsAreTheNonBlankLinesOfItemsParameters() {
        assertEquals(3, ActionParameters.itemsIn(RESET, Map.of("users", "a@x\n\n b@x \nc@x\n")));
        assertEquals(0, ActionParameters.itemsIn(RESET, Map.of()));
    }
}
