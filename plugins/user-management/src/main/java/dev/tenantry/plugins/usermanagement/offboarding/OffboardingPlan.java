package dev.tenantry.plugins.usermanagement.offboarding;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * An offboarding of one or more users of a tenant, reviewed and started (or scheduled) by a member of staff: which
 * steps, when, by whom and with which of their permissions (a scheduled plan runs with what its planner was allowed
 * when they planned it, and nothing more).
 *
 * @param state        {@link State}
 * @param manageAdmins whether the planner held {@code user-management:manage-admins} in the tenant, so that
 *                     administrators among the users may be offboarded
 */
public record OffboardingPlan(String id, String tenantId, List<String> userIds, List<OffboardingStep> steps,
        Options options, Instant runAt, String plannedBy, boolean manageAdmins, Instant plannedAt, String state,
        String message) implements Serializable {

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
        /** Waits for its time. */
        SCHEDULED,
        /** Runs (or was running when a server stopped: the next run of the job resumes it). */
        RUNNING,
        /** Every user's steps ran; see each run for its outcome. */
        DONE,
        /** Called off before it ran. */
        CANCELLED
    }

    public OffboardingPlan {
        userIds = List.copyOf(userIds);
        steps = List.copyOf(steps);
        options = options == null ? Options.none() : options;
    }

    public OffboardingPlan in(State next, String text) {
        return new OffboardingPlan(id, tenantId, userIds, steps, options, runAt, plannedBy, manageAdmins, plannedAt,
                next.name(), text);
    }

    public boolean is(State wanted) {
        return wanted.name().equals(state);
    }
}
