package dev.tenantry.portal.roles.rest;

import java.util.List;

/** A custom role to create, or what a custom role becomes. */
public record RoleDefinitionRepresentation(String name, String description, List<String> permissions) {
}
