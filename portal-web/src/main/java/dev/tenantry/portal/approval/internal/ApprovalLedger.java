package dev.tenantry.portal.approval.internal;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalDecision;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ShownParameter;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The rules of four eyes with the people named explicitly: who asks, who decides. {@code ApprovalService} calls it
 * with the signed-in caller; tests call it with any two people.
 */
@ApplicationScoped
public class ApprovalLedger {

    private static final Logger LOG = Logger.getLogger(ApprovalLedger.class.getName());

    @Inject
    ApprovalStore store;

    @Inject
    ApprovalExecution execution;

    @Inject
    AuditLog audit;

    @Inject
    AccessControl access;

    @Inject
    @ConfigProperty(name = "tenantry.approvals.expire-after")
    Duration expireAfter;

    /** Files a request for {@code action} with its exact parameters; it waits for someone else to decide. */
    @Transactional(TxType.REQUIRED)
    public ApprovalRequest open(String requester, Collection<String> groups, String action, String tenantId,
            Map<String, String> parameters, String summary, String reason) {
        ApprovalAction known = execution.action(action).orElseThrow(
                () -> new ApprovalException("There is no action '" + action + "' that can wait for approval"));
        access.require(requester, groups, tenantId, "approval request " + action, null,
                Permissions.check(known.requestPermission()));
        String why = required(reason, "Say why this is needed");
        String what = required(summary, "Say what is asked");
        if (what.length() > 500 || why.length() > ApprovalExecution.MAX_TEXT) {
            throw new ApprovalException("The summary (500) or the reason (2000 characters) is too long");
        }
        Instant now = execution.clock.instant();
        ApprovalRequest request = store.insert(UUID.randomUUID().toString(), action, tenantId, parameters, what, why,
                requester, groups == null ? List.of() : groups, now, now.plus(expireAfter));
        audit.record(ApprovalExecution.event(requester, request, "approval.request", Outcome.SUCCESS)
                .with("reason", why).with("expiresAt", request.expiresAt().toString()));
        return request;
    }

    /**
     * Approves a waiting request and runs its action once. When the action fails nothing of it stays done and the
     * request ends {@code FAILED} with the reason; it is never run again.
     *
     * @throws ApprovalException     when the request cannot be approved (own, decided, expired, unknown)
     * @throws AccessDeniedException when the decider lacks {@code approvals:decide} in the request's tenant
     */
    @Transactional(TxType.NOT_SUPPORTED)
    public ApprovalRequest approve(String decider, Collection<String> groups, String id, String note) {
        String remark = optional(note);
        Optional<ApprovalAction> outside = store.find(id == null ? "" : id).flatMap(request -> execution.action(
                request.action())).filter(ApprovalAction::changesOutsideTenantry);
        if (outside.isPresent()) {
            return approveThenRun(decider, groups, id, remark, outside.get());
        }
        try {
            return execution.approveAndRun(decider, groups, id, remark);
        } catch (ApprovalException | AccessDeniedException e) {
            throw e;
        } catch (RuntimeException e) {
            String failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warning(() -> "Approved request " + id + " failed to run: " + failure);
            return execution.recordFailure(decider, id, remark, failure);
        }
    }

    /**
     * The decision first, committed on its own; then the action, outside any transaction, committing what it records
     * as it goes (tenant by tenant), so a failure or a timeout never leaves Microsoft changed and Tenantry's records of
     * it rolled back; then its outcome.
     */
    private ApprovalRequest approveThenRun(String decider, Collection<String> groups, String id, String remark,
            ApprovalAction action) {
        ApprovalRequest approved;
        try {
            approved = execution.approveToRun(decider, groups, id, remark);
        } catch (ApprovalExecution.ActionFailed e) {
            return execution.recordFailure(decider, id, remark, e.getMessage());
        }
        String outcome;
        boolean failed = false;
        try {
            outcome = action.execute(approved, decider);
        } catch (RuntimeException e) {
            failed = true;
            outcome = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warning(() -> "Approved request " + id + " failed to run: " + e.getMessage());
        }
        return execution.recordRun(decider, id, outcome, failed);
    }

    /** Rejects a waiting request; its action never runs. */
    @Transactional(TxType.NOT_SUPPORTED)
    public ApprovalRequest reject(String decider, Collection<String> groups, String id, String note) {
        return execution.reject(decider, groups, id, required(note, "Say why the request is rejected"));
    }

    /**
     * Marks every request whose time ran out as expired, each in its own transaction with an {@code approval.expire}
     * record; how many were.
     */
    @Transactional(TxType.NOT_SUPPORTED)
    public int expireOverdue() {
        int expired = 0;
        int batch;
        List<String> overdue;
        do {
            overdue = store.overdue(execution.clock.instant(), 100);
            batch = 0;
            for (String id : overdue) {
                batch += execution.expire(id) ? 1 : 0;
            }
            expired += batch;
        } while (overdue.size() == 100 && batch > 0);
        return expired;
    }

    /** The requester withdraws a request still waiting. */
    @Transactional(TxType.NOT_SUPPORTED)
    public ApprovalRequest withdraw(String requester, String id, String note) {
        return execution.withdraw(requester, id, optional(note));
    }

    /** One request, whatever its state. */
    public java.util.Optional<ApprovalRequest> find(String id) {
        return store.find(id);
    }

    /** Requests waiting for a decision in {@code tenantIds} (null: everywhere, portal-wide ones included). */
    public List<ApprovalRequest> waiting(Collection<String> tenantIds, int max) {
        return store.list(true, execution.clock.instant(), tenantIds, null, max);
    }

    /**
     * Where the requests among {@code ids} for {@code action} whose first parameter is {@code key}, its value starting
     * with {@code valueStart}, stand; an approved action still running has no outcome yet.
     */
    public List<ApprovalDecision> decisions(Collection<String> ids, String action, String key, String valueStart) {
        return store.decisions(ids, action, key, valueStart).stream().map(found -> ApprovalExecution.RUNNING.equals(
                found.outcome()) ? new ApprovalDecision(found.id(), found.tenantId(), found.requestedBy(),
                found.expiresAt(), found.status(), found.decidedBy(), found.decidedAt(), found.decisionNote(), null)
                : found).toList();
    }

    /**
     * What {@code request} asks, as its action says it to an approver; each stored parameter by its name when the
     * action is gone or cannot say.
     */
    public List<ShownParameter> describe(ApprovalRequest request) {
        try {
            return execution.action(request.action()).map(action -> action.describe(request))
                    .orElseGet(() -> ApprovalAction.asStored(request));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Request " + request.id() + "'s action could not say what it asks: " + e.getMessage());
            return ApprovalAction.asStored(request);
        }
    }

    /** Requests {@code requester} filed, newest first, whatever became of them. */
    public List<ApprovalRequest> filedBy(String requester, int max) {
        return store.list(false, execution.clock.instant(), null, requester, max);
    }

    private static String required(String text, String message) {
        String value = optional(text);
        if (value == null) {
            throw new ApprovalException(message);
        }
        return value;
    }

    private static String optional(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (value.length() > ApprovalExecution.MAX_TEXT) {
            throw new ApprovalException("Keep it under " + ApprovalExecution.MAX_TEXT + " characters");
        }
        return value;
    }
}
