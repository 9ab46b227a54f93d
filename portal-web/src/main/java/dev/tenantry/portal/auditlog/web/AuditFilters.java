package dev.tenantry.portal.auditlog.web;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditQuery;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The filters of the audit page, shared by the table and the CSV export (query parameters). */
public class AuditFilters implements Serializable {

    private static final long serialVersionUID = 1L;

    private String actor;
    private String action;
    private AuditEvent.Outcome outcome;
    private String tenantId;
    private LocalDate from;
    private LocalDate to;

    AuditQuery query(int first, int pageSize) {
        return new AuditQuery(first, pageSize, actor, action, outcome, tenantId,
                from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
                to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public AuditEvent.Outcome getOutcome() {
        return outcome;
    }

    public void setOutcome(AuditEvent.Outcome outcome) {
        this.outcome = outcome;
    }

    public String getTenantId() {
        return tenantId;
    }

    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public LocalDate getTo() {
        return to;
    }

    public void setTo(LocalDate to) {
        this.to = to;
    }
}
