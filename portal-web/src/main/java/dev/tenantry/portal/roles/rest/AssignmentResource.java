package dev.tenantry.portal.roles.rest;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.rest.ApprovalRepresentation;
import dev.tenantry.portal.rest.ApiPermission;
import dev.tenantry.portal.roles.OwnerGrants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who holds which role where, changed by those who manage access ({@code rbac:manage} for all tenants). */
@Path("assignments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Assignments", description = "Roles held by staff users and MSP groups, per scope")
@SecurityRequirement(name = "apiToken")
public class AssignmentResource {

    @Inject
    AccessControl access;

    @Inject
    OwnerGrants ownerGrants;

    @Context
    UriInfo uri;

    @GET
        @ApiPermission(Permissions.RBAC_MANAGE)
    @Operation(summary = "Who holds which role where")
    public List<AssignmentRepresentation> assignments() {
        return access.assignments().stream().map(AssignmentRepresentation::of).toList();
    }

    @POST
        @Consumes(MediaType.APPLICATION_JSON)
    @ApiPermission(Permissions.RBAC_MANAGE)
    @Operation(summary = "Assign a role to a staff user or an MSP group",
            description = "Answers 201 with the assignment; for Owner, 202 with the approval request a second "
                    + "person who may grant Owner decides.")
    public Response assign(NewAssignmentRepresentation assignment) {
        if (assignment == null || assignment.principalType() == null || assignment.principal() == null
                || assignment.principal().isBlank() || assignment.roleId() == null || assignment.scope() == null) {
            throw new BadRequestException("Send principalType (USER or GROUP), principal, roleId and scope "
                    + "(ALL, TENANTS:<id>,… or TAG:<tag>,…)");
        }
        AssignmentScope scope = AssignmentScope.parse(assignment.scope().strip());
        if (Role.OWNER.equals(assignment.roleId())) {
            ApprovalRequest request = ownerGrants.request(assignment.principalType(), assignment.principal(),
                    scope, assignment.reason());
            return Response.accepted(ApprovalRepresentation.of(request))
                    .location(uri.getBaseUriBuilder().path("approvals").path(request.id()).build()).build();
        }
        RoleAssignment created = access.assign(assignment.principalType(), assignment.principal(),
                assignment.roleId(), scope);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(AssignmentRepresentation.of(created)).build();
    }

    @DELETE
    @Path("{assignmentId}")
    @ApiPermission(Permissions.RBAC_MANAGE)
    @Operation(summary = "Remove an assignment (never the last Owner of all tenants)")
    public Response unassign(@PathParam("assignmentId") String assignmentId) {
        if (access.assignments().stream().noneMatch(a -> a.id().equals(assignmentId))) {
            throw new NotFoundException();
        }
        access.unassign(assignmentId);
        return Response.noContent().build();
    }
}
