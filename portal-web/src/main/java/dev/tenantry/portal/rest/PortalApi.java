package dev.tenantry.portal.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Tenantry's REST API, described by MicroProfile OpenAPI at {@code /openapi}. */
@ApplicationPath("api")
@SecurityScheme(securitySchemeName = "apiToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A personal API token from Settings → API tokens, as 'Authorization: Bearer tnt_…'. "
                + "It acts for "
                + "its owner, within the permissions chosen when it was created.")
@OpenAPIDefinition(info = @Info(
        title = "Tenantry API",
        version = "1",
        description = "Manage Tenantry: its tenants, access, approvals and audit. Every resource lives under /api. "
                + "Errors are RFC 9457 problem details (application/problem+json) with a correlation id.",
        license = @License(name = "Apache License 2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
public class PortalApi extends Application {
}
