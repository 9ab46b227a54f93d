package dev.tenantry.portal.system;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code GET /api/system} answers. */
@Schema(description = "The product and version of this Tenantry installation")
public record SystemRepresentation(
        @Schema(description = "Product name", examples = "Tenantry") String product,
        @Schema(description = "Installed version", examples = "0.1.0") String version) {
}
