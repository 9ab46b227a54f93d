package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PluginWork;
import dev.tenantry.plugin.api.WorkWatch;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.secure.history.Fleet;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.history.ScanRecord;
import dev.tenantry.plugins.secure.history.Trends;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The model of the fleet page ({@code #{secureFleet}}): every tenant whose posture the member of staff may see, as a
 * tenants × checks matrix from each tenant's last scan, worst tenants first, a page at a time; the fleet's trend; and
 * "Scan all tenants", run by the host a few tenants at once with its progress on the page and on Activity.
 */
@Extension
@Model("secureFleet")
public class SecureFleet implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int TREND_DAYS = 30;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginWork work;

    private List<Fleet.TenantRow> rows;
    private String trend;
    private final WorkWatch scan = new WorkWatch();
    private final TenantTable table = new TenantTable(this);

    /** The checks, as the matrix's columns. */
    public List<PostureCheck> getChecks() {
        return PostureChecks.all();
    }

    /** The matrix, a page at a time. */
    public LazyDataModel<Fleet.TenantRow> getTable() {
        return table;
    }

    /** Every tenant shown, worst first. */
    public List<Fleet.TenantRow> getRows() {
        if (rows == null) {
            rows = Fleet.rows(visibleTenants(), new PostureStore(records), LocalDate.now(ZoneOffset.UTC));
        }
        return rows;
    }

    /** The fleet's average pass rate and Secure Score per day over the last 30 days (Chart.js JSON). */
    public String getTrend() {
        if (trend == null) {
            PostureStore store = new PostureStore(records);
            List<List<ScanRecord>> histories = visibleTenants().stream()
                    .map(tenant -> store.history(tenant.id(), PostureStore.KEPT_SCANS)).toList();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            trend = Trends.chart(List.of("Checks passed (fleet average)", "Secure Score (fleet average)"),
                    List.of(Trends.fleet(histories, ScanRecord::passRate, TREND_DAYS, today),
                            Trends.fleet(histories, ScanRecord::secureScorePercent, TREND_DAYS, today)));
        }
        return trend;
    }

    /** Scans every tenant shown, in the background, a few at once. */
    public void scanAll() {
        List<String> ids = visibleTenants().stream().map(PluginTenants.Tenant::id).toList();
        if (ids.isEmpty()) {
            Messages.error("There is no tenant whose posture you may scan");
            return;
        }
        GraphAccess access = graph;
        PluginRecords store = records;
        PluginAudit auditLog = audit;
        String by = user.userPrincipalName();
        scan.started(work.startEach("Scan the security posture of " + ids.size() + " tenant(s)", ids,
                (tenantId, progress) -> new PostureScanner(access, new PostureStore(store), auditLog,
                        Clock.systemUTC()).scan(tenantId, by).passRate()
                        .map(rate -> "checks passed " + rate + " %").orElse("no check could be evaluated")));
        rows = null;
        trend = null;
    }

    /** The scan of all tenants started from this page, while the page is open. */
    public Optional<PluginWork.WorkStatus> getScan() {
        return scan.status(work);
    }

    /** Whether the page polls: while the scan runs, and once more after it ended. */
    public boolean isScanning() {
        return scan.polling(work);
    }

    /** Reads the matrix again (after a scan of all tenants). */
    public void refresh() {
        rows = null;
        trend = null;
        scan.refreshed(work);
    }

    private List<PluginTenants.Tenant> visibleTenants() {
        return tenants.all().stream().filter(tenant -> user.holds(SecureIds.VIEW, tenant.id())).toList();
    }

    /** The matrix's rows sorted as asked (worst first unless told otherwise), one page at a time. */
    static final class TenantTable extends LazyDataModel<Fleet.TenantRow> {

        private static final long serialVersionUID = 1L;
        private final SecureFleet fleet;

        TenantTable(SecureFleet fleet) {
            this.fleet = fleet;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return fleet.getRows().size();
        }

        @Override
        public List<Fleet.TenantRow> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                Map<String, FilterMeta> filterBy) {
            List<Fleet.TenantRow> sorted = new ArrayList<>(fleet.getRows());
            sortBy.values().stream().filter(sort -> sort.getOrder() != SortOrder.UNSORTED).findFirst()
                    .ifPresent(sort -> sorted.sort(order(sort)));
            setRowCount(sorted.size());
            return sorted.subList(Math.min(first, sorted.size()), Math.min(first + pageSize, sorted.size()));
        }

        @Override
        public String getRowKey(Fleet.TenantRow row) {
            return row.tenantId();
        }

        static Comparator<Fleet.TenantRow> order(SortMeta sort) {
            Comparator<Fleet.TenantRow> order = switch (sort.getField()) {
                case "name" -> Comparator.comparing(Fleet.TenantRow::name, String.CASE_INSENSITIVE_ORDER);
                case "failing" -> Comparator.comparingLong(Fleet.TenantRow::failing);
                case "score" -> Comparator.comparing(Fleet.TenantRow::score,
                        Comparator.nullsFirst(Comparator.naturalOrder()));
                case "scannedAt" -> Comparator.comparing(Fleet.TenantRow::scannedAt,
                        Comparator.nullsFirst(Comparator.naturalOrder()));
                default -> Comparator.comparing(Fleet.TenantRow::passRate,
                        Comparator.nullsFirst(Comparator.naturalOrder()));
            };
            return sort.getOrder() == SortOrder.DESCENDING ? order.reversed() : order;
        }
    }
}
