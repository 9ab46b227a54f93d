package dev.tenantry.portal.consentcheck.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code consent_check}: the last live check of a tenant. */
@Entity
@Table(name = "consent_check")
public class ConsentCheckEntity {

    @Id
    @Column(name = "tenant_id", length = 64)
    public String tenantId;

    @Column(name = "checked_at", nullable = false)
    public Instant checkedAt;

    @Column(nullable = false, length = 20)
    public String outcome;

    @Column(length = 4000)
    public String missing;

    @Column(length = 4000)
    public String excess;

    @Column(length = 4000)
    public String degraded;

    @Column(name = "delegated_live", length = 8000)
    public String delegatedLive;

    @Column(name = "application_live", length = 8000)
    public String applicationLive;

    @Column(length = 8000)
    public String disagreements;

    @Column(length = 1000)
    public String problem;

    @Column(name = "checked_by", nullable = false, length = 320)
    public String checkedBy;
}
