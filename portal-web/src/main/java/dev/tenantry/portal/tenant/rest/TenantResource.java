package dev.tenantry.portal.tenant.rest;

import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.rest.ApiPermission.Where;
import dev.tenantry.portal.rest.ApiPermission;
import dev.tenantry.portal.rest.PageRepresentation;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantDirectory;
import dev.tenantry.portal.tenant.TenantPage;
import dev.tenantry.portal.tenant.TenantQuery;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The customer tenants: listed as the caller may read them, changed as they may manage them. */
@Path("tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenants", description = "Customer tenants")
@SecurityRequirement(name = "apiToken")
public class TenantResource {

    @Inject
    TenantDirectory directory;

    @Context
    UriInfo uri;

    @GET
    @ApiPermission(value = Permissions.TENANTS_READ, where = Where.SOME_TENANT)
    @Operation(summary = "The tenants the caller may read, a page at a time",
            description = "filter matches name, domain, id and tags; sort is displayName, primaryDomain, status or "
                    + "addedAt; order asc or desc; max 1 to 500.")
    public PageRepresentation<TenantRepresentation> list(@QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("50") int max, @QueryParam("sort") String sort,
            @QueryParam("order") @DefaultValue("asc") String order, @QueryParam("filter") String filter) {
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new BadRequestException("order is asc or desc");
        }
        TenantPage page = directory.page(new TenantQuery(first, max, sort, order.equals("asc"), filter));
        return new PageRepresentation<>(page.total(), first,
                page.tenants().stream().map(TenantRepresentation::of).toList());
    }

    @GET
    @Path("{tenantId}")
    @ApiPermission(value = Permissions.TENANTS_READ, where = Where.PATH_TENANT)
    @Operation(summary = "One tenant", description = "Its ETag is its version: send it back as If-Match with a "
            + "change so that the change is refused (412) if someone else changed the tenant meanwhile.")
    public Response get(@PathParam("tenantId") String tenantId) {
        CustomerTenant tenant = directory.find(tenantId);
        return Response.ok(TenantRepresentation.of(tenant)).tag(etag(tenant)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ApiPermission(Permissions.TENANTS_MANAGE)
    @Operation(summary = "Add a tenant by verified domain or tenant id",
            description = "The tenant id is read from the tenant's OpenID Connect discovery document.")
    public Response add(NewTenantRepresentation tenant) {
        if (tenant == null) {
            throw new BadRequestException("Send the tenant to add: {\"domain\": \"contoso.com\", ...}");
        }
        CustomerTenant added = directory.add(tenant.domain(), tenant.displayName(), tags(tenant.tags()),
                tenant.notes());
        return Response.created(uri.getAbsolutePathBuilder().path(added.id()).build())
                .entity(TenantRepresentation.of(added)).build();
    }

    @PATCH
    @Path("{tenantId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @ApiPermission(value = Permissions.TENANTS_MANAGE, where = Where.PATH_TENANT)
    @Operation(summary = "Rename, retag, annotate, disable or enable a tenant; fields left out stay")
    @Transactional
    public Response change(@PathParam("tenantId") String tenantId, @HeaderParam("If-Match") String ifMatch,
            TenantChangeRepresentation change) {
        if (change == null) {
            throw new BadRequestException("Send what to change");
        }
        CustomerTenant tenant = directory.find(tenantId);
        Long expected = expectedVersion(ifMatch);
        if (expected != null && expected != tenant.version()) {
            throw new WebApplicationException("The tenant changed since the version you sent (If-Match " + ifMatch
                    + "; it is now at " + etag(tenant) + "): read it again", Response.Status.PRECONDITION_FAILED);
        }
        if (change.displayName() != null || change.tags() != null || change.notes() != null) {
            tenant = directory.update(tenantId, change.displayName(),
                    change.tags() == null ? null : tags(change.tags()), change.notes(), expected);
        }
        if (change.status() != null && change.status() != tenant.status()) {
            tenant = directory.setStatus(tenantId, change.status());
        }
        return Response.ok(TenantRepresentation.of(tenant)).tag(etag(tenant)).build();
    }

    private static EntityTag etag(CustomerTenant tenant) {
        return new EntityTag(String.valueOf(tenant.version()));
    }

    /** The version an If-Match header names ({@code "3"}), null without one, refused when it names none. */
    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.strip().replaceFirst("^W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new BadRequestException("If-Match takes the ETag a read of the tenant answered, e.g. \"3\"");
        }
    }

    @DELETE
    @Path("{tenantId}")
    @ApiPermission(value = Permissions.TENANTS_MANAGE, where = Where.PATH_TENANT)
    @Operation(summary = "Remove a tenant from Tenantry (nothing changes in the tenant itself)")
    public Response remove(@PathParam("tenantId") String tenantId) {
        directory.remove(tenantId);
        return Response.noContent().build();
    }

    private static Set<String> tags(List<String> tags) {
        if (tags != null && tags.contains(null)) {
            throw new BadRequestException("A tag cannot be null");
        }
        return tags == null ? Set.of() : new LinkedHashSet<>(tags);
    }
}
