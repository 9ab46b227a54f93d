package dev.tenantry.portal.auditlog.web;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditPage;
import dev.tenantry.portal.audit.AuditQuery;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.auditlog.AuditSearch;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** {@code /settings/audit.csv}: what the audit page's filters select, as CSV, read with the caller's rights. */
@WebServlet(name = "audit-export", urlPatterns = "/settings/audit.csv")
public class AuditExportServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1000;

    @Inject
    AuditSearch search;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!search.mayRead()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        AuditFilters filters = new AuditFilters();
        try {
            filters.setActor(request.getParameter("actor"));
            filters.setAction(request.getParameter("action"));
            String outcome = request.getParameter("outcome");
            filters.setOutcome(outcome == null || outcome.isBlank() ? null : AuditEvent.Outcome.valueOf(outcome));
            filters.setTenantId(request.getParameter("tenant"));
            filters.setFrom(date(request.getParameter("from")));
            filters.setTo(date(request.getParameter("to")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Unknown outcome or malformed date");
            return;
        }
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"tenantry-audit.csv\"");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.write(AuditCsv.HEADER);
        for (int first = 0; first < AuditQuery.MAX_PAGE * 10; first += BATCH) {
            AuditPage page = search.page(filters.query(first, BATCH));
            for (AuditRecord record : page.records()) {
                out.write(AuditCsv.row(record));
            }
            if (page.records().size() < BATCH) {
                break;
            }
        }
    }

    private static LocalDate date(String text) {
        return text == null || text.isBlank() ? null : LocalDate.parse(text);
    }
}
