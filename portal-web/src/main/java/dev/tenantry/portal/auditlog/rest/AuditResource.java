package dev.tenantry.portal.auditlog.rest;

import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditPage;
import dev.tenantry.portal.audit.AuditQuery;
import dev.tenantry.portal.auditlog.AuditSearch;
import dev.tenantry.portal.rest.ApiPermission;
import dev.tenantry.portal.rest.ApiPermission.Where;
import dev.tenantry.portal.rest.PageRepresentation;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log: with {@code audit:read} for all tenants everything, for listed tenants only theirs. */
@Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "The append-only record of privileged actions and security events")
@SecurityRequirement(name = "apiToken")
public class AuditResource {

    private static final int MAX_PAGE = 1000;

    @Inject
    AuditSearch search;

    @GET
    @ApiPermission(value = Permissions.AUDIT_READ, where = Where.SOME_TENANT, tenantQueryParam = "tenantId")
    @Operation(summary = "Audit records, newest first",
            description = "actor matches part of the name; action matches an action or its area (auth); outcome is "
                    + "SUCCESS, FAILURE or DENIED; from (inclusive) and to (exclusive) are ISO-8601 instants; "
                    + "max 1 to 1000. A tenantId the caller may not read is refused.")
    public PageRepresentation<AuditRecordRepresentation> list(@QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max, @QueryParam("actor") String actor,
            @QueryParam("action") String action, @QueryParam("outcome") String outcome,
            @QueryParam("tenantId") String tenantId, @QueryParam("from") String from, @QueryParam("to") String to) {
        if (max < 1 || max > MAX_PAGE) {
            throw new BadRequestException("max is 1 to " + MAX_PAGE);
        }
        AuditPage page = search.page(new AuditQuery(first, max, actor, action, outcome(outcome), tenantId,
                instant("from", from), instant("to", to)));
        return new PageRepresentation<>(page.total(), first,
                page.records().stream().map(AuditRecordRepresentation::of).toList());
    }

    private static AuditEvent.Outcome outcome(String outcome) {
        if (outcome == null || outcome.isBlank()) {
            return null;
        }
        try {
            return AuditEvent.Outcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("outcome is SUCCESS, FAILURE or DENIED");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " is an ISO-8601 instant such as 2026-11-23T08:00:00Z");
        }
    }
}
