package dev.tenantry.plugin.api;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Runs one of the plugin's own {@link TenantAction}s from its page, exactly as the portal's tenant actions run it: the
 * signed-in member of staff must hold the action's permission in the tenant, the parameters are checked against the
 * action's, and when the installation's approval policy asks for a second person (many items at once) the run is filed
 * for approval on Settings → Approvals instead, and runs once approved. A page that previews what an action will do
 * (a CSV checked row by row) hands the checked parameters over here, so its four eyes and audit are the host's; it
 * learns what became of a submission that went to approval from {@link #decisions} (since 1.8.0).
 *
 * @since 1.7.0
 */
public interface PluginActionRuns {

    /**
     * The most approval ids {@link #decisions} takes at once.
     *
     * @since 1.8.0
     */
    int MAX_DECISIONS = 100;

    /**
     * Runs the action in the tenant now, or files it for approval.
     *
     * @param actionId   one of this plugin's tenant actions
     * @param parameters what the action asks, by name
     * @param items      how many things it touches (users, rows…), for the policy's bulk rule
     * @param reason     why, shown to the approver; required when it goes to approval
     * @throws IllegalArgumentException for an action that is not this plugin's, or parameters it does not take (or
     *                                  longer than {@link ActionParameter#maxLength()}), or when it goes to approval
     *                                  without a reason (or with one too long); the message says which, for the page
     *                                  to show
     * @throws SecurityException        when the person may not run it in the tenant
     */
    Submitted submit(String actionId, String tenantId, Map<String, String> parameters, int items, String reason);

    /**
     * What became of submissions that went to approval, read in one go: still waiting, or approved, rejected or
     * withdrawn by whom, when and with which note, or expired undecided. A page that keeps a submission's
     * {@link Submitted#approvalId()} (a plan awaiting approval) asks this to settle what was refused, which would
     * otherwise wait for ever. Only this plugin's own submissions are answered, whoever filed them (another member of
     * staff, through the plugin's page); an id that is not one of them (another plugin's, the host's own, unknown,
     * blank) is absent from the answer, as if it did not exist.
     *
     * @param approvalIds at most {@link #MAX_DECISIONS}
     * @return each of the plugin's submissions among them by its approval id
     * @throws IllegalArgumentException for more than {@link #MAX_DECISIONS} ids
     * @since 1.8.0
     */
    Map<String, Decision> decisions(Collection<String> approvalIds);

    /**
     * What became of a submission.
     *
     * @param waitingForApproval whether a second person must approve it first (then {@code result} is empty)
     * @param approvalId         the approval request's id when it waits
     * @param result             the action's result in the tenant when it ran
     */
    record Submitted(boolean waitingForApproval, String approvalId, String result) {
    }

    /**
     * Where a submission that went to approval stands.
     *
     * @since 1.8.0
     */
    enum State {
        /** Nobody has decided yet; it may still be approved. */
        WAITING,
        /** Approved: the action ran, or runs now ({@link Decision#outcome()} is empty until it ended). */
        APPROVED,
        /** Rejected; it never runs. {@link Decision#note()} says why. */
        REJECTED,
        /** Nobody decided before its time ran out; it never runs. */
        EXPIRED,
        /** Taken back by the person who filed it while it waited; it never runs. */
        WITHDRAWN,
        /**
         * Approved, but it did not work: it could not run (the person who asked no longer holds the action's
         * permission, the plugin is not running), or the action failed in the tenant ({@link TenantAction#execute}
         * threw). {@link Decision#outcome()} says why.
         */
        FAILED
    }

    /**
     * What became of one submission that went to approval.
     *
     * @param approvalId the submission's {@link Submitted#approvalId()}
     * @param state      where it stands
     * @param decidedBy  who approved, rejected or withdrew it; empty while it waits and when it expired
     * @param decidedAt  when it was decided (for an expired one, when its time ran out); null while it waits
     * @param note       what the person who decided wrote (a rejection always says why); empty when nothing
     * @param outcome    the action's result in the tenant once it ran approved, or why it could not run; else empty
     * @since 1.8.0
     */
    record Decision(String approvalId, State state, String decidedBy, Instant decidedAt, String note, String outcome) {

        public Decision {
            decidedBy = decidedBy == null ? "" : decidedBy;
            note = note == null ? "" : note;
            outcome = outcome == null ? "" : outcome;
        }

        /** Whether it did not and will not run through: rejected, expired, withdrawn, or approved but failed. */
        public boolean neverRuns() {
            return state == State.REJECTED || state == State.EXPIRED || state == State.WITHDRAWN
                    || state == State.FAILED;
        }
    }
}
