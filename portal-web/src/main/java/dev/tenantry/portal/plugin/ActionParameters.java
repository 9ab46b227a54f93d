package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.TenantAction;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a member of staff enters for a tenant action, checked against what the action declares. */
final class ActionParameters {

    private ActionParameters() {
    }

    /**
     * The parameters as the action declares them: only declared names, required ones present, choices and yes/no
     * values as allowed, none longer than its kind takes ({@link ActionParameter#maxLength()}: a list of items far more
     * than one line of text).
     */
    static Map<String, String> checked(TenantAction action, Map<String, String> given) {
        Map<String, String> values = given == null ? Map.of() : given;
        Map<String, ActionParameter> declared = new LinkedHashMap<>();
        action.parameters().forEach(parameter -> declared.put(parameter.name(), parameter));
        for (String name : values.keySet()) {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException(action.label() + " takes no parameter '" + name + "'");
            }
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (ActionParameter parameter : declared.values()) {
            String value = values.get(parameter.name());
            if (value == null || value.isBlank()) {
                if (parameter.required()) {
                    throw new IllegalArgumentException(parameter.label() + " is required");
                }
                continue;
            }
            if (value.length() > parameter.maxLength()) {
                throw new IllegalArgumentException(parameter.label() + " is longer than "
                        + String.format(Locale.ROOT, "%,d", parameter.maxLength()) + " characters ("
                        + String.format(Locale.ROOT, "%,d", value.length()) + ")"
                        + (parameter.kind() == ActionParameter.Kind.ITEMS ? ": split the list into smaller runs" : ""));
            }
            if (parameter.kind() == ActionParameter.Kind.CHOICE && !parameter.choices().contains(value)) {
                throw new IllegalArgumentException(parameter.label() + " must be one of " + parameter.choices());
            }
            if (parameter.kind() == ActionParameter.Kind.BOOLEAN && !value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(parameter.label() + " must be true or false");
            }
            checked.put(parameter.name(), value);
        }
        return checked;
    }

    /** How many things the ITEMS parameters name (non-blank lines). */
    static int itemsIn(TenantAction action, Map<String, String> values) {
        return action.parameters().stream().filter(parameter -> parameter.kind() == ActionParameter.Kind.ITEMS)
                .map(parameter -> values.getOrDefault(parameter.name(), ""))
                .mapToInt(value -> (int) value.lines().filter(line -> !line.isBlank()).count()).sum();
    }
}
