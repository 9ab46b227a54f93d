package dev.tenantry.plugins.usermanagement.offboarding;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's offboarding: each step's outcome, and the record of everything it removed (groups and licences, whether
 * sign-in was allowed), which an undo puts back.
 *
 * @param state {@link State}
 */
public record OffboardingRun(String planId, String tenantId, String userId, String userPrincipalName,
        List<StepResult> results, Removed removed, String state, Instant startedAt, Instant endedAt,
        List<StepResult> undone) implements Serializable {

    /** Where a user's offboarding stands. */
    public enum State {
        WAITING, RUNNING, DONE, DONE_WITH_FAILURES, UNDONE
    }

    /** What one step came to. */
    public record StepResult(String step, boolean done, String message) implements Serializable {
    }

    /** A group the user was removed from. */
    public record Group(String id, String name) implements Serializable {
    }

    /** A licence removed from the user. */
    public record Licence(String skuId, String name) implements Serializable {
    }

    /** Everything the offboarding removed or changed, to put back. */
    public record Removed(Boolean signInWasAllowed, List<Group> groups, List<Licence> licences, Mailbox mailbox)
            implements Serializable {

        public Removed {
            groups = groups == null ? List.of() : List.copyOf(groups);
            licences = licences == null ? List.of() : List.copyOf(licences);
            mailbox = mailbox == null ? Mailbox.untouched() : mailbox;
        }

        static Removed nothing() {
            return new Removed(null, List.of(), List.of(), Mailbox.untouched());
        }

        Removed with(Boolean signIn, List<Group> nowGroups, List<Licence> nowLicences) {
            return new Removed(signIn, nowGroups, nowLicences, mailbox);
        }

        Removed with(Mailbox changed) {
            return new Removed(signInWasAllowed, groups, licences, changed);
        }
    }

    /**
     * What the offboarding changed of the mailbox: converted from a user mailbox, full access given to whom, forwarded
     * to where, hidden from the address list, an out-of-office reply set.
     */
    public record Mailbox(boolean convertedToShared, String delegatedTo, String forwardedTo, boolean hidden,
            boolean automaticReplies) implements Serializable {

        public Mailbox {
            delegatedTo = delegatedTo == null ? "" : delegatedTo;
            forwardedTo = forwardedTo == null ? "" : forwardedTo;
        }

        static Mailbox untouched() {
            return new Mailbox(false, "", "", false, false);
        }
    }

    public OffboardingRun {
        results = results == null ? List.of() : List.copyOf(results);
        undone = undone == null ? List.of() : List.copyOf(undone);
        removed = removed == null ? Removed.nothing() : removed;
    }

    /** Whether a step already ran (a run resumed after a restart skips it). */
    public boolean ran(OffboardingStep step) {
        return results.stream().anyMatch(result -> result.step().equals(step.name()));
    }

    OffboardingRun with(StepResult result, Removed now) {
        List<StepResult> more = new ArrayList<>(results);
        more.add(result);
        return new OffboardingRun(planId, tenantId, userId, userPrincipalName, more, now, State.RUNNING.name(),
                startedAt, null, undone);
    }

    OffboardingRun ended(Instant at) {
        boolean failures = results.stream().anyMatch(result -> !result.done());
        return new OffboardingRun(planId, tenantId, userId, userPrincipalName, results, removed,
                (failures ? State.DONE_WITH_FAILURES : State.DONE).name(), startedAt, at, undone);
    }

    OffboardingRun undone(List<StepResult> undoResults, Instant at) {
        return new OffboardingRun(planId, tenantId, userId, userPrincipalName, results, removed, State.UNDONE.name(),
                startedAt, at, undoResults);
    }

    public boolean is(State wanted) {
        return wanted.name().equals(state);
    }
}
