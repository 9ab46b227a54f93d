package dev.tenantry.portal.approval.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.approval.ShownParameter;
import dev.tenantry.portal.web.PageMessages;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Backs {@code settings/approvals.xhtml}; every decision is checked again by the approval service. */
@Named
@ViewScoped
public class ApprovalsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ApprovalService approvals;

    @Inject
    AccessControl access;

    /** The most lines of one parameter the lists show, and the most characters; a request's details show all. */
    static final int LINES_SHOWN = 5;
    static final int CHARS_SHOWN = 600;

    private String note;
    private List<Row> waiting;
    private List<Row> mine;
    private Row shown;
    private List<ShownParameter> shownParameters = List.of();

    /**
     * A request as the lists show it, without the whole of what it asks (a list of thousands of users is counted and
     * its first lines shown), so the page and its state stay small.
     */
    public record Row(String id, String summary, String action, String reason, String requestedBy, String tenantId,
            Instant requestedAt, Instant expiresAt, Status status, String decidedBy, String decisionNote,
            String outcome, List<Asked> asks) implements Serializable {

        private static final long serialVersionUID = 1L;

        /** Whether the list leaves out some of what it asks. */
        public boolean shortened() {
            return asks.stream().anyMatch(Asked::shortened);
        }
    }

    /**
     * One thing a request asks as the lists show it: its first lines, how many lines (items) it has, and whether
     * some are left out.
     */
    public record Asked(String label, String text, int lines, boolean items, boolean shortened)
            implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /** {@code request} as the lists show it, its status as of now. */
    static Row row(ApprovalRequest request, List<ShownParameter> asks, Instant now) {
        return new Row(request.id(), request.summary(), request.action(), request.reason(), request.requestedBy(),
                request.tenantId(), request.requestedAt(), request.expiresAt(), request.statusAt(now),
                request.decidedBy(), request.decisionNote(), request.outcome(), asks.stream().map(asked -> new Asked(
                        asked.label(), asked.firstLines(LINES_SHOWN, CHARS_SHOWN), asked.lines(), asked.items(),
                        asked.longerThan(LINES_SHOWN, CHARS_SHOWN))).toList());
    }

    private List<Row> rows(List<ApprovalRequest> requests) {
        Instant now = Instant.now();
        return requests.stream().map(request -> row(request, approvals.describe(request), now)).toList();
    }

    public boolean isMayDecide() {
        return access.callerHoldsAnywhere(Permissions.APPROVALS_DECIDE);
    }

    public List<Row> getWaiting() {
        if (waiting == null) {
            waiting = isMayDecide() ? rows(approvals.waitingForDecision()) : List.of();
        }
        return waiting;
    }

    public List<Row> getMine() {
        if (mine == null) {
            mine = rows(approvals.mine());
        }
        return mine;
    }

    /** Shows everything a request asks, whole, if the caller may still see it. */
    public void show(Row request) {
        Optional<ApprovalRequest> found = approvals.find(request.id());
        shown = found.map(visible -> row(visible, List.of(), Instant.now())).orElse(null);
        shownParameters = found.map(approvals::describe).orElse(List.of());
    }

    /** The request whose details are shown, or null. */
    public Row getShown() {
        return shown;
    }

    /** Everything the shown request asks, whole. */
    public List<ShownParameter> getShownParameters() {
        return shownParameters;
    }

    public Status statusOf(Row request) {
        return request.status();
    }

    public String severityOf(Row request) {
        return switch (statusOf(request)) {
            case APPROVED -> "success";
            case PENDING -> "info";
            case REJECTED, FAILED -> "danger";
            case EXPIRED, WITHDRAWN -> "secondary";
        };
    }

    public void approve(Row request) {
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

    public void reject(Row request) {
        try {
            approvals.reject(request.id(), note);
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("approvals.rejected"));
            note = null;
        } catch (ApprovalException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
        refresh();
    }

    public void withdraw(Row request) {
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
        shown = null;
        shownParameters = List.of();
    }
}
