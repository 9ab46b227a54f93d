package dev.tenantry.portal.approval.rest;

import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.rest.ApiPermission;
import dev.tenantry.portal.rest.ApiPermission.Where;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.BiFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Four eyes over the API: the same rules as Settings → Approvals (never one's own request; decided once). */
@Path("approvals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Approvals", description = "Actions that need a second person")
@SecurityRequirement(name = "apiToken")
public class ApprovalResource {

    @Inject
    ApprovalService approvals;

    @GET
    @ApiPermission(where = Where.ANY_CALLER)
    @Operation(summary = "Requests waiting for the caller's decision (view=waiting) or filed by the caller (view=mine); "
            + "a parameter value longer than 8000 characters is cut (parametersComplete false): get the request for "
            + "all of it")
    public List<ApprovalRepresentation> list(@QueryParam("view") @DefaultValue("waiting") String view) {
        List<ApprovalRequest> requests = switch (view) {
            case "waiting" -> approvals.waitingForDecision();
            case "mine" -> approvals.mine();
            default -> throw new BadRequestException("view is waiting or mine");
        };
        return requests.stream().map(ApprovalRepresentation::listed).toList();
    }

    @GET
    @Path("{approvalId}")
    @ApiPermission(where = Where.ANY_CALLER)
    @Operation(summary = "One request the caller filed or may decide, its parameters whole")
    public ApprovalRepresentation get(@PathParam("approvalId") String approvalId) {
        return ApprovalRepresentation.of(visible(approvalId));
    }

    @POST
    @Path("{approvalId}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiPermission(value = Permissions.APPROVALS_DECIDE, where = Where.SOME_TENANT)
    @Operation(summary = "Approve someone else's request; its action runs once, and the answer says how it ended")
    public ApprovalRepresentation approve(@PathParam("approvalId") String approvalId, DecisionRepresentation decision) {
        return decide(approvalId, decision, approvals::approve);
    }

    @POST
    @Path("{approvalId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiPermission(value = Permissions.APPROVALS_DECIDE, where = Where.SOME_TENANT)
    @Operation(summary = "Reject someone else's request, saying why; its action never runs")
    public ApprovalRepresentation reject(@PathParam("approvalId") String approvalId, DecisionRepresentation decision) {
        return decide(approvalId, decision, approvals::reject);
    }

    @POST
    @Path("{approvalId}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiPermission(where = Where.ANY_CALLER)
    @Operation(summary = "Withdraw a request the caller filed, while it still waits")
    public ApprovalRepresentation withdraw(@PathParam("approvalId") String approvalId, DecisionRepresentation decision) {
        return decide(approvalId, decision, approvals::withdraw);
    }

    /** Applies a decision (id, note) to a request the caller can see; one they cannot is 404, as if absent. */
    private ApprovalRepresentation decide(String approvalId, DecisionRepresentation decision,
            BiFunction<String, String, ApprovalRequest> how) {
        visible(approvalId);
        return ApprovalRepresentation.of(how.apply(approvalId, decision == null ? null : decision.note()));
    }

    private ApprovalRequest visible(String approvalId) {
        return approvals.find(approvalId).orElseThrow(NotFoundException::new);
    }
}
