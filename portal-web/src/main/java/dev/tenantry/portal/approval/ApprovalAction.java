package dev.tenantry.portal.approval;

import dev.tenantry.portal.access.Permissions;
import java.util.List;
import java.util.Map;

/**
 * An action that waits for a second person: a CDI bean found by {@link #name()}, run once with the stored parameters
 * when a request for it is approved. An action that changes only Tenantry's own records runs inside the approval's
 * transaction (its changes and the decision commit together, or neither does); one that changes things outside
 * Tenantry ({@link #changesOutsideTenantry()}) runs after the decision committed, outside any transaction. Either way
 * the requester must still hold {@link #requestPermission()} when it runs.
 */
public interface ApprovalAction {

    /** The action's name, {@code <area>.<verb>}, as stored in requests. */
    String name();

    /**
     * What the requester needs in the request's tenant (portal-wide for a request without one) to ask for this
     * action at all; checked again when the request is filed, whatever the calling page or API checked before.
     */
    String requestPermission();

    /**
     * What the approver needs in the request's tenant besides {@code approvals:decide}; by default nothing more.
     * Granting Owner, for example, can only be approved by someone who could grant it.
     */
    default String decidePermission() {
        return Permissions.APPROVALS_DECIDE;
    }

    /**
     * Whether the action changes things outside Tenantry's database (Microsoft, say), which a rollback cannot undo:
     * then the decision is recorded first, the action runs outside any transaction and must commit what it records
     * itself (each tenant's result on its own), and its outcome is recorded once it returns.
     */
    default boolean changesOutsideTenantry() {
        return false;
    }

    /**
     * What the request asks, as its approver should read it, in order: by default each stored parameter by its name.
     * An action that stores its parameters in a form of its own (a plugin's action, its values as JSON) says them
     * here with their labels, a list of items marked as one.
     */
    default List<ShownParameter> describe(ApprovalRequest request) {
        return asStored(request);
    }

    /** Each stored parameter of {@code request} by its name, in the names' order. */
    static List<ShownParameter> asStored(ApprovalRequest request) {
        return request.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(parameter -> new ShownParameter(parameter.getKey(), parameter.getValue(), false)).toList();
    }

    /**
     * Carries out the approved request.
     *
     * @param request    the request as filed: tenant, exact parameters, who asked and why
     * @param approvedBy who approved it
     * @return what happened, for the record (no secrets)
     * @throws RuntimeException when it cannot; the request ends failed with the message (and, inside the approval's
     *                          transaction, nothing of it stays done)
     */
    String execute(ApprovalRequest request, String approvedBy);
}
