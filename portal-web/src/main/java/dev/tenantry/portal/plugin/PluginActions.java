package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalPolicy;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.approval.ShownParameter;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the tenant actions of running plugins: the caller must hold the action's permission in every tenant; when the
 * installation's {@link ApprovalPolicy} asks for a second person (several tenants, many items) a request is filed
 * instead, and the approved request runs the action once per tenant. Each run is audited per tenant as
 * {@code <action id>}, success or failure.
 */
@ApplicationScoped
public class PluginActions implements ApprovalAction, dev.tenantry.portal.plugin.internal.OwnActionRuns {

    /** The approval action that carries plugin tenant actions. */
    public static final String NAME = "plugin.tenant-action";

    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    PluginRegistry host;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    @Inject
    ApprovalPolicy policy;

    @Inject
    ApprovalService approvals;

    @Inject
    AuditLog audit;

    /** How a tenant's result begins when the action did not run there (the rest is the reason). */
    static final String FAILED = PluginDecisions.FAILED;
    static final String CONSENT_REQUIRED = PluginDecisions.CONSENT_REQUIRED;
    static final String NOT_NOW = PluginDecisions.NOT_NOW;

    /** Whether a tenant's result says the action did not run there. */
    public static boolean didNotRun(String result) {
        return PluginDecisions.didNotRun(result);
    }

    /** How a request to run an action ended: run now (one outcome per tenant), or waiting for approval. */
    public record RunOutcome(Map<String, String> results, ApprovalRequest approval) {

        public boolean waitsForApproval() {
            return approval != null;
        }
    }

