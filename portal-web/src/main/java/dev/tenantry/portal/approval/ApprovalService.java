package dev.tenantry.portal.approval;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.internal.ApprovalLedger;
import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Four eyes for the signed-in member of staff: file a request for an action that needs a second person, see what waits
 * for one's decision, approve (the action then runs once) or reject. Plugins use this for their bulk and cross-tenant
 * actions by contributing {@link ApprovalAction} beans.
 */
@ApplicationScoped
public class ApprovalService {

    private static final int MAX_LISTED = 200;
    private static final int MAX_DECISIONS = 100;

    @Inject
    ApprovalLedger ledger;

    @Inject
    CurrentStaff staff;

    @Inject
    AccessControl access;

    /** Asks for {@code action} with exactly these parameters; who asks is the caller. */
    public ApprovalRequest request(String action, String tenantId, Map<String, String> parameters, String summary,
            String reason) {
        return ledger.open(caller(), staff.groups(), action, tenantId, parameters, summary, reason);
    }

    public ApprovalRequest approve(String id, String note) {
        return ledger.approve(caller(), staff.groups(), id, note);
    }

    public ApprovalRequest reject(String id, String note) {
        return ledger.reject(caller(), staff.groups(), id, note);
    }

    /** Takes back a request the caller filed, while it still waits. */
    public ApprovalRequest withdraw(String id, String note) {
        return ledger.withdraw(caller(), id, note);
    }

    /**
     * One request, if the caller may see it: they filed it, or they may decide in its tenant (portal-wide for a
     * portal-wide request). Otherwise empty, as if it did not exist.
     */
    public Optional<ApprovalRequest> find(String id) {
        String me = caller();
        return ledger.find(id == null ? "" : id).filter(request -> request.requestedBy().equalsIgnoreCase(me)
                || access.callerPermissions(request.tenantId()).contains(Permissions.APPROVALS_DECIDE));
    }

    /** Requests waiting in the tenants where the caller may decide (and portal-wide ones if they may decide there). */
    public List<ApprovalRequest> waitingForDecision() {
        return access.callerTenantsWith(Permissions.APPROVALS_DECIDE)
                .map(tenants -> tenants.isEmpty() ? List.<ApprovalRequest>of() : ledger.waiting(tenants, MAX_LISTED))
                .orElseGet(() -> ledger.waiting(null, MAX_LISTED));
    }

    /** What a request the caller sees asks, as its action says it to an approver (labels, lists of items). */
    public List<ShownParameter> describe(ApprovalRequest request) {
        return ledger.describe(request);
    }

    /** What the caller asked for, newest first. */
    public List<ApprovalRequest> mine() {
        return ledger.filedBy(caller(), MAX_LISTED);
    }

    /**
     * Where the requests among {@code ids} for {@code action} stand, for the feature that filed them, whoever the
     * caller is (a page of the feature, a job): only those whose first parameter is {@code key} with a value starting
     * with {@code valueStart}, which is how the feature asks for its own and nothing else. One query, at most 100
     * ids.
     *
     * @throws IllegalArgumentException for more ids
     */
    public List<ApprovalDecision> decisions(Collection<String> ids, String action, String key, String valueStart) {
        if (ids.size() > MAX_DECISIONS) {
            throw new IllegalArgumentException("Ask for at most " + MAX_DECISIONS + " approval requests at once, not "
                    + ids.size());
        }
        return ledger.decisions(ids, action, key, valueStart);
    }

    private String caller() {
        return staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to use approvals"));
    }
}
