package dev.tenantry.portal.access;

import java.util.Set;

/**
 * A named set of portal permissions; {@code source} is {@code core} or the plugin that added it.
 *
 * @param version how many times it was changed: a change made from this copy is refused once someone else changed it
 */
public record Role(String id, String name, String description, boolean builtIn, String source, Set<String> permissions,
        long version) {

    public static final String OWNER = "owner";
    public static final String ADMINISTRATOR = "administrator";
    public static final String TECHNICIAN = "technician";
    public static final String READ_ONLY = "read-only";

    public Role {
        permissions = Set.copyOf(permissions);
        permissions.forEach(Permissions::check);
    }

    /** A role not stored yet. */
    public Role(String id, String name, String description, boolean builtIn, String source, Set<String> permissions) {
        this(id, name, description, builtIn, source, permissions, 0);
    }
}
