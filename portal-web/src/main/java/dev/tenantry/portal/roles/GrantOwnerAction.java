package dev.tenantry.portal.roles;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * Granting the Owner role needs a second person: {@link AccessControl#requestOwnerGrant} files the request, and an
 * approver who could grant Owner themselves makes it happen here.
 */
@ApplicationScoped
public class GrantOwnerAction implements ApprovalAction {

    public static final String NAME = "rbac.grant-owner";

    @Inject
    AccessControl access;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestPermission() {
        return Permissions.RBAC_GRANT_OWNER;
    }

    @Override
    public String decidePermission() {
        return Permissions.RBAC_GRANT_OWNER;
    }

    @Override
    public String execute(ApprovalRequest request, String approvedBy) {
        Map<String, String> parameters = request.parameters();
        PrincipalType type = PrincipalType.valueOf(parameters.get("type"));
        String principal = parameters.get("principal");
        AssignmentScope scope = AssignmentScope.parse(parameters.get("scope"));
        access.grant(approvedBy, type, principal, Role.OWNER, scope,
                event -> event.with("requestedBy", request.requestedBy()).correlatedWith(request.id()));
        return "Owner granted to " + principal + " (" + parameters.get("scope") + ")";
    }

    /** The parameters of a request to grant Owner to {@code principal} in {@code scope}. */
    public static Map<String, String> parameters(PrincipalType type, String principal, AssignmentScope scope) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("type", type.name());
        parameters.put("principal", principal);
        parameters.put("scope", scope.encoded());
        return parameters;
    }
}
