package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginWork;
import dev.tenantry.plugin.api.TenantAction;
import dev.tenantry.plugins.usermanagement.offboarding.Offboarding;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingPlan;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingRun;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingStep;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * "Offboard users" in a tenant: releases an offboarding planned and reviewed on Users → Offboarding, whose leavers are
 * the action's items, so the installation's bulk rule sends a large offboarding to a second person before anything
 * happens. Its parameters are the plan as the approver should read it (the leavers' sign-in names, the steps, when,
 * the mailbox options) and must match the stored plan exactly, so what was approved is what runs, and a plan is never
 * released with fewer items counted than it has leavers.
 *
 * <p>It takes no {@code PortalUser}: once approved it runs in the approver's request, and the plan runs as the
 * person who planned it, with what they held then (administrators among the leavers only if they held
 * {@code manage-admins}), never with the approver's permissions.
 */
@Extension
public class OffboardAction implements TenantAction {

    static final String ID = UserIds.PLUGIN + ".offboard";

    @HostService
    private GraphAccess graph;

    @HostService
    private PluginRecords records;

    @HostService
    private PluginAudit audit;

    @HostService
    private PluginClaims claims;

    @HostService
    private PluginWork work;

    @HostService
    private PluginSchedule schedule;

    /** What "now" is; a test moves it past a plan's time. */
    Clock clock = Clock.systemUTC();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Offboard users";
    }

    @Override
    public String permission() {
        return UserIds.OFFBOARD;
    }

    @Override
    public List<ActionParameter> parameters() {
        String fromThePlan = "As planned on Users → Offboarding; it must match the plan.";
        return List.of(
                new ActionParameter("plan", "Offboarding plan", ActionParameter.Kind.TEXT, true, List.of(),
                        "The id of a plan made and reviewed on Users → Offboarding, which this releases."),
                new ActionParameter("users", "Leavers (sign-in names), one per line", ActionParameter.Kind.ITEMS,
                        true, List.of(), fromThePlan),
                new ActionParameter("steps", "Steps, in order", ActionParameter.Kind.TEXT, true, List.of(),
                        fromThePlan),
                new ActionParameter("runAt", "Runs at (UTC)", ActionParameter.Kind.TEXT, true, List.of(),
                        "At once if approved after this time. " + fromThePlan),
                new ActionParameter("delegateTo", "Manager who gets full access to the mailbox",
                        ActionParameter.Kind.TEXT, false, List.of(), fromThePlan),
                new ActionParameter("forwardTo", "Forward mail to", ActionParameter.Kind.TEXT, false, List.of(),
                        fromThePlan),
                new ActionParameter("automaticReply", "Out-of-office reply", ActionParameter.Kind.MULTILINE, false,
                        List.of(), fromThePlan));
    }

    /**
     * The parameters that release {@code plan}, as the approver reads them: blank ones left out, as the host leaves
     * them out.
     *
     * @param userPrincipalNames the sign-in names of the plan's leavers
     */
    static Map<String, String> parameters(OffboardingPlan plan, List<String> userPrincipalNames) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("plan", plan.id());
        parameters.put("users", userPrincipalNames.stream().sorted().collect(Collectors.joining("\n")));
        parameters.put("steps", plan.steps().stream().map(OffboardingStep::label).collect(Collectors.joining("; ")));
        parameters.put("runAt", plan.runAt().toString());
        OffboardingPlan.Options options = plan.options();
        if (plan.steps().contains(OffboardingStep.DELEGATE_MAILBOX) && !options.delegateTo().isEmpty()) {
            parameters.put("delegateTo", options.delegateTo());
        }
        if (plan.steps().contains(OffboardingStep.FORWARD_MAIL) && !options.forwardTo().isEmpty()) {
            parameters.put("forwardTo", options.forwardTo());
        }
        if (plan.steps().contains(OffboardingStep.AUTOMATIC_REPLIES) && !options.automaticReply().isEmpty()) {
            parameters.put("automaticReply", options.automaticReply());
        }
        return parameters;
    }

    /** {@link #parameters(OffboardingPlan, List)} of a stored plan, its leavers' names read from its runs. */
    static Map<String, String> parameters(Offboarding offboarding, OffboardingPlan plan) {
        return parameters(plan, offboarding.runs(plan.tenantId(), plan.id()).stream()
                .map(OffboardingRun::userPrincipalName).toList());
    }

    /**
     * Releases the plan named: run at once in the background when its time has come (also when approved after it),
     * else left to the schedule.
     */
    @Override
    public String execute(String tenantId, Map<String, String> parameters) {
        Offboarding offboarding = new Offboarding(graph, records, audit, clock);
        String planId = parameters.getOrDefault("plan", "");
        OffboardingPlan plan = offboarding.find(tenantId, planId).orElseThrow(() -> new IllegalArgumentException(
                "There is no offboarding " + planId + " in this tenant: plan one on Users → Offboarding."));
        if (!parameters(offboarding, plan).equals(parameters)) {
            throw new IllegalArgumentException("These parameters are not offboarding " + planId + " as it was "
                    + "planned (leavers, steps, time or mailbox options differ); nothing was done.");
        }
        OffboardingPlan released = offboarding.release(tenantId, planId);
        int users = released.userIds().size();
        if (!offboarding.isDue(released)) {
            schedule.runAt(OffboardingJob.ID, tenantId, released.runAt());
            return "Offboarding of " + users + " user(s) scheduled for " + released.runAt() + ".";
        }
        Optional<String> started = startNow(offboarding, tenantId, users);
        started.ifPresent(workId -> offboarding.runBy(tenantId, planId, workId));
        if (started.isEmpty()) {
            schedule.runAt(OffboardingJob.ID, tenantId, clock.instant());
        }
        return started.isPresent() ? "Offboarding started for " + users + " user(s)."
                : "Offboarding of " + users + " user(s) released; the schedule runs it now.";
    }

    /** Runs the tenant's due plans now, in the background; empty when work cannot start here (the job runs them). */
    private Optional<String> startNow(Offboarding offboarding, String tenantId, int users) {
        PluginClaims held = claims;
        try {
            return Optional.of(work.start("Offboard " + users + " user(s)", tenantId, progress -> {
                progress.report(0, 1, "Offboarding");
                Optional<Integer> ran = OffboardingJob.runDue(offboarding, held, tenantId);
                progress.report(1, 1, "Done");
                return ran.isPresent() ? "Offboarding ran" : "The schedule runs it now";
            }));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
