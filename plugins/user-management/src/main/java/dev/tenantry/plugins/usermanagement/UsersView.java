package dev.tenantry.plugins.usermanagement;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginClaims;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSettings;
import dev.tenantry.plugin.api.PluginTasks;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PluginWork;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.TenantChoices;
import dev.tenantry.plugin.api.WorkWatch;
import dev.tenantry.plugins.usermanagement.directory.DirectorySync;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.SyncState;
import dev.tenantry.plugins.usermanagement.directory.UserFilter;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;
import org.primefaces.model.StreamedContent;

/**
 * The users table ({@code #{usersView}}): the users of every tenant the member of staff may see, searched by the
 * start of a name or a UPN and filtered by tenant, tenant tag, state, sign-in, administrators, MFA registration,
 * guests, licence and inactivity, sorted and paged by the host's database (the same few statements for 5 tenants as
 * for 5,000); the CSV of everything the filters find, written a page at a time; "Sync now".
 */
@Extension
@Model("usersView")
public class UsersView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    static final List<String> CSV_HEADER = List.of("Tenant", "Display name", "User principal name", "Mail", "State",
            "Sign-in allowed", "Type", "Department", "Job title", "Usage location", "Licences", "Directory roles",
            "MFA registered", "Last sign-in", "Created", "Deleted");

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

    @HostService
    private transient PluginTasks tasks;

    @HostService
    private transient PluginSettings settings;

    private final UserFilter filter = new UserFilter();
    private final TenantChoices tenantChoices = new TenantChoices(UserIds.VIEW);
    private final WorkWatch sync = new WorkWatch();
    private final Table table = new Table(this);
    private transient List<SyncProblem> syncProblems;
    /** The tenant and tag filters {@link #syncProblems} were read for. */
    private transient String syncProblemsScope;
    /** Tenants whose failed sync the banner names; it counts the others. */
    static final int SYNC_PROBLEMS_SHOWN = 10;
    /** The most users the table counts and pages through; a search that finds more says so. */
    static final int COUNTED = 1_000;

    /** A user in the table, with their tenant's name. */
    public record Row(String tenantId, String tenantName, ManagedUser user) implements Serializable {
    }

    public LazyDataModel<Row> getTable() {
        return table;
    }

    public UserFilter getFilter() {
        return filter;
    }

    /**
     * The users the filters find, counted by the database up to {@value #COUNTED} ({@link #isMore}: more than that). A
     * name shared by thousands across a fleet of a million users is not counted to its end on every keystroke: the
     * table offers the first {@value #COUNTED} and asks for a narrower search; the CSV holds every one.
     */
    public long count() {
        return filter.query(user::holds).map(query -> new UserStore(records).count(query, COUNTED + 1)).orElse(0L);
    }

    /** Whether the filters find more users than the table counts ({@value #COUNTED}; the same question, kept). */
    public boolean isMore() {
        return count() > COUNTED;
    }

    /** A page of the users the filters find, in the table's order. */
    List<Row> rows(int first, int max) {
        Optional<dev.tenantry.plugin.api.RecordQuery> query = filter.query(user::holds);
        if (query.isEmpty()) {
            return List.of();
        }
        List<UserStore.Found> found = new UserStore(records).find(query.get(), first, max);
        Map<String, PluginTenants.Tenant> named = tenants.named(found.stream().map(UserStore.Found::tenantId)
                .toList());
        List<Row> rows = new ArrayList<>(found.size());
        for (UserStore.Found one : found) {
            PluginTenants.Tenant tenant = named.get(one.tenantId());
            rows.add(new Row(one.tenantId(), tenant == null ? one.tenantId() : tenant.displayName(), one.user()));
        }
        return rows;
    }

    /** A tenant whose last sync did not work, for the banner above the table. */
    public record SyncProblem(String tenantId, String tenantName, String outcome, String message, String at)
            implements Serializable {

        /** Whether granting the directory scope set would let the tenant be synced. */
        public boolean consentMissing() {
            return SyncState.Outcome.CONSENT_REQUIRED.name().equals(outcome);
        }
    }

    /**
     * The tenants (of those the person may see) whose last sync did not work, latest first, at most
     * {@value #SYNC_PROBLEMS_SHOWN}; {@link #getMoreSyncProblems} counts the others.
     */
    public List<SyncProblem> getSyncProblems() {
        // Read again when the filters changed the tenants the banner speaks of
        String scope = filter.getTenant() + "|" + getSyncTag();
        if (syncProblems == null || !scope.equals(syncProblemsScope)) {
            syncProblemsScope = scope;
            List<UserStore.TenantState> states = new UserStore(records).states(problems(), SYNC_PROBLEMS_SHOWN);
            Map<String, PluginTenants.Tenant> named = tenants.named(states.stream().map(UserStore.TenantState::tenantId)
                    .toList());
            syncProblems = states.stream().map(one -> new SyncProblem(one.tenantId(), named.containsKey(one
                    .tenantId()) ? named.get(one.tenantId()).displayName() : one.tenantId(), one.state().outcome(),
                    one.state().message(), String.valueOf(one.state().attemptedAt()))).toList();
        }
        return syncProblems;
    }

    public long getMoreSyncProblems() {
        return getSyncProblems().size() < SYNC_PROBLEMS_SHOWN ? 0
                : records.count(problems()) - SYNC_PROBLEMS_SHOWN;
    }

    private dev.tenantry.plugin.api.RecordQuery problems() {
        dev.tenantry.plugin.api.RecordQuery query = dev.tenantry.plugin.api.RecordQuery.of(UserStore.SYNC_STATE)
                .notEqual("outcome", SyncState.Outcome.SYNCED.name()).taggedWith(getSyncTag());
        return filter.getTenant().isEmpty() ? query.visibleWith(UserIds.VIEW)
                : user.holds(UserIds.VIEW, filter.getTenant()) ? query.inTenant(filter.getTenant())
                : query.inTenants(List.of());
    }

    /** Tenants whose name, domain or id contains {@code text} and where the person may see users. */
    public List<String> completeTenant(String text) {
        return tenantChoices.complete(text, tenants, user);
    }

    /** A tenant's name for the tenant filter, by its id (empty: no tenant). */
    public String tenantName(String tenantId) {
        return tenantChoices.name(tenantId, tenants);
    }

    /** The tags of the tenants where the person may see users that start with {@code text}, for the tag filter. */
    public List<String> completeTag(String text) {
        return tenantChoices.completeTag(text, tenants, user);
    }

    /**
     * Syncs now the tenant of the tenant filter, or the tenant chosen in the top bar; with neither, every tenant the
     * person may see the users of, in the background, a few tenants at once (after onboarding many tenants, or to see
     * a change made in Microsoft's portals without waiting for the hourly sync). Each is synced by delta where it was
     * synced before, so a sync of the fleet reads little more than what changed.
     */
    public void syncNow() {
        String tenantId = syncTenant();
        GraphAccess access = graph;
        PluginClaims held = claims;
        PluginTasks beside = tasks;
        PluginRecords store = records;
        java.time.Duration fullEvery = UserSyncJob.fullEvery(settings);
        if (tenantId.isEmpty()) {
            String tag = getSyncTag();
            List<String> fleet = TenantChoices.visible(tenants, user, UserIds.VIEW, tag);
            if (fleet.isEmpty()) {
                Pages.error(tag.isEmpty() ? "There is no tenant whose users you may see."
                        : "No tenant whose users you may see is tagged " + tag + ".");
                return;
            }
            sync.started(work.startEach("Sync the users of " + fleet.size() + " tenant(s)"
                    + (tag.isEmpty() ? "" : " tagged " + tag), fleet,
                    (each, progress) -> synced(new DirectorySync(access, new UserStore(store), held, beside,
                            Clock.systemUTC(), fullEvery).sync(each, false)).message()));
            syncProblems = null;
            return;
        }
        if (!user.holds(UserIds.VIEW, tenantId)) {
            Pages.error("You may not see the users of this tenant.");
            return;
        }
        sync.started(work.start("Sync the users of " + tenantName(tenantId), tenantId, progress -> {
            progress.report(0, 1, "Reading the directory");
            SyncState state = synced(new DirectorySync(access, new UserStore(store), held, beside,
                    Clock.systemUTC(), fullEvery).sync(tenantId, false));
            progress.report(1, 1, state.message());
            return state.message();
        }));
        syncProblems = null;
    }

    /** The state a sync left, or its message as the failure when it did not work. */
    private static SyncState synced(SyncState state) {
        if (!SyncState.Outcome.SYNCED.name().equals(state.outcome())) {
            throw new IllegalStateException(state.message());
        }
        return state;
    }

    /** Whether "Sync now" syncs every tenant the person may see (no tenant is chosen), or those of the tag filter. */
    public boolean isSyncAll() {
        return syncTenant().isEmpty();
    }

    /** The tag the tenants "Sync all" syncs carry: the tag filter's, when it is one; else empty (every tenant). */
    public String getSyncTag() {
        return filter.tagAsKept();
    }

    /** The tenant "Sync now" syncs: the filter's, else the top bar's. */
    String syncTenant() {
        if (!filter.getTenant().isEmpty()) {
            return filter.getTenant();
        }
        return user.selectedTenantId().orElse("");
    }

    /** Whether to offer "Create user": the person may create users for all tenants, or in the one chosen. */
    public boolean isMayCreate() {
        String tenant = syncTenant();
        return user.holds(UserIds.CREATE, null) || !tenant.isEmpty() && user.holds(UserIds.CREATE, tenant);
    }

    /** The tenant "Create user" opens with. */
    public String getCreateTenant() {
        return syncTenant();
    }

    public boolean isSyncing() {
        return sync.polling(work);
    }

    public Optional<PluginWork.WorkStatus> getSyncStatus() {
        return sync.status(work);
    }

    /** The poll's listener while a sync runs. */
    public void refresh() {
        syncProblems = null;
        sync.refreshed(work);
    }

    /**
     * The users the filters find as CSV, written a page at a time as the download goes (a million users never sit in
     * memory); cells a spreadsheet would run as a formula are written as text.
     */
    public StreamedContent getCsv() {
        UsersView view = this;
        return DefaultStreamedContent.builder().contentType("text/csv; charset=UTF-8")
                .name("users-" + LocalDate.now(ZoneOffset.UTC) + ".csv")
                .writer(out -> {
                    try {
                        Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                        line(csv, CSV_HEADER);
                        for (int first = 0; ; first += PluginRecords.PAGE) {
                            List<Row> page = view.rows(first, PluginRecords.PAGE);
                            for (Row row : page) {
                                line(csv, cells(row));
                            }
                            if (page.size() < PluginRecords.PAGE) {
                                break;
                            }
                        }
                        csv.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).build();
    }

    static List<String> cells(Row row) {
        ManagedUser user = row.user();
        return List.of(row.tenantName(), nz(user.displayName()), nz(user.userPrincipalName()), nz(user.mail()),
                user.deleted() ? "deleted" : "active", user.accountEnabled() ? "yes" : "no", nz(user.userType()),
                nz(user.department()), nz(user.jobTitle()), nz(user.usageLocation()), user.licenceNames(),
                String.join(", ", user.roles()), user.mfaRegistered() == null ? "" : user.mfaRegistered() ? "yes" : "no",
                user.lastSignIn() == null ? "" : user.neverSignedIn() ? "never" : user.lastSignIn().toString(),
                user.createdAt() == null ? "" : user.createdAt().toString(),
                user.deletedAt() == null ? "" : user.deletedAt().toString());
    }

    private static String nz(String text) {
        return text == null ? "" : text;
    }

    static void line(Writer csv, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.write(',');
            }
            csv.write(cell(cells.get(i)));
        }
        csv.write("\r\n");
    }

    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** The users a page at a time, in the order of the column sorted on. */
    static final class Table extends LazyDataModel<Row> {

        private static final long serialVersionUID = 1L;
        private final UsersView view;

        Table(UsersView view) {
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
                view.filter.sortBy(sort.getField(), sort.getOrder() == SortOrder.DESCENDING);
            }
            return view.rows(first, Math.max(1, Math.min(pageSize, PluginRecords.PAGE)));
        }

        @Override
        public String getRowKey(Row row) {
            return row.tenantId() + "/" + row.user().id();
        }
    }
}
