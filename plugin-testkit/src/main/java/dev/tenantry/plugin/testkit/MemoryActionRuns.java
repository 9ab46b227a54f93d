package dev.tenantry.plugin.testkit;

import dev.tenantry.plugin.api.ActionParameter;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link PluginActionRuns} in memory, as the host runs a plugin's own actions: the person must hold the action's
 * permission in the tenant, the parameters are checked against the action's as the host checks them (declared names,
 * required ones, choices, yes/no, {@link ActionParameter#maxLength()}; blank optional ones left out), and a submission
 * touching more items than the bulk threshold (the number given, or the lines of its ITEMS parameters if more) waits
 * instead of running (the host's approval policy, Settings → Approvals). A test plays the second person: it
 * {@link #approve}s a waiting submission (it runs then), {@link #reject}s it, lets it {@link #expire}, or the person
 * who filed it {@link #withdraw}s it; {@link #decisions} then says so as the host does.
 */
public final class MemoryActionRuns implements PluginActionRuns {

    /** Who approves when a test does not say. */
    public static final String APPROVER = "approver@northwind-msp.example";

    private final int bulkThreshold;
    private final PortalUser person;
    private final Map<String, TenantAction> actions = new LinkedHashMap<>();
    private final Map<String, Waiting> filed = new LinkedHashMap<>();
    private final Map<String, Decision> decided = new LinkedHashMap<>();

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
        Map<String, String> checked = ActionParameter.checked(action, parameters);
        if (Math.max(items, ActionParameter.itemsIn(action, checked)) > bulkThreshold) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("Say why: a second person approves it");
            }
            Waiting waiting = new Waiting(UUID.randomUUID().toString(), actionId, tenantId, checked, items, reason);
            filed.put(waiting.id(), waiting);
            decided.put(waiting.id(), new Decision(waiting.id(), State.WAITING, "", null, "", ""));
            return new Submitted(true, waiting.id(), "");
        }
        return new Submitted(false, "", run(action, tenantId, checked));
    }

    /** What the submissions among {@code approvalIds} that went to approval became; unknown ones are absent. */
    @Override
    public synchronized Map<String, Decision> decisions(Collection<String> approvalIds) {
        if (approvalIds == null) {
            return Map.of();
        }
        if (approvalIds.size() > MAX_DECISIONS) {
            throw new IllegalArgumentException("Ask for at most " + MAX_DECISIONS + " decisions at once, not "
                    + approvalIds.size());
        }
        Map<String, Decision> found = new LinkedHashMap<>();
        approvalIds.stream().filter(decided::containsKey).forEach(id -> found.put(id, decided.get(id)));
        return found;
    }

    /** The submissions waiting for approval. */
    public synchronized List<Waiting> waiting() {
        return filed.values().stream().filter(waiting -> decided.get(waiting.id()).state() == State.WAITING)
                .toList();
    }

    /** {@link #APPROVER} approves a waiting submission: it runs now; returns its result. */
    public String approve(String approvalId) {
        return approve(approvalId, APPROVER, "");
    }

    /**
     * {@code approver} approves a waiting submission, noting {@code note}: it runs now, and is approved, or failed
     * when the action throws (its result then begins {@code failed: }, {@code consent required: } or
     * {@code not now: }, as the host's does); returns its result.
     */
    public synchronized String approve(String approvalId, String approver, String note) {
        Waiting waiting = stillWaiting(approvalId);
        String result = run(actions.get(waiting.actionId()), waiting.tenantId(), waiting.parameters());
        boolean didNotRun = result.startsWith("failed: ") || result.startsWith("consent required: ")
                || result.startsWith("not now: ");
        decided.put(approvalId, new Decision(approvalId, didNotRun ? State.FAILED : State.APPROVED, approver,
                Instant.now(), note, result));
        return result;
    }

    /** {@code approver} rejects a waiting submission, saying why: it never runs. */
    public synchronized void reject(String approvalId, String approver, String why) {
        stillWaiting(approvalId);
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("Say why the request is rejected");
        }
        decided.put(approvalId, new Decision(approvalId, State.REJECTED, approver, Instant.now(), why, ""));
    }

    /** Nobody decided a waiting submission in time: it expires now and never runs. */
    public synchronized void expire(String approvalId) {
        stillWaiting(approvalId);
        decided.put(approvalId, new Decision(approvalId, State.EXPIRED, "", Instant.now(), "", ""));
    }

    /** The person who filed a waiting submission takes it back: it never runs. */
    public synchronized void withdraw(String approvalId) {
        stillWaiting(approvalId);
        decided.put(approvalId, new Decision(approvalId, State.WITHDRAWN, person.userPrincipalName(), Instant.now(),
                "", ""));
    }

    private Waiting stillWaiting(String approvalId) {
        Decision decision = decided.get(approvalId);
        if (decision == null || decision.state() != State.WAITING) {
            throw new IllegalArgumentException("No submission " + approvalId + " waits");
        }
        return filed.get(approvalId);
    }

    private static String run(TenantAction action, String tenantId, Map<String, String> parameters) {
        try {
            return action.execute(tenantId, parameters);
        } catch (ConsentRequiredException e) {
            return "consent required: " + e.getMessage();
        } catch (GraphUnavailableException e) {
            return "not now: " + e.getMessage();
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        }
    }
}
