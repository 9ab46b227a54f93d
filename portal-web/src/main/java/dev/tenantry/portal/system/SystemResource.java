package dev.tenantry.portal.system;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Identifies the installation to API clients. */
@Path("system")
@RequestScoped
@Tag(name = "System", description = "This installation")
public class SystemResource {

    static final String PRODUCT = "Tenantry";

    @Inject
    SystemInfo system;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Product and version of this installation")
    public SystemRepresentation get() {
        return new SystemRepresentation(PRODUCT, system.version());
    }
}
