package dev.tenantry.plugins.threatalerts;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PluginWork;
import dev.tenantry.plugin.api.WorkWatch;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.threatalerts.alerts.DetectionPoller;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.RiskyUser;
import dev.tenantry.plugins.threatalerts.alerts.SavedFilter;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import dev.tenantry.plugins.threatalerts.routing.Router;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The model of the threat inbox ({@code #{threatInbox}}): the incidents of every tenant the member of staff may see,
 * filtered by tenant, severity, state, detection type and user, open and most severe first, a page at a time; each
 * tenant's last poll (not licensed, consent missing, failed); detections over the last two weeks; "Poll now".
 */
@Extension
@Model("threatInbox")
public class ThreatInbox implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int CHART_DAYS = 14;
    private static final int MAX_PER_TENANT = 500;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginWork work;

    @HostService
    private transient PluginNotifications notifications;

    @HostService
    private transient PluginSecrets secrets;

    @HostService
    private transient PluginClaims claims;

    private String tenantFilter = "";
    private String severityFilter = "";
    private String stateFilter = "open";
    private String userFilter = "";
    private String typeFilter = "";
    private String savedFilter = "";
    private String filterName = "";
    private List<Row> rows;
    private final WorkWatch poll = new WorkWatch();
    private final IncidentTable table = new IncidentTable(this);

    /** An incident in the inbox. */
    public record Row(Incident incident, String tenantName) implements Serializable {
    }

    /** A tenant's last poll. */
    public record TenantPoll(String tenantId, String tenantName, String outcome, String message, String at)
            implements Serializable {

        /** Whether granting the detections scope set would let the tenant be polled. */
        public boolean consentMissing() {
            return ThreatStore.PollStatus.Outcome.CONSENT_REQUIRED.name().equals(outcome);
        }
    }

    public LazyDataModel<Row> getTable() {
        return table;
    }

    /** The incidents shown, open and most severe first, then the most recently detected. */
    public List<Row> getRows() {
        if (rows == null) {
            List<Row> found = new ArrayList<>();
            ThreatStore store = new ThreatStore(records);
            for (PluginTenants.Tenant tenant : visibleTenants()) {
                if (!tenantFilter.isEmpty() && !tenant.id().equals(tenantFilter)) {
                    continue;
                }
                for (Incident incident : store.incidents(tenant.id(), 0, MAX_PER_TENANT)) {
                    if (matches(incident)) {
                        found.add(new Row(incident, tenant.displayName()));
                    }
                }
            }
            found.sort(Comparator.comparing((Row row) -> !row.incident().open())
                    .thenComparing(row -> row.incident().severity(), Comparator.reverseOrder())
                    .thenComparing(row -> row.incident().lastDetectedAt(), Comparator.reverseOrder()));
            rows = found;
        }
        return rows;
    }

    private boolean matches(Incident incident) {
        if (!severityFilter.isEmpty() && !incident.severity().name().equals(severityFilter)) {
            return false;
        }
        if (stateFilter.equals("open") ? !incident.open()
                : !stateFilter.isEmpty() && !incident.state().name().equals(stateFilter)) {
            return false;
        }
        if (!typeFilter.isEmpty() && !incident.riskEventTypes().contains(typeFilter)) {
            return false;
        }
        String who = userFilter.strip().toLowerCase(Locale.ROOT);
        return who.isEmpty() || (incident.userPrincipalName() + " " + incident.userDisplayName())
                .toLowerCase(Locale.ROOT).contains(who);
    }

    /** Each visible tenant's last poll that did not simply work, for the banner. */
    public List<TenantPoll> getPollProblems() {
        ThreatStore store = new ThreatStore(records);
        List<TenantPoll> problems = new ArrayList<>();
        for (PluginTenants.Tenant tenant : visibleTenants()) {
            store.pollStatus(tenant.id()).filter(status -> status.outcome() != ThreatStore.PollStatus.Outcome.OK)
                    .ifPresent(status -> problems.add(new TenantPoll(tenant.id(), tenant.displayName(),
                            status.outcome().name(),
                            status.message(), status.at().toString())));
        }
        return problems;
    }

    /** Detections per day over the last two weeks, by severity (Chart.js JSON for {@code p:chart}). */
    public String getChart() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<Severity, int[]> counts = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            counts.put(severity, new int[CHART_DAYS]);
        }
        ThreatStore store = new ThreatStore(records);
        for (Row row : getRows()) {
            for (String alertId : row.incident().alertIds()) {
                store.alert(row.incident().tenantId(), alertId).ifPresent(alert -> {
                    long daysAgo = today.toEpochDay() - LocalDate.ofInstant(alert.detectedAt(), ZoneOffset.UTC)
                            .toEpochDay();
                    if (daysAgo >= 0 && daysAgo < CHART_DAYS) {
                        counts.get(alert.severity())[(int) (CHART_DAYS - 1 - daysAgo)]++;
                    }
                });
            }
        }
        JsonArrayBuilder labels = Json.createArrayBuilder();
        for (int i = CHART_DAYS - 1; i >= 0; i--) {
            labels.add(today.minusDays(i).toString());
        }
        String[] colours = {"#94a3b8", "#eab308", "#f97316", "#dc2626"};
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        counts.forEach((severity, days) -> {
            JsonArrayBuilder data = Json.createArrayBuilder();
            for (int count : days) {
                data.add(count);
            }
            datasets.add(Json.createObjectBuilder().add("label", severity.name()).add("data", data)
                    .add("backgroundColor", colours[severity.ordinal()]));
        });
        return Json.createObjectBuilder().add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder().add("animation", false).add("scales", Json
                        .createObjectBuilder().add("x", Json.createObjectBuilder().add("stacked", true))
                        .add("y", Json.createObjectBuilder().add("stacked", true).add("beginAtZero", true))))
                .build().toString();
    }

    /** Polls every visible tenant now, a few at once, in the background. */
    public void pollNow() {
        List<String> ids = visibleTenants().stream().map(PluginTenants.Tenant::id).toList();
        if (ids.isEmpty()) {
            return;
        }
        GraphAccess access = graph;
        PluginClaims polls = claims;
        PluginRecords store = records;
        Router router = new Router(records, tenants, notifications, secrets, Clock.systemUTC());
        String title = "Poll risk detections of " + ids.size() + " tenant(s)";
        poll.started(work.startEach(title, ids, (tenantId, progress) -> {
            try {
                return new DetectionPoller(access, polls, new ThreatStore(store), Clock.systemUTC(), router)
                        .poll(tenantId).message();
            } finally {
                router.sendWaiting();
            }
        }));
        rows = null;
    }

    public Optional<PluginWork.WorkStatus> getPoll() {
        return poll.status(work);
    }

    /** Whether the page polls: while the work runs, and once more after it ended. */
    public boolean isPolling() {
        return poll.polling(work);
    }

    /** The page's poll: everything shown is read again. */
    public void refresh() {
        rows = null;
        poll.refreshed(work);
    }

    /** Whether they may manage routing rules anywhere (the inbox links to them). */
    public boolean isMayRoute() {
        return user.holds(ThreatIds.MANAGE_ROUTING, null)
                || tenants.all().stream().anyMatch(tenant -> user.holds(ThreatIds.MANAGE_ROUTING, tenant.id()));
    }

    public List<PluginTenants.Tenant> getTenants() {
        return visibleTenants();
    }

    private List<PluginTenants.Tenant> visibleTenants() {
        return tenants.all().stream().filter(tenant -> user.holds(ThreatIds.VIEW, tenant.id())).toList();
    }

    public String getTenantFilter() {
        return tenantFilter;
    }

    public void setTenantFilter(String value) {
        tenantFilter = value == null ? "" : value;
        rows = null;
    }

    public String getSeverityFilter() {
        return severityFilter;
    }

    public void setSeverityFilter(String value) {
        severityFilter = value == null ? "" : value;
        rows = null;
    }

    public String getStateFilter() {
        return stateFilter;
    }

    public void setStateFilter(String value) {
        stateFilter = value == null ? "" : value;
        rows = null;
    }

    public String getTypeFilter() {
        return typeFilter;
    }

    public void setTypeFilter(String value) {
        typeFilter = value == null ? "" : value;
        rows = null;
    }

    /** A user Microsoft counts at risk, with their open incident's id if any. */
    public record AtRisk(RiskyUser user, String tenantName, String incidentId) implements Serializable {
    }

    /**
     * The users Entra ID Protection counts at risk now (at risk or confirmed compromised) in the visible tenants, as
     * the last poll read them: highest risk first, then the most recently changed.
     */
    public List<AtRisk> getUsersAtRisk() {
        return Pages.once("threatInbox.usersAtRisk:" + tenantFilter, this::readUsersAtRisk);
    }

    private List<AtRisk> readUsersAtRisk() {
        ThreatStore store = new ThreatStore(records);
        List<AtRisk> found = new ArrayList<>();
        for (PluginTenants.Tenant tenant : visibleTenants()) {
            if (!tenantFilter.isEmpty() && !tenant.id().equals(tenantFilter)) {
                continue;
            }
            for (RiskyUser risky : store.riskyUsers(tenant.id(), 0, MAX_PER_TENANT)) {
                if (risky.atRisk()) {
                    found.add(new AtRisk(risky, tenant.displayName(), store.openIncidentOf(tenant.id(), risky.id())
                            .map(Incident::id).orElse("")));
                }
            }
        }
        found.sort(Comparator.comparing((AtRisk row) -> row.user().levelRank()).reversed()
                .thenComparing(row -> row.user().riskLastUpdatedAt(), Comparator.reverseOrder()));
        return found;
    }

    /** The filters this member of staff saved. */
    public List<SavedFilter> getSavedFilters() {
        return new ThreatStore(records).filters(user.userPrincipalName());
    }

    /** Applies the saved filter chosen in {@link #getSavedFilter()}. */
    public void applySavedFilter() {
        getSavedFilters().stream().filter(filter -> filter.name().equals(savedFilter)).findFirst().ifPresent(filter -> {
            tenantFilter = filter.tenant() == null ? "" : filter.tenant();
            severityFilter = filter.severity() == null ? "" : filter.severity();
            stateFilter = filter.state() == null ? "" : filter.state();
            typeFilter = filter.type() == null ? "" : filter.type();
            userFilter = filter.user() == null ? "" : filter.user();
            filterName = filter.name();
            rows = null;
        });
    }

    /** Saves the filters now chosen under {@link #getFilterName()} (replacing one of that name). */
    public void saveFilter() {
        try {
            new ThreatStore(records).putFilter(user.userPrincipalName(), new SavedFilter(filterName, tenantFilter,
                    severityFilter, stateFilter, typeFilter, userFilter.strip()));
            savedFilter = filterName.strip();
            Pages.info("Filter saved: " + savedFilter);
        } catch (IllegalArgumentException e) {
            Pages.error(e.getMessage());
        }
    }

    public void deleteSavedFilter() {
        if (new ThreatStore(records).deleteFilter(user.userPrincipalName(), savedFilter)) {
            Pages.info("Filter deleted: " + savedFilter);
        }
        savedFilter = "";
        filterName = "";
    }

    public String getSavedFilter() {
        return savedFilter;
    }

    public void setSavedFilter(String value) {
        savedFilter = value == null ? "" : value;
    }

    public String getFilterName() {
        return filterName;
    }

    public void setFilterName(String value) {
        filterName = value == null ? "" : value;
    }

    /** The detection types seen in the visible tenants' incidents, for the type filter. */
    public List<String> getTypes() {
        ThreatStore store = new ThreatStore(records);
        return visibleTenants().stream().flatMap(tenant -> store.incidents(tenant.id(), 0, MAX_PER_TENANT).stream())
                .flatMap(incident -> incident.riskEventTypes().stream()).distinct().sorted().toList();
    }

    public String getUserFilter() {
        return userFilter;
    }

    public void setUserFilter(String value) {
        userFilter = value == null ? "" : value;
        rows = null;
    }

    /** The inbox a page at a time. */
    static final class IncidentTable extends LazyDataModel<Row> {

        private static final long serialVersionUID = 1L;
        private final ThreatInbox inbox;

        IncidentTable(ThreatInbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return inbox.getRows().size();
        }

        @Override
        public List<Row> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            List<Row> all = inbox.getRows();
            setRowCount(all.size());
            return all.subList(Math.min(first, all.size()), Math.min(first + pageSize, all.size()));
        }

        @Override
        public String getRowKey(Row row) {
            return row.incident().tenantId() + "/" + row.incident().id();
        }
    }
}
