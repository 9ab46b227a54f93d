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
import dev.tenantry.plugins.secure.history.LatestPosture;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.history.Trends;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.pf4j.Extension;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The model of the fleet page ({@code #{secureFleet}}): the tenants whose posture the member of staff may see, as a
 * tenants × checks matrix from each tenant's latest posture, worst tenants first, filtered, sorted, counted and paged
 * by the database ({@link Fleet}); the fleet at a glance; the fleet's trend; and "Scan all tenants", run by the host a
 * few tenants at once with its progress on the page and on Activity. Nothing here lists every tenant or reads a
 * tenant's scans: a view is the same few queries for 5 tenants or 5,000.
 */
@Extension
@Model("secureFleet")
public class SecureFleet implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int TREND_DAYS = 30;
    /** The table's sortable columns and the fields of the latest posture they sort by. */
    private static final Map<String, String> SORTS = Map.of("name", "name", "passRate", "pass-rate", "failing",
            "failing", "critical", "critical", "score", "secure-score", "scannedAt", "scanned-at");

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

    private Fleet.Summary summary;
    private String trend;
    private final WorkWatch scan = new WorkWatch();
    private final TenantTable table = new TenantTable(this);

    /** The checks, as the matrix's columns. */
    public List<PostureCheck> getChecks() {
        return PostureChecks.all();
    }

    /** The statuses a tenant may have, for the status filter. */
    public List<String> getStatuses() {
        return LatestPosture.STATUSES;
    }

    /** The bands, for the pass rate filter. */
    public List<String> getBands() {
        return LatestPosture.BANDS;
    }

    /** The matrix, a page at a time, filtered, sorted and counted by the database. */
    public LazyDataModel<Fleet.TenantRow> getTable() {
        return table;
    }

    /** Tenants per band and the average pass rate and Secure Score of the tenants shown. */
    public Fleet.Summary getSummary() {
        if (summary == null) {
            summary = fleet().summary();
        }
        return summary;
    }

    /** An average as a whole percentage, or "–" when there is none. */
    public String percent(OptionalDouble average) {
        return average.isPresent() ? Math.round(average.getAsDouble()) + " %" : "–";
    }

    /** The fleet's average pass rate and Secure Score per day over the last 30 days (Chart.js JSON). */
    public String getTrend() {
        if (trend == null) {
            Map<String, List<Trends.Point>> daily = fleet().trend(TREND_DAYS, LocalDate.now(ZoneOffset.UTC));
            trend = Trends.chart(List.of("Checks passed (fleet average)", "Secure Score (fleet average)"),
                    List.of(daily.get("pass-rate"), daily.get("secure-score")));
        }
        return trend;
    }

    /** Scans every tenant shown, in the background, a few at once. */
    public void scanAll() {
        List<String> ids = fleet().tenantIds();
        if (ids.isEmpty()) {
            Messages.error("There is no tenant whose posture you may scan");
            return;
        }
        GraphAccess access = graph;
        PluginRecords store = records;
        PluginTenants naming = tenants;
        PluginAudit auditLog = audit;
        String by = user.userPrincipalName();
        scan.started(work.startEach("Scan the security posture of " + ids.size() + " tenant(s)", ids,
                (tenantId, progress) -> new PostureScanner(access, new PostureStore(store, naming), auditLog,
                        Clock.systemUTC()).scan(tenantId, by).passRate()
                        .map(rate -> "checks passed " + rate + " %").orElse("no check could be evaluated")));
        summary = null;
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

    /** Reads the fleet again (after a scan of all tenants). */
    public void refresh() {
        summary = null;
        trend = null;
        scan.refreshed(work);
    }

    private Fleet fleet() {
        return new Fleet(records, tenants, SecureIds.VIEW);
    }

    /**
     * The matrix as PrimeFaces asks for it: the column filters and sort become one query of the latest postures, one
     * page of it is read and named, and the count is exact.
     */
    static final class TenantTable extends LazyDataModel<Fleet.TenantRow> {

        private static final long serialVersionUID = 1L;
        private final SecureFleet page;

        TenantTable(SecureFleet page) {
            this.page = page;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, page.fleet().count(filter(filterBy), Instant.now()));
        }

        @Override
        public List<Fleet.TenantRow> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                Map<String, FilterMeta> filterBy) {
            return page.fleet().page(filter(filterBy), order(sortBy), first, Math.max(1, Math.min(pageSize,
                    PluginRecords.PAGE)), Instant.now());
        }

        @Override
        public String getRowKey(Fleet.TenantRow row) {
            return row.tenantId();
        }

        /** The column filters: tenant (name or domain), pass rate (band), failing (a check), status, last scan. */
        static Fleet.Filter filter(Map<String, FilterMeta> filterBy) {
            return new Fleet.Filter(value(filterBy, "name"), value(filterBy, "status"), value(filterBy, "passRate"),
                    value(filterBy, "failing"), days(value(filterBy, "scannedAt")));
        }

        /** The sort asked for, in its priority; worst first when none. */
        static List<Fleet.Order> order(Map<String, SortMeta> sortBy) {
            return sortBy.values().stream().filter(sort -> sort.getOrder() != SortOrder.UNSORTED)
                    .filter(sort -> SORTS.containsKey(sort.getField()))
                    .sorted(Comparator.comparingInt(SortMeta::getPriority)).limit(4)
                    .map(sort -> new Fleet.Order(SORTS.get(sort.getField()), sort.getOrder() == SortOrder.DESCENDING))
                    .toList();
        }

        private static String value(Map<String, FilterMeta> filterBy, String field) {
            return filterBy == null ? "" : filterBy.values().stream().filter(meta -> field.equals(meta.getField()))
                    .map(FilterMeta::getFilterValue).filter(Objects::nonNull).map(value -> value.toString().strip())
                    .findFirst().orElse("");
        }

        private static int days(String value) {
            try {
                return value.isEmpty() ? 0 : Math.max(0, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
