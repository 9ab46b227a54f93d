package dev.tenantry.portal.approval.internal;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One decision on a request, in its own transaction with the request's row locked: the checks, the action, the new
 * status and the audit record commit together or not at all, so an approved action runs once.
 */
@ApplicationScoped
public class ApprovalExecution {

    static final int MAX_TEXT = 2000;
    /** The outcome of an approved action while it runs after its decision. */
    static final String RUNNING = "Approved; running";

    @Inject
    ApprovalStore store;

    @Inject
    AccessControl access;

    @Inject
    AuditLog audit;

    @Inject
    @Any
    Instance<ApprovalAction> actions;

    Clock clock = Clock.systemUTC();

    /** The action bean named {@code name}, if one is deployed. */
    public Optional<ApprovalAction> action(String name) {
        return actions.stream().filter(action -> action.name().equals(name)).findFirst();
    }

    /** Approves and runs an action that changes only Tenantry's records, in the decision's transaction. */
    @Transactional(TxType.REQUIRES_NEW)
    public ApprovalRequest approveAndRun(String decider, Collection<String> groups, String id, String note) {
        ApprovalRequest request = decidable(decider, groups, id, "approve");
        String outcome = clip(stillPermittedAction(request).execute(request, decider));
        return approved(decider, id, note, outcome);
    }

    /**
     * Records the decision to approve an action that changes things outside Tenantry, with its audit record, before
     * the action runs; the requester must still be allowed to ask for it.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public ApprovalRequest approveToRun(String decider, Collection<String> groups, String id, String note) {
        stillPermittedAction(decidable(decider, groups, id, "approve"));
        return approved(decider, id, note, RUNNING);
    }

    private ApprovalRequest approved(String decider, String id, String note, String outcome) {
        ApprovalRequest approved = store.decide(id, Status.APPROVED, decider, clock.instant(), note, outcome);
        audit.record(event(decider, approved, "approval.approve", Outcome.SUCCESS).with("outcome", outcome));
        return approved;
    }

    /** Records what an action approved by {@link #approveToRun} did, audited as {@code approval.run}. */
    @Transactional(TxType.REQUIRES_NEW)
    public ApprovalRequest recordRun(String decider, String id, String outcome, boolean failed) {
        ApprovalRequest ran = store.ran(id, failed ? Status.FAILED : Status.APPROVED, clip(outcome));
        audit.record(event(decider, ran, "approval.run", failed ? Outcome.FAILURE : Outcome.SUCCESS)
                .with("outcome", clip(outcome)));
        return ran;
    }

    /**
     * The request's action, if the requester still holds what filing needed, as their roles and their groups' roles
     * are now: access taken away while the request waited is not carried out by approving it.
     */
    private ApprovalAction stillPermittedAction(ApprovalRequest request) {
        ApprovalAction action = action(request.action()).orElseThrow(() -> new ActionFailed(
                "The action " + request.action() + " is no longer available (its plugin may be disabled)"));
        String needed = Permissions.check(action.requestPermission());
        if (!access.permissionsOf(request.requestedBy(), request.requesterGroups(), request.tenantId())
                .contains(needed)) {
            throw new ActionFailed(request.requestedBy() + ", who asked, no longer holds " + needed
                    + (request.tenantId() == null ? " for all tenants" : " in the tenant") + "; nothing was done");
        }
        return action;
    }

    @Transactional(TxType.REQUIRES_NEW)
    public ApprovalRequest reject(String decider, Collection<String> groups, String id, String note) {
        decidable(decider, groups, id, "reject");
        ApprovalRequest rejected = store.decide(id, Status.REJECTED, decider, clock.instant(), note, null);
        audit.record(event(decider, rejected, "approval.reject", Outcome.SUCCESS));
        return rejected;
    }

    /** Marks a request whose time ran out as expired, with its audit record; nothing if it was decided meanwhile. */
    @Transactional(TxType.REQUIRES_NEW)
    public boolean expire(String id) {
        ApprovalRequest request = store.lock(id).orElse(null);
        if (request == null || request.status() != Status.PENDING || clock.instant().isBefore(request.expiresAt())) {
            return false;
        }
        ApprovalRequest expired = store.decide(id, Status.EXPIRED, "system", clock.instant(), null, null);
        audit.record(event("system", expired, "approval.expire", Outcome.FAILURE)
                .with("expiresAt", request.expiresAt().toString()));
        return true;
    }

    /** The requester takes back a request still waiting; it can no longer be approved. */
    @Transactional(TxType.REQUIRES_NEW)
    public ApprovalRequest withdraw(String requester, String id, String note) {
        ApprovalRequest request = store.lock(id).orElseThrow(() -> new ApprovalException("No approval request " + id));
        if (!request.requestedBy().equalsIgnoreCase(requester)) {
            throw new ApprovalException("Only " + request.requestedBy() + ", who asked, can withdraw this request");
        }
        if (request.statusAt(clock.instant()) != Status.PENDING) {
            throw new ApprovalException("This request is " + request.statusAt(clock.instant()).name()
                    .toLowerCase(Locale.ROOT) + " and can no longer be withdrawn");
        }
        ApprovalRequest withdrawn = store.decide(id, Status.WITHDRAWN, requester, clock.instant(), note, null);
        audit.record(event(requester, withdrawn, "approval.withdraw", Outcome.SUCCESS));
        return withdrawn;
    }

    /** Records that the approved action failed, after its own transaction rolled back; nothing of it took effect. */
    @Transactional(TxType.REQUIRES_NEW)
    public ApprovalRequest recordFailure(String decider, String id, String note, String failure) {
        ApprovalRequest request = store.lock(id).orElseThrow(() -> new ApprovalException("No approval request " + id));
        if (request.status() != Status.PENDING) {
            return request;
        }
        ApprovalRequest failed = store.decide(id, Status.FAILED, decider, clock.instant(), note, clip(failure));
        audit.record(event(decider, failed, "approval.approve", Outcome.FAILURE).with("outcome", clip(failure)));
        return failed;
    }

    private ApprovalRequest decidable(String decider, Collection<String> groups, String id, String verb) {
        ApprovalRequest request = store.lock(id).orElseThrow(() -> new ApprovalException("No approval request " + id));
        Set<String> needed = new LinkedHashSet<>(List.of(Permissions.APPROVALS_DECIDE));
        action(request.action()).map(ApprovalAction::decidePermission).map(Permissions::check).ifPresent(needed::add);
        access.require(decider, groups, request.tenantId(), "approval " + id, id, needed.toArray(String[]::new));
        if (request.status() != Status.PENDING) {
            throw new ApprovalException("This request was already " + request.status().name().toLowerCase(Locale.ROOT)
                    + (request.decidedBy() == null ? "" : " by " + request.decidedBy()));
        }
        if (!clock.instant().isBefore(request.expiresAt())) {
            throw new ApprovalException("This request expired at " + request.expiresAt() + "; ask again if it is still needed");
        }
        if (request.requestedBy().equalsIgnoreCase(decider)) {
            throw new ApprovalException("Someone other than the requester must " + verb + " this request");
        }
        return request;
    }

    static AuditEvent event(String actor, ApprovalRequest request, String action, Outcome outcome) {
        return AuditEvent.of(actor, request.tenantId(), action, "approval " + request.id(), outcome)
                .with("action", request.action()).with("summary", request.summary())
                .with("requestedBy", request.requestedBy()).correlatedWith(request.id());
    }

    static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    /** The action could not be run; the request is marked failed. */
    public static final class ActionFailed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ActionFailed(String message) {
            super(message);
        }
    }
}
