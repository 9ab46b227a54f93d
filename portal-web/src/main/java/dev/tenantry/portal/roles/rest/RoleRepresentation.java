package dev.tenantry.portal.roles.rest;

import dev.tenantry.portal.access.Role;
import java.util.List;

/** A role as the API shows it; {@code source} is {@code core}, {@code custom} or the plugin that added it. */
public record RoleRepresentation(String id, String name, String description, boolean builtIn, String source,
        List<String> permissions) {

    static RoleRepresentation of(Role role) {
        return new RoleRepresentation(role.id(), role.name(), role.description(), role.builtIn(), role.source(),
                role.permissions().stream().sorted().toList());
    }
}
