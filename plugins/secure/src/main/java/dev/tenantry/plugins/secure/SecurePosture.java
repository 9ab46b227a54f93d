package dev.tenantry.plugins.secure;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.secure.history.PostureException;
import dev.tenantry.plugins.secure.history.PostureExceptions;
import dev.tenantry.plugins.secure.history.PostureReport;
import dev.tenantry.plugins.secure.history.PostureStore;
import dev.tenantry.plugins.secure.history.ScanRecord;
import dev.tenantry.plugins.secure.history.Trends;
import dev.tenantry.plugins.secure.posture.PostureCheck;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.pf4j.Extension;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/**
 * The model of the tenant posture page ({@code #{securePosture}}): the last scan of the tenant chosen in the top bar
 * — failures first, the most severe first, grouped by area, filtered by status and severity — with what changed since
 * the scan before, the tenant's exceptions, its trend, and its report as CSV. "Scan now" scans the tenant at once; a
 * check skipped for a missing permission offers the consent for exactly its scope set.
 */
@Extension
@Model("securePosture")
public class SecurePosture implements PageModel, Serializable {

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

    private String loadedTenant;
    private PostureReport report;
    private String trend = "";
    private String statusFilter = "";
    private String severityFilter = "";
    private String acceptCheck = "";
    private String acceptOwner = "";
    private String acceptReason = "";
    private LocalDate acceptUntil;
    private String notice = "";

    /** The tenant chosen in the top bar, when the member of staff may see its posture; empty otherwise. */
    public String getTenant() {
        return user.selectedTenantId().filter(tenant -> user.holds(SecureIds.VIEW, tenant)).orElse("");
    }

    /** The chosen tenant's name. */
    public String getTenantName() {
        return tenants.find(getTenant()).map(PluginTenants.Tenant::displayName).orElse("");
    }

    /** The last scan's report, with exceptions applied today; null before the first scan. */
    public PostureReport getReport() {
        load();
        return report;
    }

    /** The report's checks with the filters applied, grouped by area (failures first within each). */
    public List<PostureReport.Row> getRows() {
        PostureReport shown = getReport();
        if (shown == null) {
            return List.of();
        }
        List<String> areas = PostureChecks.all().stream().map(PostureCheck::area).distinct().toList();
        return shown.rows().stream().filter(row -> statusFilter.isEmpty() || row.status().equals(statusFilter))
                .filter(row -> severityFilter.isEmpty() || row.severity().equals(severityFilter))
                .sorted(Comparator.comparingInt(row -> areas.indexOf(row.area())))
                .collect(Collectors.toCollection(ArrayList::new)); // the table sorts it by area in place
    }

    /** Checks passed of those evaluated, as "n of m"; empty before a scan or when none could be evaluated. */
    public String getPassRate() {
        PostureReport shown = getReport();
        return shown == null || shown.scan().evaluated() == 0 ? ""
                : shown.scan().passed() + " of " + shown.scan().evaluated();
    }

    /** The Secure Score as "current / maximum"; empty when it was not read. */
    public String getSecureScore() {
        PostureReport shown = getReport();
        return shown == null || shown.scan().secureScore() == null ? ""
                : Math.round(shown.scan().secureScore()) + " / " + Math.round(shown.scan().secureScoreMax());
    }

    /** The tenant's pass rate and Secure Score over the last 30 days (Chart.js JSON for {@code p:chart}). */
    public String getTrend() {
        load();
        return trend;
    }

    public boolean isMayManageExceptions() {
        String tenant = getTenant();
        return !tenant.isEmpty() && user.holds(SecureIds.MANAGE_EXCEPTIONS, tenant);
    }

    /** Whether the member of staff may deploy Tenantry's MFA policies in the chosen tenant. */
    public boolean isMayDeploy() {
        String tenant = getTenant();
        return !tenant.isEmpty() && user.holds(SecureIds.DEPLOY_POLICY, tenant);
    }

    /** Reads the chosen tenant now, evaluates every check and keeps the scan. */
    public void scan() {
        String tenant = requireTenant();
        new PostureScanner(graph, store(), audit, Clock.systemUTC()).scan(tenant, user.userPrincipalName());
        loadedTenant = null;
        notice = "";
    }

    /** Opens the form to accept the failing check {@code checkId}. */
    public void startAccepting(String checkId) {
        acceptCheck = checkId;
        acceptOwner = "";
        acceptReason = "";
        acceptUntil = today().plusDays(90);
    }

