package dev.tenantry.plugins.usermanagement.offboarding;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordConflictException;
import dev.tenantry.plugin.api.RecordKind;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.actions.ActingAs;
import dev.tenantry.plugins.usermanagement.actions.History;
import dev.tenantry.plugins.usermanagement.actions.MailboxActions;
import dev.tenantry.plugins.usermanagement.actions.UserActions;
import dev.tenantry.plugins.usermanagement.actions.UserCreation;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Offboarding as an ordered, reviewed plan: planned for one or more users of a tenant by a member of staff holding
 * {@code user-management:offboard} (and {@code manage-admins} for administrators among them), released by the tenant
 * action {@code user-management.offboard} (at once, or after a second person's approval when the installation's policy
 * asks for one), then run at once or at the time chosen, each user's steps in order with each step's outcome kept, and
 * a record of everything removed or changed (groups, licences, whether sign-in was allowed, the mailbox's conversion,
 * delegate, forwarding, address list and reply) that an undo puts back. Each step is the plugin's own action with its
 * own scope set, run as the planner ({@link #officer}): the same checks, history and audit as when done by hand. A run
 * interrupted by a server stop is resumed from the step after the last one recorded.
 */
public final class Offboarding {

    static final RecordKind PLAN = RecordKind.of("offboarding-plan").text("state").time("run-at").time("planned-at");
    static final RecordKind RUN = RecordKind.of("offboarding-run").text("plan").text("state").text("user")
            .time("at");
    /** The most users one plan offboards. */
    public static final int MOST_USERS = 200;
    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private final GraphAccess graph;
    private final PluginRecords records;
    private final PluginAudit audit;
    private final Clock clock;

    public Offboarding(GraphAccess graph, PluginRecords records, PluginAudit audit, Clock clock) {
        this.graph = graph;
        this.records = records;
        this.audit = audit;
        this.clock = clock;
    }

    /** A plan, or why it cannot be made. */
    public record Planned(Optional<OffboardingPlan> plan, List<String> problems) {
    }

    /**
     * Plans the offboarding of {@code userIds} (all of the tenant, none deleted) with {@code steps}, to run at
     * {@code runAt} (now or later); administrators among them need {@code manage-admins}. The plan records the
     * person and whether they hold {@code manage-admins}, and waits ({@link OffboardingPlan.State#AWAITING_APPROVAL})
     * until {@link #release} lets it run. Audited.
     */
    public Planned plan(String tenantId, List<String> userIds, List<OffboardingStep> steps, Instant runAt,
            PortalUser person) {
        return plan(tenantId, userIds, steps, OffboardingPlan.Options.none(), runAt, person);
    }

    /** {@link #plan(String, List, List, Instant, PortalUser)} with what the mailbox steps need. */
    public Planned plan(String tenantId, List<String> userIds, List<OffboardingStep> steps,
            OffboardingPlan.Options options, Instant runAt, PortalUser person) {
        List<String> problems = new ArrayList<>();
        if (!person.holds(UserIds.OFFBOARD, tenantId)) {
            return new Planned(Optional.empty(), List.of("You may not offboard users in this tenant (it needs "
                    + UserIds.OFFBOARD + ")."));
        }
        List<String> ids = userIds.stream().distinct().toList();
        if (ids.isEmpty() || ids.size() > MOST_USERS) {
            problems.add("Choose 1 to " + MOST_USERS + " users.");
        }
        if (steps.isEmpty()) {
            problems.add("Choose at least one step.");
        }
        OffboardingPlan.Options asked = options == null ? OffboardingPlan.Options.none() : options;
        if (steps.contains(OffboardingStep.DELEGATE_MAILBOX) && asked.delegateTo().isEmpty()) {
            problems.add("Name the manager who gets full access to the mailbox.");
        }
        if (steps.contains(OffboardingStep.FORWARD_MAIL)
                && !asked.forwardTo().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add("Give the address mail is forwarded to.");
        }
        if (steps.contains(OffboardingStep.AUTOMATIC_REPLIES) && asked.automaticReply().isEmpty()) {
            problems.add("Write the out-of-office reply.");
        }
        boolean manageAdmins = person.holds(UserIds.MANAGE_ADMINS, tenantId);
        UserStore users = new UserStore(records);
        for (String id : ids) {
            Optional<ManagedUser> user = users.get(tenantId, id);
            if (user.isEmpty() || user.get().deleted()) {
                problems.add("No such user in this tenant: " + id + ".");
            } else if (user.get().administrator() && !manageAdmins) {
                problems.add(user.get().userPrincipalName() + " holds " + String.join(", ", user.get().roles())
                        + ": offboarding administrators needs " + UserIds.MANAGE_ADMINS + ".");
            }
        }
        Instant now = clock.instant();
        if (runAt != null && runAt.isBefore(now.minusSeconds(60))) {
            problems.add("The time to run is in the past.");
        }
        if (!problems.isEmpty()) {
            return new Planned(Optional.empty(), problems);
        }
        List<OffboardingStep> ordered = List.of(OffboardingStep.values()).stream().filter(steps::contains).toList();
        OffboardingPlan plan = new OffboardingPlan(UUID.randomUUID().toString(), tenantId, ids, ordered, asked,
                runAt == null ? now : runAt, person.userPrincipalName(), manageAdmins, now,
                OffboardingPlan.State.AWAITING_APPROVAL.name(), "", null, null);
        save(plan);
        for (String id : ids) {
            ManagedUser user = users.get(tenantId, id).orElseThrow();
            saveRun(new OffboardingRun(plan.id(), tenantId, id, user.userPrincipalName(), List.of(), null,
                    OffboardingRun.State.WAITING.name(), null, null, List.of()));
        }
        audit.record("offboarding.planned", tenantId, ids.size() + " user(s)", Map.of("plan", plan.id(), "steps",
                ordered.toString(), "runAt", plan.runAt().toString()));
        return new Planned(Optional.of(plan), List.of());
    }

    /**
     * Lets a plan made by {@link #plan} run: at its time, or with the next run of the job when that has come. The
     * tenant action {@code user-management.offboard} calls it, at once or once a second person approved; the plan
     * runs as its planner, with what they held when they planned it. Audited.
     *
     * @throws IllegalStateException when there is no such plan, or it was cancelled or released already (nothing is
     *                               done)
     */
    public OffboardingPlan release(String tenantId, String planId) {
        Optional<OffboardingPlan> released = update(tenantId, planId, plan -> plan.is(
                OffboardingPlan.State.AWAITING_APPROVAL) ? plan.in(OffboardingPlan.State.SCHEDULED, "") : null);
        if (released.isEmpty()) {
            throw new IllegalStateException(find(tenantId, planId).map(plan -> plan.is(OffboardingPlan.State
                    .CANCELLED) ? "This offboarding was cancelled (" + plan.message() + "); nothing was done."
                    : "This offboarding was released already; it is not run twice.").orElse("There is no "
                    + "offboarding " + planId + " in this tenant; nothing was done."));
        }
        OffboardingPlan plan = released.get();
        audit.record("offboarding.released", tenantId, plan.userIds().size() + " user(s)", Map.of("plan", plan.id(),
                "plannedBy", plan.plannedBy(), "runAt", plan.runAt().toString()));
        return plan;
    }

    /** Whether a released plan's time has come (the job, or work started now, runs it). */
    public boolean isDue(OffboardingPlan plan) {
        return plan.is(OffboardingPlan.State.SCHEDULED) && !plan.runAt().isAfter(clock.instant());
    }

    /** Says on a plan that waits for a second person's approval where it waits, keeping the request's id. */
    public void awaitingApproval(String tenantId, String planId, String approvalId) {
        update(tenantId, planId, plan -> plan.is(OffboardingPlan.State.AWAITING_APPROVAL) ? plan.in(
                OffboardingPlan.State.AWAITING_APPROVAL, "Waits for a second person's approval in Settings → "
                        + "Approvals (request " + approvalId + "); nothing is done until it is approved, nor if it is "
                        + "rejected").awaiting(approvalId) : null);
    }

    /**
     * Calls off each of {@code plans} still awaiting approval whose request ended without releasing it, as
     * {@code decisions} say (rejected, expired, withdrawn, or approved but failed): its message says by whom and why,
     * once, audited as {@code offboarding.cancelled}; a plan released or cancelled meanwhile is left as it is.
     *
     * @return how many were called off
     */
    public int settle(Collection<OffboardingPlan> plans, Map<String, PluginActionRuns.Decision> decisions) {
        int settled = 0;
        for (OffboardingPlan waiting : plans) {
            PluginActionRuns.Decision decision = waiting.approvalId() == null ? null
                    : decisions.get(waiting.approvalId());
            if (decision == null || !decision.neverRuns()) {
                continue;
            }
            String why = decided(decision);
            Optional<OffboardingPlan> cancelled = update(waiting.tenantId(), waiting.id(), plan -> plan.is(
                    OffboardingPlan.State.AWAITING_APPROVAL) && decision.approvalId().equals(plan.approvalId())
                    ? plan.in(OffboardingPlan.State.CANCELLED, why) : null);
            if (cancelled.isPresent()) {
                audit.record("offboarding.cancelled", waiting.tenantId(), waiting.id(), Map.of("plan", waiting.id(),
                        "reason", why, "approval", decision.approvalId(), "decision", decision.state().name()));
                settled++;
            }
        }
        return settled;
    }

    /** What became of a release that went to approval and never ran, as the plan says it. */
    private static String decided(PluginActionRuns.Decision decision) {
        return switch (decision.state()) {
            case REJECTED -> "Refused by " + decision.decidedBy() + (decision.note().isEmpty() ? ""
                    : ": " + decision.note()) + ". Nothing of it runs; plan it again if it is still needed.";
            case EXPIRED -> "Expired: nobody approved it by " + decision.decidedAt() + ". Nothing of it runs; plan "
                    + "it again if it is still needed.";
            case WITHDRAWN -> "Withdrawn by " + decision.decidedBy() + " before anyone approved it. Nothing of it "
                    + "runs.";
            default -> "Approved by " + decision.decidedBy() + ", but it did not start: " + decision.outcome()
                    .replaceFirst("^failed: ", "") + (decision.outcome().endsWith(".") ? "" : ".");
        };
    }

    /** Calls off a plan whose release was refused ({@code why}); nothing of it ever runs. Audited. */
    public void refused(String tenantId, String planId, String why) {
        update(tenantId, planId, plan -> plan.is(OffboardingPlan.State.AWAITING_APPROVAL) ? plan.in(
                OffboardingPlan.State.CANCELLED, "Not started: " + why) : null).ifPresent(plan -> audit.record(
                "offboarding.cancelled", tenantId, planId, Map.of("plan", planId, "reason", why)));
    }

    /** Notes the background work that runs a plan, for the page to follow. */
    public void runBy(String tenantId, String planId, String workId) {
        update(tenantId, planId, plan -> plan.runBy(workId));
    }

    /** The plans of a tenant due now (scheduled for now or earlier, or left running by a stopped server). */
    public List<OffboardingPlan> due(String tenantId) {
        List<OffboardingPlan> due = new ArrayList<>();
        due.addAll(plans(RecordQuery.of(PLAN).inTenant(tenantId).equal("state", OffboardingPlan.State.SCHEDULED
                .name()).below("run-at", clock.instant().plusMillis(1)).orderBy("run-at", false), 50));
        due.addAll(plans(RecordQuery.of(PLAN).inTenant(tenantId).equal("state", OffboardingPlan.State.RUNNING
                .name()), 50));
        return due;
    }

    /** When the tenant's next released plan is to run (past: one is due and waits), if it has one. */
    public Optional<Instant> nextScheduled(String tenantId) {
        return plans(RecordQuery.of(PLAN).inTenant(tenantId).equal("state", OffboardingPlan.State.SCHEDULED.name())
                .orderBy("run-at", false), 1).stream().map(OffboardingPlan::runAt).findFirst();
    }

    /**
     * Runs a plan: each user's steps in order (skipping those a run interrupted earlier recorded), each outcome kept
     * as it comes. Called with the tenant's offboarding claim held, so a plan never runs twice at once.
     */
    public OffboardingPlan run(OffboardingPlan planned) {
        OffboardingPlan plan = planned.in(OffboardingPlan.State.RUNNING, "");
        save(plan);
        PortalUser officer = officer(plan.plannedBy(), plan.manageAdmins(), plan.tenantId());
        UserStore users = new UserStore(records);
        UserActions actions = new UserActions(graph, users, new History(records), audit, officer, clock);
        MailboxActions mailboxes = new MailboxActions(graph, users, new History(records), audit, officer, clock);
        int withFailures = 0;
        for (String userId : plan.userIds()) {
            OffboardingRun run = findRun(plan.tenantId(), plan.id(), userId).orElse(null);
            if (run == null || run.is(OffboardingRun.State.DONE) || run.is(OffboardingRun.State.DONE_WITH_FAILURES)
                    || run.is(OffboardingRun.State.UNDONE)) {
                withFailures += run != null && run.is(OffboardingRun.State.DONE_WITH_FAILURES) ? 1 : 0;
                continue;
            }
            if (run.startedAt() == null) {
                run = new OffboardingRun(run.planId(), run.tenantId(), run.userId(), run.userPrincipalName(),
                        run.results(), run.removed(), OffboardingRun.State.RUNNING.name(), clock.instant(), null,
                        List.of());
            }
            for (OffboardingStep step : plan.steps()) {
                if (!run.ran(step)) {
                    run = step.mailbox() ? mailboxStep(step, plan.options(), run, mailboxes)
                            : step(step, run, actions, officer);
                    saveRun(run);
                }
            }
            run = run.ended(clock.instant());
            saveRun(run);
            withFailures += run.is(OffboardingRun.State.DONE_WITH_FAILURES) ? 1 : 0;
        }
        OffboardingPlan done = plan.in(OffboardingPlan.State.DONE, plan.userIds().size() + " user(s) offboarded"
                + (withFailures == 0 ? "" : ", " + withFailures + " with steps that did not work"));
        save(done);
        audit.record("offboarding.ran", plan.tenantId(), plan.userIds().size() + " user(s)", Map.of("plan",
                plan.id(), "plannedBy", plan.plannedBy(), "outcome", done.message()));
        return done;
    }

    private OffboardingRun step(OffboardingStep step, OffboardingRun run, UserActions actions, PortalUser officer) {
        String tenantId = run.tenantId();
        String userId = run.userId();
        OffboardingRun.Removed removed = run.removed();
        switch (step) {
            case BLOCK_SIGN_IN -> {
                boolean wasAllowed = new UserStore(records).get(tenantId, userId).map(ManagedUser::accountEnabled)
                        .orElse(true);
                UserActions.Outcome outcome = actions.setSignIn(tenantId, userId, false);
                return run.with(result(step, outcome), outcome.done() ? removed.with(wasAllowed,
                        removed.groups(), removed.licences()) : removed);
            }
            case REVOKE_SESSIONS -> {
                return run.with(result(step, actions.revokeSessions(tenantId, userId)), removed);
            }
            case RESET_MFA -> {
                return run.with(result(step, actions.resetMfa(tenantId, userId)), removed);
            }
            case REMOVE_GROUPS -> {
                List<UserCreation.GroupRef> groups;
                try {
                    groups = new UserCreation(graph, new UserStore(records), new History(records), audit, officer,
                            clock).groupsOf(tenantId, userId);
                } catch (Exception e) {
                    return run.with(new OffboardingRun.StepResult(step.name(), false, "Groups could not be read: "
                            + e.getMessage()), removed);
                }
                List<OffboardingRun.Group> gone = new ArrayList<>(removed.groups());
                List<String> failed = new ArrayList<>();
                for (UserCreation.GroupRef group : groups) {
                    UserActions.Outcome outcome = actions.removeFromGroup(tenantId, userId, group.id(), group.name());
                    if (outcome.done()) {
                        gone.add(new OffboardingRun.Group(group.id(), group.name()));
                    } else {
                        failed.add(group.name() + " (" + outcome.message() + ")");
                    }
                }
                return run.with(new OffboardingRun.StepResult(step.name(), failed.isEmpty(), "Removed from "
                        + gone.size() + " group(s)" + (failed.isEmpty() ? "" : "; not from " + String.join(", ",
                        failed))), removed.with(removed.signInWasAllowed(), gone, removed.licences()));
            }
            case REMOVE_LICENCES -> {
                List<ManagedUser.Licence> held = new UserStore(records).get(tenantId, userId)
                        .map(ManagedUser::licences).orElse(List.of());
                List<OffboardingRun.Licence> gone = new ArrayList<>(removed.licences());
                List<String> failed = new ArrayList<>();
                for (ManagedUser.Licence licence : held) {
                    UserActions.Outcome outcome = actions.removeLicence(tenantId, userId, licence.skuId());
                    if (outcome.done()) {
                        gone.add(new OffboardingRun.Licence(licence.skuId(), licence.name()));
                    } else {
                        failed.add(licence.name() + " (" + outcome.message() + ")");
                    }
                }
                return run.with(new OffboardingRun.StepResult(step.name(), failed.isEmpty(), "Removed "
                        + gone.size() + " licence(s)" + (failed.isEmpty() ? "" : "; not " + String.join(", ",
                        failed))), removed.with(removed.signInWasAllowed(), removed.groups(), gone));
            }
            default -> throw new IllegalStateException("No step " + step);
        }
    }

    /**
     * A mailbox step; a user without a mailbox (no Exchange Online licence) has nothing to change, which is no
     * failure. What it changed is recorded for the undo.
     */
    private OffboardingRun mailboxStep(OffboardingStep step, OffboardingPlan.Options options, OffboardingRun run,
            MailboxActions mailboxes) {
        String tenantId = run.tenantId();
        String userId = run.userId();
        MailboxActions.Reading reading = mailboxes.read(tenantId, userId);
        if (reading.noMailbox()) {
            return run.with(new OffboardingRun.StepResult(step.name(), true, "No mailbox: nothing to change"),
                    run.removed());
        }
        if (!reading.found()) {
            return run.with(new OffboardingRun.StepResult(step.name(), false, "The mailbox could not be read: "
                    + reading.problem()), run.removed());
        }
        MailboxActions.Mailbox before = reading.mailbox();
        OffboardingRun.Mailbox changed = run.removed().mailbox();
        UserActions.Outcome outcome;
        switch (step) {
            case CONVERT_TO_SHARED -> {
                if (before.shared()) {
                    return run.with(new OffboardingRun.StepResult(step.name(), true, "Shared already"), run.removed());
                }
                outcome = mailboxes.setShared(tenantId, userId, true);
                changed = new OffboardingRun.Mailbox(outcome.done(), changed.delegatedTo(), changed.forwardedTo(),
                        changed.hidden(), changed.automaticReplies());
            }
            case DELEGATE_MAILBOX -> {
                outcome = mailboxes.grantFullAccess(tenantId, userId, options.delegateTo());
                changed = new OffboardingRun.Mailbox(changed.convertedToShared(), outcome.done()
                        && !before.fullAccess().contains(options.delegateTo()) ? options.delegateTo() : "",
                        changed.forwardedTo(), changed.hidden(), changed.automaticReplies());
            }
            case FORWARD_MAIL -> {
                if (before.forwarded()) {
                    return run.with(new OffboardingRun.StepResult(step.name(), false, "Forwarded already to "
                            + before.forwardingAddress() + ": left as it is"), run.removed());
                }
                outcome = mailboxes.setForwarding(tenantId, userId, options.forwardTo(), true);
                changed = new OffboardingRun.Mailbox(changed.convertedToShared(), changed.delegatedTo(),
                        outcome.done() ? options.forwardTo() : "", changed.hidden(), changed.automaticReplies());
            }
            case HIDE_FROM_ADDRESS_LIST -> {
                if (before.hiddenFromAddressLists()) {
                    return run.with(new OffboardingRun.StepResult(step.name(), true, "Hidden already"), run.removed());
                }
                outcome = mailboxes.setHidden(tenantId, userId, true);
                changed = new OffboardingRun.Mailbox(changed.convertedToShared(), changed.delegatedTo(),
                        changed.forwardedTo(), outcome.done(), changed.automaticReplies());
            }
            case AUTOMATIC_REPLIES -> {
                outcome = mailboxes.setAutomaticReplies(tenantId, userId, options.automaticReply(),
                        options.automaticReply(), null, null);
                changed = new OffboardingRun.Mailbox(changed.convertedToShared(), changed.delegatedTo(),
                        changed.forwardedTo(), changed.hidden(), outcome.done() && !before.replying());
            }
            default -> throw new IllegalStateException("Not a mailbox step: " + step);
        }
        return run.with(result(step, outcome), run.removed().with(changed));
    }

    private static OffboardingRun.StepResult result(OffboardingStep step, UserActions.Outcome outcome) {
        return new OffboardingRun.StepResult(step.name(), outcome.done(), outcome.message());
    }

    /**
     * Undoes one user's offboarding (a rehire, or a mistake): back into the groups and licences it removed, sign-in
     * allowed again if it was. MFA methods and sessions cannot come back: the user registers again (a Temporary Access
     * Pass helps). Needs {@code offboard} (and {@code manage-admins} as the plan did); audited.
     */
    public Optional<OffboardingRun> undo(String tenantId, String planId, String userId, PortalUser person) {
        if (!person.holds(UserIds.OFFBOARD, tenantId)) {
            return Optional.empty();
        }
        Optional<OffboardingRun> found = findRun(tenantId, planId, userId);
        if (found.isEmpty() || !(found.get().is(OffboardingRun.State.DONE)
                || found.get().is(OffboardingRun.State.DONE_WITH_FAILURES))) {
            return Optional.empty();
        }
        OffboardingRun run = found.get();
        PortalUser officer = officer(person.userPrincipalName(), person.holds(UserIds.MANAGE_ADMINS, tenantId),
                tenantId);
        UserActions actions = new UserActions(graph, new UserStore(records), new History(records), audit, officer,
                clock);
        List<OffboardingRun.StepResult> results = new ArrayList<>();
        if (Boolean.TRUE.equals(run.removed().signInWasAllowed())) {
            UserActions.Outcome outcome = actions.setSignIn(tenantId, userId, true);
            results.add(new OffboardingRun.StepResult(OffboardingStep.BLOCK_SIGN_IN.name(), outcome.done(),
                    outcome.message()));
        }
        for (OffboardingRun.Group group : run.removed().groups()) {
            UserActions.Outcome outcome = actions.addToGroup(tenantId, userId, group.id(), group.name());
            results.add(new OffboardingRun.StepResult(OffboardingStep.REMOVE_GROUPS.name(), outcome.done(),
                    outcome.message()));
        }
        OffboardingRun.Mailbox mailbox = run.removed().mailbox();
        MailboxActions mailboxes = new MailboxActions(graph, new UserStore(records), new History(records), audit,
                officer, clock);
        if (mailbox.convertedToShared()) {
            results.add(undone(OffboardingStep.CONVERT_TO_SHARED, mailboxes.setShared(tenantId, userId, false)));
        }
        if (!mailbox.delegatedTo().isEmpty()) {
            results.add(undone(OffboardingStep.DELEGATE_MAILBOX, mailboxes.removeFullAccess(tenantId, userId,
                    mailbox.delegatedTo())));
        }
        if (!mailbox.forwardedTo().isEmpty()) {
            results.add(undone(OffboardingStep.FORWARD_MAIL, mailboxes.clearForwarding(tenantId, userId)));
        }
        if (mailbox.hidden()) {
            results.add(undone(OffboardingStep.HIDE_FROM_ADDRESS_LIST, mailboxes.setHidden(tenantId, userId, false)));
        }
        if (mailbox.automaticReplies()) {
            results.add(undone(OffboardingStep.AUTOMATIC_REPLIES, mailboxes.clearAutomaticReplies(tenantId, userId)));
        }
        for (OffboardingRun.Licence licence : run.removed().licences()) {
            UserActions.Outcome outcome = actions.assignLicence(tenantId, userId, licence.skuId());
            results.add(new OffboardingRun.StepResult(OffboardingStep.REMOVE_LICENCES.name(), outcome.done(),
                    outcome.message()));
        }
        OffboardingRun undone = run.undone(results, clock.instant());
        saveRun(undone);
        audit.record("offboarding.undone", tenantId, run.userPrincipalName(), Map.of("plan", planId, "restored",
                results.stream().filter(OffboardingRun.StepResult::done).count() + " of " + results.size()));
        return Optional.of(undone);
    }

    private static OffboardingRun.StepResult undone(OffboardingStep step, UserActions.Outcome outcome) {
        return new OffboardingRun.StepResult(step.name(), outcome.done(), outcome.message());
    }

    /**
     * Calls off a plan that has not run yet: scheduled, or awaiting approval (an approval that comes later then does
     * nothing).
     */
    public boolean cancel(String tenantId, String planId, PortalUser person) {
        if (!person.holds(UserIds.OFFBOARD, tenantId)) {
            return false;
        }
        Optional<OffboardingPlan> cancelled = update(tenantId, planId, plan -> plan.is(OffboardingPlan.State
                .SCHEDULED) || plan.is(OffboardingPlan.State.AWAITING_APPROVAL) ? plan.in(OffboardingPlan.State
                .CANCELLED, "Cancelled by " + person.userPrincipalName()) : null);
        cancelled.ifPresent(plan -> audit.record("offboarding.cancelled", tenantId, planId, Map.of("plan", planId)));
        return cancelled.isPresent();
    }

    /**
     * Writes {@code change} of the plan as it is stored now, only if nobody wrote it since (a release racing a cancel,
     * the job starting it): read again and changed again otherwise. Empty when there is no such plan or
     * {@code change} leaves it as it is (returns null).
     */
    private Optional<OffboardingPlan> update(String tenantId, String planId, UnaryOperator<OffboardingPlan> change) {
        for (int attempt = 1;; attempt++) {
            Optional<PluginRecords.Versioned> stored = records.getVersioned(tenantId, PLAN.name(), planId);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            OffboardingPlan changed = change.apply(JSON.fromJson(stored.get().json(), OffboardingPlan.class));
            if (changed == null) {
                return Optional.empty();
            }
            try {
                records.replace(tenantId, PLAN, planId, JSON.toJson(changed), fields(changed), stored.get()
                        .version());
                return Optional.of(changed);
            } catch (RecordConflictException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public Optional<OffboardingPlan> find(String tenantId, String planId) {
        return records.get(tenantId, PLAN.name(), planId).map(json -> JSON.fromJson(json, OffboardingPlan.class));
    }

    /** A plan's runs, one per user. */
    public List<OffboardingRun> runs(String tenantId, String planId) {
        return records.query(RecordQuery.of(RUN).inTenant(tenantId).equal("plan", planId).orderBy("user", false), 0,
                MOST_USERS).stream().map(found -> JSON.fromJson(found.json(), OffboardingRun.class)).toList();
    }

    /** The latest plans of the tenants where the person of this request may offboard (or of one), newest first. */
    public List<OffboardingPlan> recent(String tenantId, int max) {
        RecordQuery query = RecordQuery.of(PLAN);
        query = tenantId == null || tenantId.isEmpty() ? query.visibleWith(UserIds.OFFBOARD) : query.inTenant(tenantId);
        return plans(query.orderBy("planned-at", true), max);
    }

    private List<OffboardingPlan> plans(RecordQuery query, int max) {
        return records.query(query, 0, max).stream().map(found -> JSON.fromJson(found.json(), OffboardingPlan.class))
                .toList();
    }

    private Optional<OffboardingRun> findRun(String tenantId, String planId, String userId) {
        return records.get(tenantId, RUN.name(), planId + ":" + userId).map(json -> JSON.fromJson(json,
                OffboardingRun.class));
    }

    void save(OffboardingPlan plan) {
        records.put(plan.tenantId(), PLAN, plan.id(), JSON.toJson(plan), fields(plan));
    }

    private static Map<String, Object> fields(OffboardingPlan plan) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("state", plan.state());
        fields.put("run-at", plan.runAt());
        fields.put("planned-at", plan.plannedAt());
        return fields;
    }

    void saveRun(OffboardingRun run) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("plan", run.planId());
        fields.put("state", run.state());
        fields.put("user", run.userPrincipalName().length() > 200 ? run.userPrincipalName().substring(0, 200)
                : run.userPrincipalName());
        fields.put("at", run.endedAt() == null ? run.startedAt() : run.endedAt());
        records.put(run.tenantId(), RUN, run.planId() + ":" + run.userId(), JSON.toJson(run), fields);
    }

    /**
     * The member of staff an offboarding runs as: every step the plugin's offboarding takes is allowed by
     * {@code user-management:offboard} (checked when the plan was made, or now for an undo), acting on administrators
     * only if they held {@code manage-admins}; nothing else.
     */
    static PortalUser officer(String userPrincipalName, boolean manageAdmins, String tenantId) {
        Set<String> steps = new java.util.HashSet<>(Set.of(UserIds.SIGN_IN, UserIds.MFA, UserIds.GROUPS,
                UserIds.LICENCES, UserIds.MAILBOXES));
        if (manageAdmins) {
            steps.add(UserIds.MANAGE_ADMINS);
        }
        return new ActingAs(userPrincipalName, tenantId, steps);
    }
}
