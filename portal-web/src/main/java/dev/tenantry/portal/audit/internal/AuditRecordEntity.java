package dev.tenantry.portal.audit.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code audit_record}. Every column is insert-only: JPA never issues an update for it. */
@Entity
@Table(name = "audit_record")
public class AuditRecordEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false, length = 320)
    private String actor;

    @Column(name = "tenant_id", updatable = false, length = 64)
    private String tenantId;

    @Column(nullable = false, updatable = false, length = 128)
    private String action;

    @Column(updatable = false, length = 512)
    private String target;

    @Column(nullable = false, updatable = false, length = 16)
    private String outcome;

    @Column(updatable = false, length = 8000)
    private String details;

    @Column(name = "correlation_id", nullable = false, updatable = false, length = 64)
    private String correlationId;

    protected AuditRecordEntity() {
    }

    AuditRecordEntity(Instant occurredAt, String actor, String tenantId, String action, String target, String outcome,
            String details, String correlationId) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.tenantId = tenantId;
        this.action = action;
        this.target = target;
        this.outcome = outcome;
        this.details = details;
        this.correlationId = correlationId;
    }

    Long id() {
        return id;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    String actor() {
        return actor;
    }

    String tenantId() {
        return tenantId;
    }

    String action() {
        return action;
    }

    String target() {
        return target;
    }

    String outcome() {
        return outcome;
    }

    String details() {
        return details;
    }

    String correlationId() {
        return correlationId;
    }
}
