package dev.tenantry.portal.signin;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.apitoken.ApiTokens;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.StaffMember;
import dev.tenantry.portal.identity.StaffMembers;
import dev.tenantry.portal.identity.StaffMembers.Binding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Keys staff on their Entra object id at every sign-in, before anything is decided for the person signing in. Roles
 * and API tokens name people by user name; when a user name changes hands, what it named follows the person:
 * <ul>
 * <li>the same object id with a new user name (renamed): their role assignments and API tokens move to the new name;</li>
 * <li>a user name that belonged to another object id (reused for a new person): the former holder's assignments move
 * to {@code former:<object id>}, where they reach nobody, and the tokens made by the former holder are revoked.</li>
 * </ul>
 * Both are audited.
 */
@ApplicationScoped
public class StaffBindings {

    @Inject
    StaffMembers members;

    @Inject
    AccessControl access;

    @Inject
    ApiTokens tokens;

    @Inject
    AuditLog audit;

    /** Records the sign-in of {@code staff} and moves what its user name named, as above; in one transaction. */
    @Transactional(TxType.REQUIRED)
    public StaffMember bind(SignedInStaff staff) {
        Binding binding = members.signedIn(staff.objectId(), staff.userPrincipalName(), staff.displayName(),
                staff.groups(), staff.groupsOverage());
        String name = binding.member().userPrincipalName();
        if (binding.takenFromObjectId() != null) {
            String former = "former:" + binding.takenFromObjectId();
            int moved = access.moveUserAssignments(name, former);
            int revoked = tokens.revokeAllOf(name, "system (the user name now belongs to another account)");
            audit.recordSecurityEvent(AuditEvent.of("system", null, "staff.user-name-reused", name, Outcome.SUCCESS)
                    .with("formerObjectId", binding.takenFromObjectId()).with("objectId", staff.objectId())
                    .with("assignmentsKeptForFormerHolder", String.valueOf(moved))
                    .with("apiAccessRevoked", String.valueOf(revoked)));
        }
        if (binding.renamedFrom() != null) {
            int moved = access.moveUserAssignments(binding.renamedFrom(), name);
            int handed = tokens.moveOwner(binding.renamedFrom(), name);
            audit.recordSecurityEvent(AuditEvent.of("system", null, "staff.renamed", name, Outcome.SUCCESS)
                    .with("from", binding.renamedFrom()).with("objectId", staff.objectId())
                    .with("assignmentsMoved", String.valueOf(moved)).with("apiAccessMoved", String.valueOf(handed)));
        }
        return binding.member();
    }
}
