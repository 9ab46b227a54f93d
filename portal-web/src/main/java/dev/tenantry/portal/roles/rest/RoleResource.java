package dev.tenantry.portal.roles.rest;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.CustomRoles;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.rest.ApiPermission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Roles: built in, custom and from plugins; custom ones made and changed by those who manage access. */
@Path("roles")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Roles", description = "Named sets of portal permissions")
@SecurityRequirement(name = "apiToken")
public class RoleResource {

    @Inject
    AccessControl access;

    @Inject
    CustomRoles customRoles;

    @Context
    UriInfo uri;

    @GET
        @ApiPermission(Permissions.RBAC_MANAGE)
    @Operation(summary = "Every role: built in, custom, and those plugins add")
    public List<RoleRepresentation> roles() {
        return access.roles().stream().map(RoleRepresentation::of).toList();
    }

    @POST
        @Consumes(MediaType.APPLICATION_JSON)
    @ApiPermission(Permissions.RBAC_MANAGE)
    @Operation(summary = "Create a custom role from permissions the caller holds for all tenants")
    public Response createRole(RoleDefinitionRepresentation role) {
        RoleDefinitionRepresentation definition = required(role);
        Role created = customRoles.createRole(definition.name(), definition.description(), permissions(definition));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(RoleRepresentation.of(created)).build();
    }

    @PUT
    @Path("{roleId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiPermission(Permissions.RBAC_MANAGE)
    @Operation(summary = "Change a custom role; built-in and plugin roles cannot be changed")
    public RoleRepresentation updateRole(@PathParam("roleId") String roleId, RoleDefinitionRepresentation role) {
        RoleDefinitionRepresentation definition = required(role);
        knownRole(roleId);
        return RoleRepresentation.of(customRoles.updateRole(roleId, definition.name(), definition.description(),
                permissions(definition)));
    }

    @DELETE
    @Path("{roleId}")
    @ApiPermission(Permissions.RBAC_MANAGE)
    @Operation(summary = "Delete a custom role that nobody holds")
    public Response deleteRole(@PathParam("roleId") String roleId) {
        knownRole(roleId);
        customRoles.deleteRole(roleId);
        return Response.noContent().build();
    }

    private void knownRole(String roleId) {
        if (access.roles().stream().noneMatch(role -> role.id().equals(roleId))) {
            throw new NotFoundException();
        }
    }

    private static RoleDefinitionRepresentation required(RoleDefinitionRepresentation role) {
        if (role == null) {
            throw new BadRequestException("Send the role: {\"name\": …, \"description\": …, \"permissions\": […]}");
        }
        return role;
    }

    private static Set<String> permissions(RoleDefinitionRepresentation role) {
        if (role.permissions() != null && role.permissions().contains(null)) {
            throw new BadRequestException("A permission cannot be null");
        }
        return role.permissions() == null ? Set.of() : new LinkedHashSet<>(role.permissions());
    }
}
