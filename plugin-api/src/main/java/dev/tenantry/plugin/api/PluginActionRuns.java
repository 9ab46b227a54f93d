package dev.tenantry.plugin.api;

import java.util.Map;

/**
 * Runs one of the plugin's own {@link TenantAction}s from its page, exactly as the portal's tenant actions run it: the
 * signed-in member of staff must hold the action's permission in the tenant, the parameters are checked against the
 * action's, and when the installation's approval policy asks for a second person (many items at once) the run is filed
 * for approval on Settings → Approvals instead, and runs once approved. A page that previews what an action will do
 * (a CSV checked row by row) hands the checked parameters over here, so its four eyes and audit are the host's.
 *
 * @since 1.7.0
 */
public interface PluginActionRuns {

    /**
     * Runs the action in the tenant now, or files it for approval.
     *
     * @param actionId   one of this plugin's tenant actions
     * @param parameters what the action asks, by name
     * @param items      how many things it touches (users, rows…), for the policy's bulk rule
     * @param reason     why, shown to the approver; required when it goes to approval
     * @throws IllegalArgumentException for an action that is not this plugin's, or parameters it does not take, or
     *                                  when it goes to approval without a reason (or with one too long); the message
     *                                  says which, for the page to show
     * @throws SecurityException        when the person may not run it in the tenant
     */
    Submitted submit(String actionId, String tenantId, Map<String, String> parameters, int items, String reason);

    /**
     * What became of a submission.
     *
     * @param waitingForApproval whether a second person must approve it first (then {@code result} is empty)
     * @param approvalId         the approval request's id when it waits
     * @param result             the action's result in the tenant when it ran
     */
    record Submitted(boolean waitingForApproval, String approvalId, String result) {
    }
}
