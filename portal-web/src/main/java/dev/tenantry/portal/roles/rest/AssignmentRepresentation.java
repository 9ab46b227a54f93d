package dev.tenantry.portal.roles.rest;

import dev.tenantry.portal.access.RoleAssignment;
import java.time.Instant;

/**
 * Who holds a role where.
 *
 * @param scope {@code ALL}, {@code TENANTS:<id>,<id>} or {@code TAG:<tag>,<tag>}
 */
public record AssignmentRepresentation(String id, RoleAssignment.PrincipalType principalType, String principal,
        String roleId, String scope, String createdBy, Instant createdAt) {

    static AssignmentRepresentation of(RoleAssignment assignment) {
        return new AssignmentRepresentation(assignment.id(), assignment.principalType(), assignment.principal(),
                assignment.roleId(), assignment.scope().encoded(), assignment.createdBy(), assignment.createdAt());
    }
}
