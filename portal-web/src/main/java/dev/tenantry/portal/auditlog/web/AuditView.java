package dev.tenantry.portal.auditlog.web;

import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditPage;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.auditlog.AuditSearch;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/** Backs {@code settings/audit.xhtml}: the lazy, filtered audit table and the matching CSV link. */
@Named
@ViewScoped
public class AuditView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AuditSearch search;

    private final AuditFilters filters = new AuditFilters();
    private LazyDataModel<AuditRecord> records;

    @PostConstruct
    void init() {
        records = new AuditTable();
    }

    public boolean isMayRead() {
        return search.mayRead();
    }

    public AuditFilters getFilters() {
        return filters;
    }

    public LazyDataModel<AuditRecord> getRecords() {
        return records;
    }

    public AuditEvent.Outcome[] getOutcomes() {
        return AuditEvent.Outcome.values();
    }

    /** The CSV export of what the filters select, as query parameters of {@link AuditExportServlet}. */
    public String getCsvQuery() {
        StringBuilder query = new StringBuilder();
        append(query, "actor", filters.getActor());
        append(query, "action", filters.getAction());
        append(query, "outcome", filters.getOutcome() == null ? null : filters.getOutcome().name());
        append(query, "tenant", filters.getTenantId());
        append(query, "from", filters.getFrom() == null ? null : filters.getFrom().toString());
        append(query, "to", filters.getTo() == null ? null : filters.getTo().toString());
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private final class AuditTable extends LazyDataModel<AuditRecord> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) search.page(filters.query(0, 1)).total();
        }

        @Override
        public List<AuditRecord> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                Map<String, FilterMeta> filterBy) {
            AuditPage page = search.page(filters.query(first, pageSize));
            setRowCount((int) page.total());
            return page.records();
        }

        @Override
        public String getRowKey(AuditRecord record) {
            return String.valueOf(record.id());
        }

        @Override
        public AuditRecord getRowData(String rowKey) {
            return getWrappedData() == null ? null : getWrappedData().stream()
                    .filter(record -> String.valueOf(record.id()).equals(rowKey)).findFirst().orElse(null);
        }
    }
}
