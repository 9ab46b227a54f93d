package dev.tenantry.portal.access.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code role_assignment}. */
@Entity
@Table(name = "role_assignment")
public class AssignmentEntity {

    @Id
    private String id;

    @Column(name = "principal_type", nullable = false, length = 8)
    private String principalType;

    @Column(nullable = false, length = 320)
    private String principal;

    @Column(name = "role_id", nullable = false, length = 64)
    private String roleId;

    @Column(name = "scope_kind", nullable = false, length = 8)
    private String scopeKind;

    @Column(name = "scope_values", length = 4000)
    private String scopeValues;

    @Column(name = "created_by", nullable = false, length = 320)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AssignmentEntity() {
    }

    AssignmentEntity(String id, String principalType, String principal, String roleId, String scopeKind,
            String scopeValues, String createdBy, Instant createdAt) {
        this.id = id;
        this.principalType = principalType;
        this.principal = principal;
        this.roleId = roleId;
        this.scopeKind = scopeKind;
        this.scopeValues = scopeValues;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    String principalType() {
        return principalType;
    }

    String principal() {
        return principal;
    }

    String roleId() {
        return roleId;
    }

    String scopeKind() {
        return scopeKind;
    }

    String scopeValues() {
        return scopeValues;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }
}
