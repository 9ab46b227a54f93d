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
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugin.api.WorkWatch;
import dev.tenantry.plugins.threatalerts.alerts.DetectionPoller;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.RiskyUser;
import dev.tenantry.plugins.threatalerts.alerts.SavedFilter;
import dev.tenantry.plugins.threatalerts.alerts.Severity;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore.IncidentFilter;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore.Within;
import dev.tenantry.plugins.threatalerts.routing.Router;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.pf4j.Extension;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The model of the threat inbox ({@code #{threatInbox}}): the incidents of every tenant the member of staff may see,
 * filtered by tenant, severity, state, detection type and user, open and most severe first, a page at a time; the
 * tenants whose last poll did not work (not licensed, consent missing, failed); the users at risk; detections over the
 * last two weeks; "Poll now".
 *
 * <p>Everything here is asked of the host's database within the tenants the person may see ({@code visibleWith}), a
 * page at a time and counted exactly: a view takes the same few statements for 5 tenants as for 5,000, and never reads
 * the list of every tenant. Tenants are named a page at a time ({@link PluginTenants#named}) and picked by searching
 * ({@link TenantChoices}, a page of {@link PluginTenants#search} at a time).
 */
@Extension
@Model("threatInbox")
public class ThreatInbox implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    static final int CHART_DAYS = 14;
    /** The poll problems the banner names; it counts the others. */
    static final int POLL_PROBLEMS_SHOWN = 10;

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
    private String stateFilter = IncidentFilter.OPEN;
    private String userFilter = "";
    private String typeFilter = "";
    private String savedFilter = "";
    private String filterName = "";
    private final TenantChoices tenantChoices = new TenantChoices(ThreatIds.VIEW);
    private final WorkWatch poll = new WorkWatch();
    private final IncidentTable table = new IncidentTable(this);
    private final AtRiskTable atRisk = new AtRiskTable(this);

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

    /** A user Microsoft counts at risk, with their open incident's id if any. */
    public record AtRisk(RiskyUser user, String tenantName, String incidentId) implements Serializable {
    }

    public LazyDataModel<Row> getTable() {
        return table;
    }

    /**
     * The tenants the inbox reads: every one the person may see, or the one the tenant filter names if they may see
     * it; empty when they may not.
     */
    private Optional<Within> within() {
        if (tenantFilter.isEmpty()) {
            return Optional.of(Within.visibleWith(ThreatIds.VIEW));
        }
        return user.holds(ThreatIds.VIEW, tenantFilter) ? Optional.of(Within.tenant(tenantFilter)) : Optional.empty();
    }

    private IncidentFilter incidentFilter() {
        return new IncidentFilter(severityFilter, stateFilter, typeFilter, userFilter);
    }

    private ThreatStore store() {
        return new ThreatStore(records);
    }

    /** What every read of this request depends on: the filters. */
    private String filterKey() {
        return String.join("\u0000", tenantFilter, severityFilter, stateFilter, typeFilter, userFilter);
    }

    /** How many incidents the filters find, exactly. */
    long countIncidents() {
        return Pages.once("threatInbox.count:" + filterKey(), () -> within()
                .map(within -> store().countIncidents(within, incidentFilter())).orElse(0L));
    }

    /** One page of the incidents the filters find, in the inbox's order, with their tenants' names. */
    List<Row> incidents(int first, int max) {
        return Pages.once("threatInbox.page:" + first + ":" + max + ":" + filterKey(), () -> named(within()
                .map(within -> store().incidents(within, incidentFilter(), first, max)).orElse(List.of()),
                Incident::tenantId, Row::new));
    }

    /** The items of a page with their tenants' names, read at once (a tenant no longer there by its id). */
    private <T, R> List<R> named(List<T> page, Function<T, String> tenantOf, BiFunction<T, String, R> row) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, PluginTenants.Tenant> names = tenants.named(page.stream().map(tenantOf).distinct().toList());
        return page.stream().map(item -> row.apply(item, Optional.ofNullable(names.get(tenantOf.apply(item)))
                .map(PluginTenants.Tenant::displayName).orElse(tenantOf.apply(item)))).toList();
    }

    /** The last polls that did not simply work in the tenants the person may see, the latest first, for the banner. */
    public List<TenantPoll> getPollProblems() {
        return Pages.once("threatInbox.pollProblems", () -> named(store().pollProblems(
                Within.visibleWith(ThreatIds.VIEW), 0, POLL_PROBLEMS_SHOWN), ThreatStore.TenantPoll::tenantId,
                (problem, name) -> new TenantPoll(problem.tenantId(), name, problem.status().outcome().name(),
                        problem.status().message(), problem.status().at().toString())));
    }

    /** How many tenants' last polls did not work beyond those the banner names. */
    public long getMorePollProblems() {
        return Pages.once("threatInbox.pollProblemCount", () -> {
            List<TenantPoll> shown = getPollProblems();
            return shown.size() < POLL_PROBLEMS_SHOWN ? 0L
                    : store().countPollProblems(Within.visibleWith(ThreatIds.VIEW)) - shown.size();
        });
    }

    /**
     * Detections per day over the last two weeks, by severity (Chart.js JSON for {@code p:chart}), in the tenants
     * the inbox reads and of the type and user it is filtered by: one statement.
     */
    public String getChart() {
        return Pages.once("threatInbox.chart:" + filterKey(), this::chart);
    }

    private String chart() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(CHART_DAYS - 1);
        Map<LocalDate, Map<Severity, Long>> days = within().map(within -> store().detectionsPerDay(within, from,
                typeFilter, userFilter)).orElse(Map.of());
        JsonArrayBuilder labels = Json.createArrayBuilder();
        for (int i = 0; i < CHART_DAYS; i++) {
            labels.add(from.plusDays(i).toString());
        }
        String[] colours = {"#94a3b8", "#eab308", "#f97316", "#dc2626"};
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        for (Severity severity : Severity.values()) {
            JsonArrayBuilder data = Json.createArrayBuilder();
            for (int i = 0; i < CHART_DAYS; i++) {
                data.add(days.getOrDefault(from.plusDays(i), Map.of()).getOrDefault(severity, 0L));
            }
            datasets.add(Json.createObjectBuilder().add("label", severity.name()).add("data", data)
                    .add("backgroundColor", colours[severity.ordinal()]));
        }
        return Json.createObjectBuilder().add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", Json.createObjectBuilder().add("animation", false).add("scales", Json
                        .createObjectBuilder().add("x", Json.createObjectBuilder().add("stacked", true))
                        .add("y", Json.createObjectBuilder().add("stacked", true).add("beginAtZero", true))))
                .build().toString();
    }

    /**
     * Polls the tenants the inbox reads now (the one it is filtered to, or every one the person may see), a few at
     * once, in the background; each tenant's records written before indexed fields get them first.
     */
    public void pollNow() {
        List<String> ids = tenantFilter.isEmpty() ? TenantChoices.visible(tenants, user, ThreatIds.VIEW)
                : user.holds(ThreatIds.VIEW, tenantFilter) ? List.of(tenantFilter) : List.of();
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
                ThreatPollJob.upgrade(new ThreatStore(store), tenantId);
                return new DetectionPoller(access, polls, new ThreatStore(store), Clock.systemUTC(), router)
                        .poll(tenantId).message();
            } finally {
                router.sendWaiting();
            }
        }));
        forgetReads();
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
        forgetReads();
        poll.refreshed(work);
    }

    /** Forgets what this request read: the poll changed it. */
    private void forgetReads() {
        Pages.forgetStartingWith("threatInbox.");
    }

    /**
     * Whether they may manage routing rules anywhere (the inbox links to them): for all tenants, or in a tenant that
     * has been polled (every tenant the plugin works in is, within minutes of being added) — one record read, not a
     * question per tenant.
     */
    public boolean isMayRoute() {
        return Pages.once("threatInbox.mayRoute", () -> user.holds(ThreatIds.MANAGE_ROUTING, null)
                || store().anyPolled(Within.visibleWith(ThreatIds.MANAGE_ROUTING)));
    }

    /**
     * The tenants whose name, domain or id contains {@code text} that the person may see, for the tenant filter (at
     * most {@value TenantChoices#OFFERED}, found among the first {@value TenantChoices#SEARCHED} the search gives):
     * ids, named by {@link #tenantName}.
     */
    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    /** A tenant's name for the tenant filter, by its id (empty: no tenant). */
    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    public String getTenantFilter() {
        return tenantFilter;
    }

    public void setTenantFilter(String value) {
        tenantFilter = value == null ? "" : value.strip();
    }

    public String getSeverityFilter() {
        return severityFilter;
    }

    public void setSeverityFilter(String value) {
        severityFilter = value == null ? "" : value;
    }

    public String getStateFilter() {
        return stateFilter;
    }

    public void setStateFilter(String value) {
        stateFilter = value == null ? "" : value;
    }

    public String getTypeFilter() {
        return typeFilter;
    }

    public void setTypeFilter(String value) {
        typeFilter = value == null ? "" : value;
    }

    public String getUserFilter() {
        return userFilter;
    }

    public void setUserFilter(String value) {
        userFilter = value == null ? "" : value;
    }

    /**
     * The users Entra ID Protection counts at risk now (at risk or confirmed compromised) in the tenants the inbox
     * reads, as the last poll read them: highest risk first, then the most recently changed, a page at a time.
     */
    public LazyDataModel<AtRisk> getUsersAtRisk() {
        return atRisk;
    }

    long countUsersAtRisk() {
        return Pages.once("threatInbox.atRiskCount:" + tenantFilter, () -> within()
                .map(within -> store().countUsersAtRisk(within)).orElse(0L));
    }

    List<AtRisk> usersAtRisk(int first, int max) {
        return Pages.once("threatInbox.atRisk:" + first + ":" + max + ":" + tenantFilter, () -> {
            List<RiskyUser> page = within().map(within -> store().usersAtRisk(within, first, max))
                    .orElse(List.of());
            Map<String, String> incidents = store().openIncidentIds(page);
            return named(page, RiskyUser::tenantId, (risky, name) -> new AtRisk(risky, name,
                    incidents.getOrDefault(risky.tenantId() + "/" + risky.id(), "")));
        });
    }

    /** The filters this member of staff saved. */
    public List<SavedFilter> getSavedFilters() {
        return Pages.once("threatInbox.savedFilters", () -> store().filters(user.userPrincipalName()));
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
        });
    }

    /** Saves the filters now chosen under {@link #getFilterName()} (replacing one of that name). */
    public void saveFilter() {
        try {
            store().putFilter(user.userPrincipalName(), new SavedFilter(filterName, tenantFilter, severityFilter,
                    stateFilter, typeFilter, userFilter.strip()));
            savedFilter = filterName.strip();
            Pages.forget("threatInbox.savedFilters");
            Pages.info("Filter saved: " + savedFilter);
        } catch (IllegalArgumentException e) {
            Pages.error(e.getMessage());
        }
    }

    public void deleteSavedFilter() {
        if (store().deleteFilter(user.userPrincipalName(), savedFilter)) {
            Pages.info("Filter deleted: " + savedFilter);
        }
        Pages.forget("threatInbox.savedFilters");
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

    /** The detection types of the detections in the tenants the person may see, for the type filter: one statement. */
    public List<String> getTypes() {
        return Pages.once("threatInbox.types", () -> store().detectionTypes(Within.visibleWith(ThreatIds.VIEW)));
    }

    /** The inbox a page at a time: one query for the page, one count for the total. */
    static final class IncidentTable extends LazyDataModel<Row> {

        private static final long serialVersionUID = 1L;
        private final ThreatInbox inbox;

        IncidentTable(ThreatInbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, inbox.countIncidents());
        }

        @Override
        public List<Row> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return inbox.incidents(first, Math.max(1, Math.min(pageSize, PluginRecords.PAGE)));
        }

        @Override
        public String getRowKey(Row row) {
            return row.incident().tenantId() + "/" + row.incident().id();
        }
    }

    /** The users at risk a page at a time. */
    static final class AtRiskTable extends LazyDataModel<AtRisk> {

        private static final long serialVersionUID = 1L;
        private final ThreatInbox inbox;

        AtRiskTable(ThreatInbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, inbox.countUsersAtRisk());
        }

        @Override
        public List<AtRisk> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                Map<String, FilterMeta> filterBy) {
            return inbox.usersAtRisk(first, Math.max(1, Math.min(pageSize, PluginRecords.PAGE)));
        }

        @Override
        public String getRowKey(AtRisk row) {
            return row.user().tenantId() + "/" + row.user().id();
        }
    }
}
