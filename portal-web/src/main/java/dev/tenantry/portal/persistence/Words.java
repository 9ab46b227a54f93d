package dev.tenantry.portal.persistence;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Sets of words (permission names, scope lists) kept in one column, separated by white space. */
public final class Words {

    private Words() {
    }

    /** The words of {@code text} in their order, none when it is empty or {@code null}. */
    public static Set<String> of(String text) {
        return text == null || text.isBlank() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(text.trim().split("\\s+")));
    }
}
