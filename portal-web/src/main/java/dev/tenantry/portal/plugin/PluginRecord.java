package dev.tenantry.portal.plugin;

import java.time.Instant;

/**
 * What Tenantry remembers of an installed plugin: its review state and what was approved.
 *
 * @param approvedManifest the manifest an administrator approved, as JSON, or null before the first approval
 * @param jarSha256        the SHA-256 of the jar the last scan found
 * @param approvedSha256   the SHA-256 of the jar approved: only a jar with exactly these bytes runs
 */
public record PluginRecord(String id, String version, String displayName, PluginStatus status, String approvedVersion,
        String approvedManifest, String approvedBy, Instant approvedAt, Instant discoveredAt, String jarSha256,
        String approvedSha256) {

    /** Whether the jar the last scan found is, byte for byte, the one approved. */
    public boolean runsApprovedJar() {
        return approvedSha256 != null && approvedSha256.equals(jarSha256);
    }
}
