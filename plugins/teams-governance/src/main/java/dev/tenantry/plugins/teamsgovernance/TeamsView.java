package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PluginWork;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugin.api.WorkWatch;
import dev.tenantry.plugins.teamsgovernance.teams.TeamRow;
import dev.tenantry.plugins.teamsgovernance.teams.TeamStore;
import dev.tenantry.plugins.teamsgovernance.teams.TeamSync;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The teams table ({@code #{teamsView}}): the teams of every tenant the member of staff may see, as the last read
 * of each tenant found them, searched by the start of their name and filtered by tenant, tenant tag, ownership (no
 * owner, one owner), visibility and archive state, counted, sorted and paged by the host's database; "Read now" for the
 * chosen tenant or every visible one, and the tenants whose last read did not work.
 */
@Extension
@Model("teamsView")
public class TeamsView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    /** The most teams the table counts and pages through; a search that finds more says so. */
    static final int COUNTED = 10_000;
    /** Tenants whose failed read the banner names. */
    static final int PROBLEMS_SHOWN = 10;

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
    private transient PluginClaims claims;

    private String tenant = "";
    private String tag = "";
    private String name = "";
    private String ownership = "";
    private String visibility = "";
    private String archived = "active";
    private String sortField = "name";
    private boolean descending;
    private final TenantChoices tenantChoices = new TenantChoices(TeamsIds.VIEW);
    private final WorkWatch reading = new WorkWatch();
    private final Table table = new Table(this);

    /** A team in the table, with its tenant's name. */
    public record Row(String tenantId, String tenantName, TeamRow team) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A tenant whose last read did not work. */
    public record Problem(String tenantId, String tenantName, String outcome, String message) implements Serializable {
        private static final long serialVersionUID = 1L;

        public boolean consentMissing() {
            return "CONSENT_REQUIRED".equals(outcome);
        }
    }

    public LazyDataModel<Row> getTable() {
        return table;
    }

    /** The query of the filters, within the tenants the person may see teams in; empty when it can find none. */
    Optional<RecordQuery> query() {
        RecordQuery query = RecordQuery.of(TeamStore.TEAM);
        if (tenant.isEmpty()) {
            query = query.visibleWith(TeamsIds.VIEW);
        } else if (user.holds(TeamsIds.VIEW, tenant)) {
            query = query.inTenant(tenant);
        } else {
            return Optional.empty();
        }
        query = query.taggedWith(tag);
        query = query.startsWith("name", name.strip().toLowerCase(Locale.ROOT));
        switch (ownership) {
            case "NONE", "ONE" -> query = query.equal("ownership", ownership);
            case "AT_MOST_ONE" -> query = query.in("ownership", List.of("NONE", "ONE"));
            default -> {
            }
        }
        if (!visibility.isEmpty()) {
            query = query.equal("visibility", visibility);
        }
        if ("active".equals(archived)) {
            query = query.equal("archived", false);
        } else if ("archived".equals(archived)) {
            query = query.equal("archived", true);
        }
        return Optional.of(query.orderBy(sortField, descending));
    }

    /**
     * The teams the filters find, counted by the database up to {@value #COUNTED} ({@link #isMore}: more than that):
     * a fleet's hundreds of thousands of teams are not counted to the end on every keystroke.
     */
    long count() {
        return query().map(q -> records.count(q, COUNTED + 1)).orElse(0L);
    }

    public boolean isMore() {
        return count() > COUNTED;
    }

    List<Row> rows(int first, int max) {
        Optional<RecordQuery> query = query();
        if (query.isEmpty()) {
            return List.of();
        }
        List<TeamStore.Found> found = new TeamStore(records).find(query.get(), first, max);
        Map<String, PluginTenants.Tenant> named = tenants.named(found.stream().map(TeamStore.Found::tenantId).toList());
        List<Row> rows = new ArrayList<>(found.size());
        for (TeamStore.Found one : found) {
            PluginTenants.Tenant of = named.get(one.tenantId());
            rows.add(new Row(one.tenantId(), of == null ? one.tenantId() : of.displayName(), one.team()));
        }
        return rows;
    }

    /** Tenants (of those the person may see teams in) whose last read did not work, latest first. */
    public List<Problem> getProblems() {
        List<Problem> kept = Pages.ofThisRequest("teamsView.problems");
        if (kept == null) {
            kept = readProblems();
            Pages.forThisRequest("teamsView.problems", kept);
        }
        return kept;
    }

    private List<Problem> readProblems() {
        RecordQuery query = RecordQuery.of(TeamStore.READ).taggedWith(tag);
        query = tenant.isEmpty() ? query.visibleWith(TeamsIds.VIEW)
                : user.holds(TeamsIds.VIEW, tenant) ? query.inTenant(tenant) : query.inTenants(List.of());
        List<Map.Entry<String, TeamStore.ReadState>> problems = new TeamStore(records).problems(query, PROBLEMS_SHOWN);
        Map<String, PluginTenants.Tenant> named = tenants.named(problems.stream().map(Map.Entry::getKey).toList());
        return problems.stream().map(problem -> new Problem(problem.getKey(), named.containsKey(problem.getKey())
                ? named.get(problem.getKey()).displayName() : problem.getKey(), problem.getValue().outcome(),
                problem.getValue().message())).toList();
    }

    /**
     * Reads now the teams of the tenant filter's tenant, or of the tenant chosen in the top bar; with neither, of
     * every tenant the person may see teams in (of the tag filter's tag), in the background, a few at a time.
     */
    public void readNow() {
        GraphAccess access = graph;
        PluginClaims held = claims;
        PluginRecords store = records;
        String one = readTenant();
        if (one.isEmpty()) {
            List<String> fleet = TenantChoices.visible(tenants, user, TeamsIds.VIEW, tag);
            if (fleet.isEmpty()) {
                Pages.error("There is no tenant whose teams you may see.");
                return;
            }
            reading.started(work.startEach("Read the teams of " + fleet.size() + " tenant(s)", fleet,
                    (each, progress) -> readOrFail(access, store, held, each).message()));
            return;
        }
        if (!user.holds(TeamsIds.VIEW, one)) {
            Pages.error("You may not see the teams of this tenant.");
            return;
        }
        reading.started(work.start("Read the teams of " + tenantName(one), one, progress -> {
            progress.report(0, 1, "Reading the tenant's teams");
            TeamStore.ReadState state = readOrFail(access, store, held, one);
            progress.report(1, 1, state.message());
            return state.message();
        }));
    }

    private static TeamStore.ReadState readOrFail(GraphAccess access, PluginRecords store, PluginClaims held,
            String tenantId) throws Exception {
        TeamStore.ReadState state = new TeamSync(access, new TeamStore(store), held, Clock.systemUTC())
                .read(tenantId);
        if (!state.read()) {
            throw new IllegalStateException(state.message());
        }
        return state;
    }

    /** The tenant "Read now" reads: the filter's, else the top bar's; empty for every visible tenant. */
    String readTenant() {
        return !tenant.isEmpty() ? tenant : user.selectedTenantId().orElse("");
    }

    public boolean isReadAll() {
        return readTenant().isEmpty();
    }

    public boolean isReading() {
        return reading.polling(work);
    }

    public Optional<PluginWork.WorkStatus> getReadStatus() {
        return reading.status(work);
    }

    public void refresh() {
        Pages.forThisRequest("teamsView.problems", null);
        reading.refreshed(work);
    }

    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    public List<String> completeTag(String text) {
        return tenantChoices.completeTag(text, tenants, user);
    }

    /** The address of a team's page. */
    public String teamPage(Row row) {
        return TeamsIds.teamPage(row.tenantId(), row.team().id());
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant == null ? "" : tenant.strip();
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag == null ? "" : tag.strip();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name;
    }

    public String getOwnership() {
        return ownership;
    }

    public void setOwnership(String ownership) {
        this.ownership = ownership == null ? "" : ownership;
    }

    public String getVisibility() {
        return visibility;
    }

    public void setVisibility(String visibility) {
        this.visibility = visibility == null ? "" : visibility;
    }

    public String getArchived() {
        return archived;
    }

    public void setArchived(String archived) {
        this.archived = archived == null ? "" : archived;
    }

    void sortBy(String field, boolean descendingOrder) {
        sortField = switch (field == null ? "" : field) {
            case "owners", "members", "guests", "created" -> field;
            default -> "name";
        };
        descending = descendingOrder;
    }

    /** The table, a page at a time from the host's database. */
    static final class Table extends LazyDataModel<Row> {

        private static final long serialVersionUID = 1L;
        private final TeamsView view;

        Table(TeamsView view) {
            this.view = view;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(COUNTED, view.count());
        }

        @Override
        public List<Row> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            SortMeta sort = sortBy == null ? null : sortBy.values().stream().findFirst().orElse(null);
            if (sort != null && sort.getOrder() != SortOrder.UNSORTED) {
                view.sortBy(sort.getField(), sort.getOrder() == SortOrder.DESCENDING);
            }
            return view.rows(first, Math.max(1, Math.min(pageSize, PluginRecords.PAGE)));
        }

        @Override
        public String getRowKey(Row row) {
            return row.tenantId() + "/" + row.team().id();
        }
    }
}
