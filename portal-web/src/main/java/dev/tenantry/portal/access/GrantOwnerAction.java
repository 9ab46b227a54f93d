package dev.tenantry.portal.access;

import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
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
    JpaAccessStore store;

    @Inject
    AuditLog audit;

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
        AssignmentScope scope = scopeOf(parameters);
        store.assign(type, principal, Role.OWNER, scope, approvedBy);
        audit.record(AuditEvent.of(approvedBy, null, "rbac.assign", principal, Outcome.SUCCESS)
                .with("role", Role.OWNER).with("scope", parameters.get("scope"))
                .with("requestedBy", request.requestedBy()).correlatedWith(request.id()));
        return "Owner granted to " + principal + " (" + parameters.get("scope") + ")";
    }

    /** The parameters of a request to grant Owner to {@code principal} in {@code scope}. */
    public static Map<String, String> parameters(PrincipalType type, String principal, AssignmentScope scope) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("type", type.name());
        parameters.put("principal", principal);
        parameters.put("scope", scope.kind() + (scope.values().isEmpty() ? ""
                : ":" + String.join(",", scope.values().stream().sorted().toList())));
        return parameters;
    }

    private static AssignmentScope scopeOf(Map<String, String> parameters) {
        String[] parts = parameters.get("scope").split(":", 2);
        String[] values = parts.length < 2 ? new String[0] : parts[1].split(",");
        return switch (AssignmentScope.Kind.valueOf(parts[0])) {
            case ALL -> AssignmentScope.allTenants();
            case TENANTS -> AssignmentScope.tenants(values);
            case TAG -> AssignmentScope.tagged(Arrays.copyOf(values, values.length));
        };
    }
}
