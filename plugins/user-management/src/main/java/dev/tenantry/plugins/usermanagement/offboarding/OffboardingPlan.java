package dev.tenantry.plugins.usermanagement.offboarding;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * An offboarding of one or more users of a tenant, reviewed and started (or scheduled) by a member of staff: which
 * steps, when, by whom and with which of their permissions (a plan runs with what its planner was allowed when they
 * planned it, and nothing more: not what the person who approved it, or anyone else, holds).
 *
 * @param state        {@link State}
 * @param manageAdmins whether the planner held {@code user-management:manage-admins} in the tenant, so that
 *                     administrators among the users may be offboarded
 * @param workId       the background work that runs it, when it was started at once; null otherwise
 * @param approvalId   the approval request it waits for, when its release went to a second person; null otherwise
 */
public record OffboardingPlan(String id, String tenantId, List<String> userIds, List<OffboardingStep> steps,
        Options options, Instant runAt, String plannedBy, boolean manageAdmins, Instant plannedAt, String state,
        String message, String workId, String approvalId) implements Serializable {

    /**
     * What the mailbox steps need: the manager who gets full access (a sign-in name of the tenant), the address mail is
     * forwarded to, the out-of-office reply.
     */
    public record Options(String delegateTo, String forwardTo, String automaticReply) implements Serializable {

        public static Options none() {
            return new Options("", "", "");
        }

        public Options {
            delegateTo = delegateTo == null ? "" : delegateTo.strip();
            forwardTo = forwardTo == null ? "" : forwardTo.strip();
            automaticReply = automaticReply == null ? "" : automaticReply.strip();
        }
    }

    /** Where a plan stands. */
    public enum State {
        /**
         * Made and reviewed, not yet released by the tenant action {@code user-management.offboard}: a second
         * person's approval when the installation's approval policy asks for one. Never runs in this state.
         */
        AWAITING_APPROVAL,
        /** Waits for its time. */
        SCHEDULED,
        /** Runs (or was running when a server stopped: the next run of the job resumes it). */
        RUNNING,
        /** Every user's steps ran; see each run for its outcome. */
        DONE,
        /** Called off before it ran (or its release was refused). */
        CANCELLED
    }

    public OffboardingPlan {
        userIds = List.copyOf(userIds);
        steps = List.copyOf(steps);
        options = options == null ? Options.none() : options;
    }

    public OffboardingPlan in(State next, String text) {
        return new OffboardingPlan(id, tenantId, userIds, steps, options, runAt, plannedBy, manageAdmins, plannedAt,
                next.name(), text, workId, approvalId);
    }

    /** The plan, run by background work {@code id}. */
    public OffboardingPlan runBy(String id) {
        return new OffboardingPlan(this.id, tenantId, userIds, steps, options, runAt, plannedBy, manageAdmins,
                plannedAt, state, message, id, approvalId);
    }

    /** The plan, waiting for approval request {@code id}. */
    public OffboardingPlan awaiting(String id) {
        return new OffboardingPlan(this.id, tenantId, userIds, steps, options, runAt, plannedBy, manageAdmins,
                plannedAt, state, message, workId, id);
    }

    public boolean is(State wanted) {
        return wanted.name().equals(state);
    }
}
