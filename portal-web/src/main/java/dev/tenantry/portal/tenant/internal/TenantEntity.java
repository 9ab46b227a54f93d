package dev.tenantry.portal.tenant.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code tenant}. */
@Entity
@Table(name = "tenant")
public class TenantEntity {

    @Id
    private String id;

    @Column(name = "display_name", nullable = false, length = 256)
    private String displayName;

    @Column(name = "primary_domain", nullable = false, length = 256)
    private String primaryDomain;

    @Column(length = 1000)
    private String tags;

    @Column(length = 4000)
    private String notes;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "added_by", nullable = false, updatable = false, length = 320)
    private String addedBy;

    @Column(name = "added_at", nullable = false, updatable = false)
    private Instant addedAt;

    @jakarta.persistence.Version
    private long version;

    protected TenantEntity() {
    }

    TenantEntity(String id, String displayName, String primaryDomain, String tags, String notes, String status,
            String addedBy, Instant addedAt) {
        this.id = id;
        this.displayName = displayName;
        this.primaryDomain = primaryDomain;
        this.tags = tags;
        this.notes = notes;
        this.status = status;
        this.addedBy = addedBy;
        this.addedAt = addedAt;
    }

    String id() {
        return id;
    }

    String displayName() {
        return displayName;
    }

    String primaryDomain() {
        return primaryDomain;
    }

    String tags() {
        return tags;
    }

    String notes() {
        return notes;
    }

    String status() {
        return status;
    }

    void describe(String newDisplayName, String newTags, String newNotes) {
        displayName = newDisplayName;
        tags = newTags;
        notes = newNotes;
    }

    void status(String status) {
        this.status = status;
    }

    String addedBy() {
        return addedBy;
    }

    Instant addedAt() {
        return addedAt;
    }

    long version() {
        return version;
    }
}
