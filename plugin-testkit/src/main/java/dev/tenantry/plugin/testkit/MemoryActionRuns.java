package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link PluginActionRuns} in memory, as the host runs a plugin's own actions: the person must hold the action's
 * permission in the tenant, and a submission touching more items than the bulk threshold waits for {@link #approve}
 * instead of running (the host's approval policy, Settings → Approvals).
 */
public final class MemoryActionRuns implements PluginActionRuns {

    private final int bulkThreshold;
    private final PortalUser person;
    private final Map<String, TenantAction> actions = new LinkedHashMap<>();
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();

    /** A submission waiting for a second person. */
    public record Waiting(String id, String actionId, String tenantId, Map<String, String> parameters, int items,
            String reason) {
    }

    /**
     * @param bulkThreshold the most items a submission runs with at once
     * @param actions       the plugin's actions, their host services filled ({@link TestHost#fill})
     */
    public MemoryActionRuns(int bulkThreshold, PortalUser person, TenantAction... actions) {
        this.bulkThreshold = bulkThreshold;
        this.person = person;
        for (TenantAction action : actions) {
            this.actions.put(action.id(), action);
        }
    }

    @Override
    public synchronized Submitted submit(String actionId, String tenantId, Map<String, String> parameters, int items,
            String reason) {
        TenantAction action = actions.get(actionId);
        if (action == null) {
            throw new IllegalArgumentException("No action " + actionId + " of this plugin");
        }
        if (!person.holds(action.permission(), tenantId)) {
            throw new SecurityException(person.userPrincipalName() + " may not run " + actionId + " in " + tenantId);
        }
        if (items > bulkThreshold) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("Say why: a second person approves it");
            }
            Waiting filed = new Waiting(UUID.randomUUID().toString(), actionId, tenantId, Map.copyOf(parameters),
                    items, reason);
            waiting.put(filed.id(), filed);
            return new Submitted(true, filed.id(), "");
        }
        return new Submitted(false, "", run(action, tenantId, parameters));
    }

    /** The submissions waiting for approval. */
    public synchronized List<Waiting> waiting() {
        return new ArrayList<>(waiting.values());
    }

    /** A second person approves a waiting submission: it runs now; returns its result. */
    public synchronized String approve(String approvalId) {
        Waiting filed = waiting.remove(approvalId);
        if (filed == null) {
            throw new IllegalArgumentException("No submission " + approvalId + " waits");
        }
        return run(actions.get(filed.actionId()), filed.tenantId(), filed.parameters());
    }

    private static String run(TenantAction action, String tenantId, Map<String, String> parameters) {
        try {
            return action.execute(tenantId, parameters);
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        }
    }
}
