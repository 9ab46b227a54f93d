package dev.tenantry.portal.access;

import java.time.Instant;

/** A role held by a staff user (UPN) or an MSP group (object id) within a scope. */
public record RoleAssignment(String id, PrincipalType principalType, String principal, String roleId,
        AssignmentScope scope, String createdBy, Instant createdAt) {

    public enum PrincipalType { USER, GROUP }
}
