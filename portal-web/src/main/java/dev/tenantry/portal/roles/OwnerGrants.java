package dev.tenantry.portal.roles;

import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.RequiresPermission;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.Locale;
import java.util.Map;

/**
 * Making someone Owner, which access control never does on one person's word: the request goes to the approvals
 * queue, and {@link GrantOwnerAction} grants it once another member of staff who may grant Owner approves.
 */
@ApplicationScoped
public class OwnerGrants {

    @Inject
    ApprovalService approvals;

    /**
     * Files a request to grant Owner; the caller needs {@code rbac:manage} and, checked when the request is filed,
     * {@code rbac:grant-owner} themselves.
     */
    @RequiresPermission(Permissions.RBAC_MANAGE)
    @Transactional(TxType.REQUIRED)
    public ApprovalRequest request(PrincipalType type, String principal, AssignmentScope scope, String reason) {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("Name the user or group to make Owner");
        }
        String who = principal.strip().toLowerCase(Locale.ROOT);
        Map<String, String> parameters = GrantOwnerAction.parameters(type, who, scope);
        return approvals.request(GrantOwnerAction.NAME, null, parameters,
                "Make " + who + " Owner (" + parameters.get("scope") + ")", reason);
    }
}
