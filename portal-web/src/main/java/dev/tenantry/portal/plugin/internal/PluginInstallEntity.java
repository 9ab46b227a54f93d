package dev.tenantry.portal.plugin.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code plugin_install}. */
@Entity
@Table(name = "plugin_install")
public class PluginInstallEntity {

    @Id
    private String id;

    @Column(nullable = false, length = 64)
    private String version;

    @Column(name = "display_name", nullable = false, length = 80)
    private String displayName;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "approved_version", length = 64)
    private String approvedVersion;

    @Column(name = "approved_manifest", length = 200000)
    private String approvedManifest;

    @Column(name = "approved_by", length = 320)
    private String approvedBy;

    @Column(name = "approved_at")
    private Instant approvedAt;

    @Column(name = "jar_sha256", length = 64)
    private String jarSha256;

    @Column(name = "approved_sha256", length = 64)
    private String approvedSha256;

    @Column(name = "discovered_at", nullable = false)
    private Instant discoveredAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Of a scan, an approval and an enable at the same moment, the second to commit is refused, not merged. */
    @jakarta.persistence.Version
    @Column(name = "row_version")
    private long rowVersion;

    protected PluginInstallEntity() {
    }

    PluginInstallEntity(String id, String version, String displayName, String jarSha256, String status, Instant now) {
        this.id = id;
        this.version = version;
        this.displayName = displayName;
        this.jarSha256 = jarSha256;
        this.status = status;
        this.discoveredAt = now;
        this.updatedAt = now;
    }

    String id() {
        return id;
    }

    String version() {
        return version;
    }

    String displayName() {
        return displayName;
    }

    String status() {
        return status;
    }

    String approvedVersion() {
        return approvedVersion;
    }

    String approvedManifest() {
        return approvedManifest;
    }

    String approvedBy() {
        return approvedBy;
    }

    Instant approvedAt() {
        return approvedAt;
    }

    Instant discoveredAt() {
        return discoveredAt;
    }

    String jarSha256() {
        return jarSha256;
    }

    String approvedSha256() {
        return approvedSha256;
    }

    void found(String newVersion, String newDisplayName, String newSha256, Instant now) {
        version = newVersion;
        displayName = newDisplayName;
        jarSha256 = newSha256;
        updatedAt = now;
    }

    void status(String newStatus, Instant now) {
        status = newStatus;
        updatedAt = now;
    }

    void pin(String sha256, Instant now) {
        jarSha256 = sha256;
        approvedSha256 = sha256;
        updatedAt = now;
    }

    /** Approves the jar the last scan found, pinning its bytes and the manifest it carried. */
    void approve(String manifestJson, String by, Instant now) {
        approvedVersion = version;
        approvedManifest = manifestJson;
        approvedSha256 = jarSha256;
        approvedBy = by;
        approvedAt = now;
        updatedAt = now;
    }
}