    /**
     * Runs {@code actionId} in {@code tenantIds} with {@code parameters}, or files it for approval.
     *
     * @param items  how many things it touches in all (users, teams…), for the bulk rule of the policy
     * @param reason why, required when it goes to approval
     */
    public RunOutcome run(String actionId, List<String> tenantIds, Map<String, String> parameters, int items,
            String reason) {
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to run actions"));
        PluginRegistry.PluginTenantAction action = host.actions().stream().filter(a -> a.action().id().equals(actionId))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("No running plugin offers " + actionId));
        if (tenantIds == null || tenantIds.isEmpty()) {
            throw new IllegalArgumentException("Choose at least one tenant");
        }
        for (String tenant : tenantIds) {
            if (!host.enabledFor(action.pluginId(), tenant)) {
                throw new IllegalArgumentException(action.pluginId() + " does not work in tenant " + tenant);
            }
            access.require(user, staff.groups(), tenant, "action " + actionId, null, action.action().permission());
        }
        parameters = dev.tenantry.plugin.api.ActionParameter.checked(action.action(), parameters);
        Optional<String> needsApproval = policy.reasonFor(tenantIds.size(),
                Math.max(items, dev.tenantry.plugin.api.ActionParameter.itemsIn(action.action(), parameters)));
        if (needsApproval.isPresent()) {
            Map<String, String> stored = new LinkedHashMap<>();
            stored.put("action", actionId);
            stored.put("tenants", String.join(",", tenantIds));
            stored.put("parameters", JSON.toJson(parameters == null ? Map.of() : parameters));
            String tenant = tenantIds.size() == 1 ? tenantIds.get(0) : null;
            return new RunOutcome(Map.of(), approvals.request(NAME, tenant, stored,
                    action.action().label() + " in " + tenantIds.size() + " tenant(s): " + needsApproval.get(),
                    reason));
        }
        return new RunOutcome(runEverywhere(user, staff.groups(), action, tenantIds, parameters), null);
    }


    /** A plugin's page runs one of the plugin's own actions ({@code PluginActionRuns}), as {@link #run} does. */
    @Override
    public dev.tenantry.plugin.api.PluginActionRuns.Submitted submitOwn(String pluginId, String actionId,
            String tenantId, Map<String, String> parameters, int items, String reason) {
        if (actionId == null || !actionId.startsWith(pluginId + ".")) {
            throw new IllegalArgumentException("Plugin " + pluginId + " runs only its own actions, not " + actionId);
        }
        try {
            RunOutcome outcome = run(actionId, List.of(tenantId), parameters, items, reason);
            if (outcome.waitsForApproval()) {
                return new dev.tenantry.plugin.api.PluginActionRuns.Submitted(true, outcome.approval().id(), "");
            }
            return new dev.tenantry.plugin.api.PluginActionRuns.Submitted(false, "", outcome.results()
                    .getOrDefault(tenantId, ""));
        } catch (AccessDeniedException e) {
            throw new SecurityException(e.getMessage(), e);
        } catch (dev.tenantry.portal.approval.ApprovalException e) {
            // What the approval needs and was not given (a reason, one short enough): the page says so
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * What became of a plugin's own submissions that went to approval, in one query: only requests for this plugin's
     * actions, whoever filed them; other ids are left out.
     */
    @Override
    public Map<String, PluginActionRuns.Decision> decisionsOwn(String pluginId, Collection<String> approvalIds) {
        if (approvalIds == null || approvalIds.isEmpty()) {
            return Map.of();
        }
        if (approvalIds.size() > PluginActionRuns.MAX_DECISIONS) {
            throw new IllegalArgumentException("Ask for at most " + PluginActionRuns.MAX_DECISIONS
                    + " decisions at once, not " + approvalIds.size());
        }
        List<String> ids = approvalIds.stream().filter(Objects::nonNull).map(String::strip)
                .filter(id -> !id.isEmpty()).distinct().toList();
        Instant now = Instant.now();
        Map<String, PluginActionRuns.Decision> decisions = new LinkedHashMap<>();
        // the stored request begins with its action's id, <plugin id>.<action>: only this plugin's are read
        approvals.decisions(ids, NAME, "action", pluginId + ".").forEach(found -> decisions.put(found.id(),
                PluginDecisions.of(found, now)));
        return decisions;
    }

    /**
     * The plugin action's id, its tenants when more than one, and each parameter by its label as the action declares
     * it (an ITEMS parameter as a list of items); by name when its plugin is not running.
     */
    @Override
    @SuppressWarnings("unchecked")
    public List<ShownParameter> describe(ApprovalRequest request) {
        String actionId = request.parameters().getOrDefault("action", "");
        Map<String, String> values = new LinkedHashMap<>(JSON.fromJson(request.parameters().getOrDefault(
                "parameters", "{}"), Map.class));
        List<ShownParameter> shown = new java.util.ArrayList<>();
        shown.add(new ShownParameter("Action", actionId, false));
        String tenants = request.parameters().getOrDefault("tenants", "");
        if (tenants.contains(",")) {
            shown.add(new ShownParameter("Tenants", tenants.replace(",", "\n"), true));
        }
        host.actions().stream().map(PluginRegistry.PluginTenantAction::action).filter(a -> a.id().equals(actionId))
                .findFirst().ifPresent(action -> action.parameters().forEach(parameter -> {
                    String value = values.remove(parameter.name());
                    if (value != null) {
                        shown.add(new ShownParameter(parameter.label(), value, parameter.kind() == ActionParameter
                                .Kind.ITEMS));
                    }
                }));
        values.forEach((name, value) -> shown.add(new ShownParameter(name, String.valueOf(value), false)));
        return shown;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Filing is checked by {@link #run} against the action's own permission in each tenant. */
    @Override
    public String requestPermission() {
        return dev.tenantry.portal.access.Permissions.TENANTS_READ;
    }

    /** A plugin's action reaches Microsoft: it runs after the decision, each tenant's result recorded on its own. */
    @Override
    public boolean changesOutsideTenantry() {
        return true;
    }

    /**
     * Runs the approved action in each tenant where the requester still holds the action's permission and the plugin
     * still works, as they are now; the other tenants are reported as not run.
     */
    @Override
    @SuppressWarnings("unchecked")
    public String execute(ApprovalRequest request, String approvedBy) {
        String actionId = request.parameters().get("action");
        PluginRegistry.PluginTenantAction action = host.actions().stream().filter(a -> a.action().id().equals(actionId))
                .findFirst().orElseThrow(() -> new IllegalStateException(actionId + " is no longer offered "
                        + "(its plugin is not running)"));
        List<String> tenants = List.of(request.parameters().get("tenants").split(","));
        Map<String, String> parameters = JSON.fromJson(request.parameters().get("parameters"), Map.class);
        Map<String, String> results = new LinkedHashMap<>();
        List<String> allowed = new java.util.ArrayList<>();
        // where the requester holds the permission now, read once for all the request's tenants (empty: everywhere)
        Optional<Set<String>> holds = access.tenantsWith(request.requestedBy(), request.requesterGroups(),
                action.action().permission());
        for (String tenant : tenants) {
            if (!host.enabledFor(action.pluginId(), tenant)) {
                results.put(tenant, FAILED + action.pluginId() + " no longer works in this tenant");
            } else if (holds.isPresent() && !holds.get().contains(tenant)) {
                results.put(tenant, FAILED + request.requestedBy() + ", who asked, no longer holds "
                        + action.action().permission() + " here");
                audit.recordSecurityEvent(AuditEvent.of(request.requestedBy(), tenant, action.action().id(), tenant,
                        Outcome.DENIED).with("reason", "permission withdrawn since the request")
                        .correlatedWith(request.id()));
            } else {
                results.put(tenant, null);
                allowed.add(tenant);
            }
        }
        results.putAll(runEverywhere(request.requestedBy(), request.requesterGroups(), action, allowed, parameters));
        return results.toString();
    }

    /**
     * Runs the action in each tenant, its code under the action's permission for {@code actor} ({@link PluginCaller}):
     * what it calls in Microsoft, and work it starts, reach only tenants where the actor holds that permission.
     */
    private Map<String, String> runEverywhere(String actor, java.util.Collection<String> groups,
            PluginRegistry.PluginTenantAction action, List<String> tenants, Map<String, String> parameters) {
        Map<String, String> results = new LinkedHashMap<>();
        PluginCaller.Grant grant = PluginCaller.Grant.of(action.pluginId(), actor, groups, action.action().permission(),
                "action " + action.action().id());
        for (String tenant : tenants) {
            try {
                String result = PluginCaller.as(grant, () -> PluginCode.call(action.action(),
                        () -> action.action().execute(tenant, parameters)));
                results.put(tenant, result);
                audit.recordSecurityEvent(AuditEvent.of(actor, tenant, action.action().id(), tenant, Outcome.SUCCESS)
                        .with("result", String.valueOf(result)));
            } catch (Exception e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                results.put(tenant, (e instanceof ConsentRequiredException ? CONSENT_REQUIRED
                        : e instanceof GraphUnavailableException ? NOT_NOW : FAILED) + reason);
                audit.recordSecurityEvent(AuditEvent.of(actor, tenant, action.action().id(), tenant, Outcome.FAILURE)
                        .with("reason", reason));
            }
        }
        return results;
    }
}
