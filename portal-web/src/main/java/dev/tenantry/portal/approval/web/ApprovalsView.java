package dev.tenantry.portal.approval.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.web.PageMessages;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** Backs {@code settings/approvals.xhtml}; every decision is checked again by the approval service. */
@Named
@ViewScoped
public class ApprovalsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ApprovalService approvals;

    @Inject
    AccessControl access;

    private String note;
    private List<ApprovalRequest> waiting;
    private List<ApprovalRequest> mine;

    public boolean isMayDecide() {
        return access.callerHoldsAnywhere(Permissions.APPROVALS_DECIDE);
    }

    public List<ApprovalRequest> getWaiting() {
        if (waiting == null) {
            waiting = isMayDecide() ? approvals.waitingForDecision() : List.of();
        }
        return waiting;
    }

    public List<ApprovalRequest> getMine() {
        if (mine == null) {
            mine = approvals.mine();
        }
        return mine;
    }

    public Status statusOf(ApprovalRequest request) {
        return request.statusAt(Instant.now());
    }

    public String severityOf(ApprovalRequest request) {
        return switch (statusOf(request)) {
            case APPROVED -> "success";
            case PENDING -> "info";
            case REJECTED, FAILED -> "danger";
            case EXPIRED, WITHDRAWN -> "secondary";
        };
    }

    public void approve(ApprovalRequest request) {
        try {
            ApprovalRequest decided = approvals.approve(request.id(), note);
            if (decided.status() == Status.APPROVED) {
                PageMessages.show(null, FacesMessage.SEVERITY_INFO,
                        PageMessages.text("approvals.approved", decided.outcome()));
            } else {
                PageMessages.show(null, FacesMessage.SEVERITY_ERROR,
                        PageMessages.text("approvals.failed", decided.outcome()));
            }
            note = null;
        } catch (ApprovalException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
        refresh();
    }

    public void reject(ApprovalRequest request) {
        try {
            approvals.reject(request.id(), note);
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("approvals.rejected"));
            note = null;
        } catch (ApprovalException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
        refresh();
    }

    public void withdraw(ApprovalRequest request) {
        try {
            approvals.withdraw(request.id(), null);
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("approvals.withdrawn"));
        } catch (ApprovalException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
        refresh();
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }

    private void refresh() {
        waiting = null;
        mine = null;
    }
}
