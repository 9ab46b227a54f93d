package dev.tenantry.portal.plugin;

import java.time.Instant;

/**
 * What Tenantry remembers of an installed plugin: its review state and what was approved.
 *
 * @param approvedManifest the manifest an administrator approved, as JSON, or null before the first approval
 */
public record PluginRecord(String id, String version, String displayName, PluginStatus status, String approvedVersion,
        String approvedManifest, String approvedBy, Instant approvedAt, Instant discoveredAt) {
}
