package dev.tenantry.plugins.teamsgovernance.catalog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a template names the teams made from it, as Microsoft 365's group naming policy does: a fixed prefix and suffix
 * around the name the requester gives, and words that may not appear in it (whole words, whatever the case). The
 * requester sees the final name before submitting.
 *
 * @param blockedWords words refused in the requested name
 */
public record NamingPolicy(String prefix, String suffix, List<String> blockedWords) implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Microsoft's longest team (group) display name. */
    public static final int MAX_NAME = 256;

    public NamingPolicy {
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
        blockedWords = blockedWords == null ? List.of() : blockedWords.stream().map(String::strip)
                .filter(word -> !word.isEmpty()).toList();
    }

    public static NamingPolicy none() {
        return new NamingPolicy("", "", List.of());
    }

    /** The team's name for a requested one: prefix, the name (trimmed), suffix. */
    public String apply(String requested) {
        return prefix + (requested == null ? "" : requested.strip()) + suffix;
    }

    /** Why a requested name cannot be used, if it cannot. */
    public Optional<String> refusal(String requested) {
        String name = requested == null ? "" : requested.strip();
        if (name.isEmpty()) {
            return Optional.of("Give the team a name.");
        }
        if (apply(name).length() > MAX_NAME) {
            return Optional.of("The team's name, with the template's prefix and suffix, is longer than " + MAX_NAME
                    + " characters.");
        }
        List<String> found = new ArrayList<>();
        String lower = " " + name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        for (String word : blockedWords) {
            if (lower.contains(" " + word.toLowerCase(Locale.ROOT) + " ")) {
                found.add(word);
            }
        }
        return found.isEmpty() ? Optional.empty() : Optional.of("The template's naming policy does not allow "
                + String.join(", ", found) + " in a team's name.");
    }
}
