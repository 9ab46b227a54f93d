package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PluginWork;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugin.api.WorkWatch;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import dev.tenantry.plugins.usermanagement.offboarding.Offboarding;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingPlan;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingRun;
import dev.tenantry.plugins.usermanagement.offboarding.OffboardingStep;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The offboarding page ({@code #{offboarding}}): choose a tenant and its leavers (found by the start of their name),
 * the steps, and now or a date and time (UTC); review what will happen to whom (administrators flagged: they need
 * {@code manage-admins}); start or schedule, through the tenant action "Offboard users" (an offboarding of more leavers
 * than the installation's bulk threshold waits for a second person's approval on Settings → Approvals). Below, the
 * latest plans of the tenants the person may offboard in, each user's steps with their outcomes, what was removed, and
 * Undo.
 */
@Extension
@Model("offboarding")
public class OffboardingView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int PLANS_SHOWN = 20;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginWork work;

    @HostService
    private transient PluginActionRuns runs;

    private final TenantChoices tenantChoices = new TenantChoices(UserIds.OFFBOARD);
    private String tenant = "";
    private String userToAdd = "";
    private final Map<String, String> chosen = new LinkedHashMap<>();
    private final Map<String, String> offered = new LinkedHashMap<>();
    /** The steps offered ticked: every one that needs nothing more than the leaver. */
    private List<String> steps = new ArrayList<>(List.of(OffboardingStep.BLOCK_SIGN_IN, OffboardingStep.REVOKE_SESSIONS,
            OffboardingStep.RESET_MFA, OffboardingStep.REMOVE_GROUPS, OffboardingStep.CONVERT_TO_SHARED,
            OffboardingStep.HIDE_FROM_ADDRESS_LIST, OffboardingStep.REMOVE_LICENCES).stream().map(Enum::name).toList());
    private LocalDateTime runAt;
    private String pasted = "";
    private String delegateTo = "";
    private String forwardTo = "";
    private String automaticReply = "";
    private String reason = "";
    private boolean reviewing;
    private String planShown = "";
    private String planShownTenant = "";
    private final WorkWatch running = new WorkWatch();

    /** A user as the review shows them. */
    public record Leaver(String id, String displayName, String userPrincipalName, List<String> roles)
            implements Serializable {
    }

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    /** Active users of the tenant whose name starts with {@code text}, from the last sync. */
    public List<String> completeUser(String text) {
        if (tenant.isEmpty() || !user.holds(UserIds.OFFBOARD, tenant)) {
            return List.of();
        }
        String prefix = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        List<String> ids = new ArrayList<>();
        for (UserStore.Found found : new UserStore(records).find(RecordQuery.of(UserStore.USER).inTenant(tenant)
                .equal("state", "active").startsWith("name", prefix).orderBy("name", false), 0, 15)) {
            offered.put(found.user().id(), label(found));
            ids.add(found.user().id());
        }
        return ids;
    }

    public String userLabel(String id) {
        return id == null ? "" : offered.getOrDefault(id, chosen.getOrDefault(id, id));
    }

    public void addUser() {
        if (!userToAdd.isEmpty() && !chosen.containsKey(userToAdd) && chosen.size() >= Offboarding.MOST_USERS) {
            Pages.error(tooMany(1));
        } else if (!userToAdd.isEmpty()) {
            chosen.put(userToAdd, userLabel(userToAdd));
        }
        userToAdd = "";
        reviewing = false;
    }

    /** What the page says when {@code left} leavers do not fit in one offboarding. */
    private static String tooMany(int left) {
        return "One offboarding takes at most " + Offboarding.MOST_USERS + " leavers: " + left + " more not added. "
                + "Offboard these first, then the others in another go.";
    }

    /**
     * Adds the users whose sign-in names were pasted, one per line (a CSV's first column works too), from the last
     * sync; says which it did not find.
     */
    public void addPasted() {
        if (tenant.isEmpty() || !user.holds(UserIds.OFFBOARD, tenant)) {
            return;
        }
        UserStore store = new UserStore(records);
        List<String> unknown = new ArrayList<>();
        int left = 0;
        for (String line : pasted.split("\\R")) {
            String upn = line.split(",", 2)[0].strip().replace("\"", "").toLowerCase(java.util.Locale.ROOT);
            if (upn.isEmpty() || upn.equals("userprincipalname")) {
                continue;
            }
            List<UserStore.Found> found = store.find(RecordQuery.of(UserStore.USER).inTenant(tenant).equal("upn", upn)
                    .equal("state", "active"), 0, 1);
            if (found.isEmpty()) {
                unknown.add(upn);
            } else if (chosen.size() < Offboarding.MOST_USERS || chosen.containsKey(found.get(0).user().id())) {
                chosen.put(found.get(0).user().id(), label(found.get(0)));
            } else {
                left++;
            }
        }
        pasted = "";
        reviewing = false;
        if (!unknown.isEmpty()) {
            Pages.error("Not found among the tenant's active users: " + String.join(", ", unknown));
        }
        if (left > 0) {
            Pages.error(tooMany(left));
        }
    }

    /** A user as the list of leavers names them. */
    private static String label(UserStore.Found found) {
        return found.user().displayName() + " (" + found.user().userPrincipalName() + ")";
    }

    public String getPasted() {
        return pasted;
    }

    public void setPasted(String value) {
        pasted = value == null ? "" : value;
    }

    public void removeUser(String id) {
        chosen.remove(id);
        reviewing = false;
    }

    public List<Map.Entry<String, String>> getChosen() {
        return List.copyOf(chosen.entrySet());
    }

    /** What will happen to whom, with administrators flagged. */
    public List<Leaver> getReview() {
        UserStore store = new UserStore(records);
        List<Leaver> leavers = new ArrayList<>();
        for (String id : chosen.keySet()) {
            store.get(tenant, id).ifPresent(found -> leavers.add(new Leaver(found.id(), found.displayName(),
                    found.userPrincipalName(), found.roles())));
        }
        return leavers;
    }

    public void review() {
        reviewing = !chosen.isEmpty() && !steps.isEmpty();
        if (!reviewing) {
            Pages.error("Choose the users and at least one step.");
        }
    }

    /**
     * Makes the plan and hands it to the tenant action "Offboard users", which runs it now in the background or leaves
     * it to the schedule; or, over the installation's bulk threshold, files it for a second person's approval, and
     * the plan waits. A refused submission calls the plan off: nothing of it runs.
     */
    public void start() {
        Instant at = runAt == null ? null : runAt.toInstant(ZoneOffset.UTC);
        Offboarding offboarding = offboarding();
        Offboarding.Planned planned = offboarding.plan(tenant, List.copyOf(chosen.keySet()), steps.stream()
                .map(OffboardingStep::valueOf).toList(), new OffboardingPlan.Options(delegateTo, forwardTo,
                automaticReply), at, user);
        if (planned.plan().isEmpty()) {
            planned.problems().forEach(Pages::error);
            return;
        }
        OffboardingPlan plan = planned.plan().get();
        int users = plan.userIds().size();
        Map<String, String> parameters = OffboardAction.parameters(offboarding, plan);
        PluginActionRuns.Submitted submitted;
        try {
            if (parameters.get("users").length() > ActionParameter.MAX_ITEMS_LENGTH) {
                throw new IllegalArgumentException("The sign-in names of these " + users + " leavers are longer than "
                        + "one offboarding takes (" + ActionParameter.MAX_ITEMS_LENGTH + " characters): offboard them "
                        + "in two or more goes.");
            }
            submitted = runs.submit(OffboardAction.ID, tenant, parameters, users, reason);
        } catch (RuntimeException e) {
            // refused: not allowed, parameters the host does not take, or an approval request it would not file (no
            // reason given); the host's own kinds of refusal reach a plugin as plain runtime exceptions
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            offboarding.refused(tenant, plan.id(), why);
            Pages.error("Offboarding did not start: " + why);
            return;
        }
        if (submitted.waitingForApproval()) {
            offboarding.awaitingApproval(tenant, plan.id(), submitted.approvalId());
            Pages.info("Offboarding of " + users + " user(s) waits for a second person's approval in Settings → "
                    + "Approvals; nothing is done until then. Once approved it " + (at == null ? "runs at once."
                    : "runs at " + plan.runAt() + " (at once if approved later)."));
        } else {
            Optional<OffboardingPlan> released = offboarding.find(tenant, plan.id())
                    .filter(stored -> !stored.is(OffboardingPlan.State.AWAITING_APPROVAL));
            if (released.isEmpty()) {
                offboarding.refused(tenant, plan.id(), submitted.result());
                Pages.error("Offboarding did not start: " + submitted.result());
                return;
            }
            Optional.ofNullable(released.get().workId()).ifPresent(running::started);
            Pages.info(submitted.result());
        }
        planShown = plan.id();
        planShownTenant = tenant;
        chosen.clear();
        reviewing = false;
        runAt = null;
        reason = "";
    }

    private Offboarding offboarding() {
        return new Offboarding(graph, records, audit, Clock.systemUTC());
    }

    /**
     * The latest plans (of the chosen tenant, or of every tenant where the person may offboard); those that waited for
     * an approval that ended without releasing them (refused, expired, withdrawn) called off first, saying so.
     */
    public List<OffboardingPlan> getPlans() {
        Offboarding offboarding = offboarding();
        List<OffboardingPlan> plans = offboarding.recent(tenant, PLANS_SHOWN);
        List<OffboardingPlan> waiting = plans.stream().filter(plan -> plan.is(OffboardingPlan.State.AWAITING_APPROVAL)
                && plan.approvalId() != null).toList();
        if (waiting.isEmpty()) {
            return plans;
        }
        try {
            Map<String, PluginActionRuns.Decision> decisions = runs.decisions(waiting.stream()
                    .map(OffboardingPlan::approvalId).toList());
            return offboarding.settle(waiting, decisions) > 0 ? offboarding.recent(tenant, PLANS_SHOWN) : plans;
        } catch (RuntimeException e) {
            // the plans as they are; the next look settles them
            return plans;
        }
    }

    public void show(OffboardingPlan plan) {
        planShown = plan.id();
        planShownTenant = plan.tenantId();
    }

    public Optional<OffboardingPlan> getShownPlan() {
        return planShown.isEmpty() || !user.holds(UserIds.OFFBOARD, planShownTenant) ? Optional.empty()
                : offboarding().find(planShownTenant, planShown);
    }

    public List<OffboardingRun> getRuns() {
        return getShownPlan().map(plan -> offboarding().runs(plan.tenantId(), plan.id())).orElse(List.of());
    }

    public void undo(OffboardingRun run) {
        offboarding().undo(run.tenantId(), run.planId(), run.userId(), user).ifPresentOrElse(
                undone -> Pages.info("Offboarding of " + run.userPrincipalName() + " undone: "
                        + undone.undone().stream().filter(OffboardingRun.StepResult::done).count() + " of "
                        + undone.undone().size() + " restored."),
                () -> Pages.error("This offboarding cannot be undone (not finished, undone already, or not yours to "
                        + "undo)."));
    }

    public void cancel(OffboardingPlan plan) {
        if (offboarding().cancel(plan.tenantId(), plan.id(), user)) {
            Pages.info("Offboarding cancelled: nothing of it runs, even if it is approved later.");
        } else {
            Pages.error("Only an offboarding that has not run yet (scheduled, or awaiting approval) can be cancelled.");
        }
    }

    public boolean isRunning() {
        return running.polling(work);
    }

    public void refresh() {
        running.refreshed(work);
    }

    public String stepLabel(String step) {
        try {
            return OffboardingStep.valueOf(step).label();
        } catch (IllegalArgumentException e) {
            return step;
        }
    }

    public List<OffboardingStep> getAllSteps() {
        return List.of(OffboardingStep.values());
    }

    public boolean isReviewing() {
        return reviewing;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        String next = value == null ? "" : value.strip();
        if (!next.equals(tenant)) {
            chosen.clear();
            reviewing = false;
        }
        tenant = next;
    }

    public String getUserToAdd() {
        return userToAdd;
    }

    public void setUserToAdd(String value) {
        userToAdd = value == null ? "" : value.strip();
    }

    public List<String> getSteps() {
        return steps;
    }

    public void setSteps(List<String> value) {
        steps = value == null ? new ArrayList<>() : new ArrayList<>(value);
        reviewing = false;
    }

    public String getDelegateTo() {
        return delegateTo;
    }

    public void setDelegateTo(String value) {
        delegateTo = value == null ? "" : value.strip();
    }

    public String getForwardTo() {
        return forwardTo;
    }

    public void setForwardTo(String value) {
        forwardTo = value == null ? "" : value.strip();
    }

    public String getAutomaticReply() {
        return automaticReply;
    }

    public void setAutomaticReply(String value) {
        automaticReply = value == null ? "" : value.strip();
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String value) {
        reason = value == null ? "" : value.strip();
    }

    public LocalDateTime getRunAt() {
        return runAt;
    }

    public void setRunAt(LocalDateTime value) {
        runAt = value;
    }
}
