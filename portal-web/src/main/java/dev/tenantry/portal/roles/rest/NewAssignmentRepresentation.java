package dev.tenantry.portal.roles.rest;

import dev.tenantry.portal.access.RoleAssignment;

/**
 * A role to assign.
 *
 * @param principal a staff member's user principal name, or an MSP group's object id
 * @param scope     {@code ALL}, {@code TENANTS:<id>,<id>} or {@code TAG:<tag>,<tag>}
 * @param reason    why; required when the role is Owner, which then waits for a second person's approval
 */
public record NewAssignmentRepresentation(RoleAssignment.PrincipalType principalType, String principal, String roleId,
        String scope, String reason) {
}
