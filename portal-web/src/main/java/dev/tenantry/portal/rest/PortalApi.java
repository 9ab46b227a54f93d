package dev.tenantry.portal.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

/** Tenantry's REST API, described by MicroProfile OpenAPI at {@code /openapi}. */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(
        title = "Tenantry API",
        version = "1",
        description = "Manage Tenantry: its tenants, access and audit. Every resource lives under /api.",
        license = @License(name = "Apache License 2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
public class PortalApi extends Application {
}