    /**
     * Accepts the failing check chosen with {@link #startAccepting} until the day given: its owner and reason are
     * required, the day must be after today and at most a year away. Audited.
     */
    public void accept() {
        String tenant = requireTenant();
        if (!mayManage(tenant)) {
            return;
        }
        try {
            PostureException exception = exceptions().grant(tenant, acceptCheck, acceptOwner, acceptReason,
                    acceptUntil, user.userPrincipalName());
            notice = "Accepted until " + exception.expires() + ": " + exception.checkId();
            acceptCheck = "";
            loadedTenant = null;
        } catch (IllegalArgumentException e) {
            Messages.error(e.getMessage());
        }
    }

    /** Withdraws the exception of {@code checkId}: the check counts again as it was scanned. Audited. */
    public void withdraw(String checkId) {
        String tenant = requireTenant();
        if (mayManage(tenant) && exceptions().withdraw(tenant, checkId)) {
            notice = "Exception withdrawn: " + checkId;
        }
        loadedTenant = null;
    }

    /** The report as CSV, one check per line, for the technician to hand on. */
    public StreamedContent getCsv() {
        String tenant = requireTenant();
        PostureReport shown = getReport();
        if (shown == null) {
            throw new IllegalStateException("Scan the tenant before exporting its posture");
        }
        byte[] csv = PostureCsv.of(shown).getBytes(StandardCharsets.UTF_8);
        return DefaultStreamedContent.builder().contentType("text/csv; charset=UTF-8")
                .name("posture-" + tenant + "-" + LocalDate.ofInstant(shown.scan().scannedAt(), ZoneOffset.UTC)
                        + ".csv")
                .stream(() -> new ByteArrayInputStream(csv)).build();
    }

    private void load() {
        String tenant = getTenant();
        if (tenant.equals(loadedTenant)) {
            return;
        }
        loadedTenant = tenant;
        report = null;
        trend = "";
        if (tenant.isEmpty()) {
            return;
        }
        PostureStore store = store();
        List<ScanRecord> lastTwo = store.history(tenant, 2);
        if (lastTwo.isEmpty()) {
            return;
        }
        report = PostureReport.of(lastTwo.get(0), lastTwo.stream().skip(1).findFirst(), store.exceptions(tenant),
                today());
        // The days of the window and the one before it, whose scan the window's first days show
        List<Trends.Day> days = store.days(tenant, TREND_DAYS + 1);
        trend = Trends.chart(List.of("Checks passed", "Secure Score"),
                List.of(Trends.daily(days, Trends.Day::passRate, TREND_DAYS, today()),
                        Trends.daily(days, Trends.Day::secureScore, TREND_DAYS, today())));
    }

    private String requireTenant() {
        String tenant = getTenant();
        if (tenant.isEmpty()) {
            throw new IllegalStateException("Choose a tenant whose posture you may see first");
        }
        return tenant;
    }

    private boolean mayManage(String tenant) {
        if (user.holds(SecureIds.MANAGE_EXCEPTIONS, tenant)) {
            return true;
        }
        Messages.error("Managing exceptions needs the permission " + SecureIds.MANAGE_EXCEPTIONS);
        return false;
    }

    private PostureExceptions exceptions() {
        return new PostureExceptions(store(), audit, Clock.systemUTC());
    }

    private PostureStore store() {
        return new PostureStore(records, tenants);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    public String getNotice() {
        return notice;
    }

    public String getStatusFilter() {
        return statusFilter;
    }

    public void setStatusFilter(String statusFilter) {
        this.statusFilter = statusFilter == null ? "" : statusFilter;
    }

    public String getSeverityFilter() {
        return severityFilter;
    }

    public void setSeverityFilter(String severityFilter) {
        this.severityFilter = severityFilter == null ? "" : severityFilter;
    }

    public String getAcceptCheck() {
        return acceptCheck;
    }

    public String getAcceptOwner() {
        return acceptOwner;
    }

    public void setAcceptOwner(String acceptOwner) {
        this.acceptOwner = acceptOwner;
    }

    public String getAcceptReason() {
        return acceptReason;
    }

    public void setAcceptReason(String acceptReason) {
        this.acceptReason = acceptReason;
    }

    public LocalDate getAcceptUntil() {
        return acceptUntil;
    }

    public void setAcceptUntil(LocalDate acceptUntil) {
        this.acceptUntil = acceptUntil;
    }
}
