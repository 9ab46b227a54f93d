package dev.tenantry.plugins.usermanagement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugin.testkit.MemoryPortalUser;
import dev.tenantry.plugin.testkit.MemoryRecords;
import dev.tenantry.plugin.testkit.MemorySettings;
import dev.tenantry.plugin.testkit.MemoryTenants;
import dev.tenantry.plugin.testkit.MemoryWork;
import dev.tenantry.plugin.testkit.TestHost;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.primefaces.model.DefaultStreamedContent;

/**
 * The users table across tenants: only the tenants where the person may see users, every filter a query condition
 * (a prefix of a name or a UPN, tenant tag, state, sign-in, administrators, MFA, guests, licence, inactivity), sorted
 * by the column asked for, and the CSV of exactly what the filters find.
 */
class UsersViewTest {

    static final String CONTOSO = "contoso-id";
    static final String FABRIKAM = "fabrikam-id";
    static final String HIDDEN = "hidden-id";

    MemoryRecords records;
    MemoryPortalUser person;
    UsersView view;
    UserStore store;

    @BeforeEach
    void arrange() {
        records = new MemoryRecords();
        MemoryTenants tenants = new MemoryTenants();
        tenants.add(new PluginTenants.Tenant(CONTOSO, "Contoso", "contoso.example", Set.of("managed", "emea")));
        tenants.add(new PluginTenants.Tenant(FABRIKAM, "Fabrikam", "fabrikam.example", Set.of("pilot", "managed-eu")));
        tenants.add(new PluginTenants.Tenant(HIDDEN, "Hidden", "hidden.example", Set.of("managed", "hidden-only")));
        person = new MemoryPortalUser("tech@msp.example", "Tech").holding(UserIds.VIEW, CONTOSO)
                .holding(UserIds.VIEW, FABRIKAM);
        view = TestHost.with(records, tenants, person, new MemoryClaims(), new ThreadTasks(),
                MemorySettings.of(Map.of()), new MemoryWork(UserIds.PLUGIN, "tech@msp.example", tenants),
                new NoGraph()).fill(new UsersView());
        store = new UserStore(records);
        Instant now = Instant.now();
        put(CONTOSO, user("a1", "Adele Vance", "adelev@contoso.example", true, List.of(), true,
                now.minus(Duration.ofDays(2)), "Member", "Microsoft 365 E3"));
        put(CONTOSO, user("a2", "Alex Wilber", "alexw@contoso.example", false, List.of(), false,
                now.minus(Duration.ofDays(120)), "Member", "Microsoft 365 E3"));
        put(CONTOSO, user("a3", "Megan Bowen", "meganb@contoso.example", true, List.of("Global Administrator"),
                true, ManagedUser.NEVER, "Member", "Microsoft 365 E5"));
        put(FABRIKAM, user("f1", "Adam Guest", "adam_outlook.com#EXT#@fabrikam.example", true, List.of(), null,
                null, "Guest", ""));
        put(FABRIKAM, user("f2", "=HYPERLINK(\"x\")", "formula@fabrikam.example", true, List.of(), false,
                now.minus(Duration.ofDays(10)), "Member", ""));
        put(HIDDEN, user("h1", "Adele Hidden", "adele@hidden.example", true, List.of(), true, now, "Member", ""));
    }

    /** The table reads only what the sync stored: Microsoft is never asked. */
    static class NoGraph implements dev.tenantry.plugin.api.GraphAccess {

        @Override
        public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) {
            throw new AssertionError("the table called Microsoft Graph");
        }

        @Override
        public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                Map<String, Object> parameters) {
            throw new AssertionError("the table called Exchange Online");
        }

        @Override
        public dev.tenantry.plugin.api.ConsentStatus consent(String tenantId, String scopeSetId) {
            return dev.tenantry.plugin.api.ConsentStatus.granted(tenantId, scopeSetId);
        }
    }

    static ManagedUser user(String id, String name, String upn, boolean enabled, List<String> roles, Boolean mfa,
            Instant lastSignIn, String type, String licence) {
        List<ManagedUser.Licence> licences = licence.isEmpty() ? List.of()
                : List.of(new ManagedUser.Licence("sku-" + licence.hashCode(), licence));
        return new ManagedUser(id, name, upn, upn, enabled, type, null, null, "US", Instant.parse("2025-01-01T00:00:00Z"),
                licences, roles, mfa, null, lastSignIn, false, null);
    }

    void put(String tenant, ManagedUser user) {
        store.put(tenant, user);
    }

    List<String> ids() {
        return view.rows(0, 100).stream().map(row -> row.user().id()).toList();
    }

    @Test
    void onlyTheTenantsWherePersonMaySeeUsersAndByNameWhenNothingElseIsAsked() {
        assertEquals(List.of("f2", "f1", "a1", "a2", "a3"), ids(), "sorted by name, lower-cased; Hidden not shown");
        assertEquals(5, view.count());
        assertEquals("Contoso", view.rows(0, 100).get(2).tenantName());

        view.getFilter().setTenant(HIDDEN);
        assertEquals(List.of(), ids(), "a tenant the person may not see shows nothing, even when named");
        assertEquals(0, view.count());
    }

    @Test
    void eachFilterNarrowsTheQuery() {
        view.getFilter().setName("AD");
        assertEquals(List.of("f1", "a1"), ids(), "a name prefix, whatever its case");
        view.getFilter().setName("");

        view.getFilter().setUpn("mega");
        assertEquals(List.of("a3"), ids());
        view.getFilter().setUpn("");

        view.getFilter().setEnabled("no");
        assertEquals(List.of("a2"), ids());
        view.getFilter().setEnabled("");

        view.getFilter().setAdmin("yes");
        assertEquals(List.of("a3"), ids());
        view.getFilter().setAdmin("");

        view.getFilter().setMfa("no");
        assertEquals(List.of("f2", "a2"), ids(), "unknown registration is neither yes nor no");
        view.getFilter().setMfa("");

        view.getFilter().setGuest("yes");
        assertEquals(List.of("f1"), ids());
        view.getFilter().setGuest("");

        view.getFilter().setLicence("e5");
        assertEquals(List.of("a3"), ids());
        view.getFilter().setLicence("");

        view.getFilter().setInactiveDays(30);
        assertEquals(List.of("a2", "a3"), ids(), "120 days ago, and never; unknown sign-ins are not counted");
        view.getFilter().setInactiveDays(null);

        view.getFilter().setTenant(FABRIKAM);
        assertEquals(List.of("f2", "f1"), ids());
    }

    @Test
    void aTenantTagFiltersTheTableTheCountAndTheCsvToTheTenantsCarryingItThatThePersonMaySee() throws Exception {
        view.getFilter().setTag(" Managed ");

        assertEquals(List.of("a1", "a2", "a3"), ids(), "Contoso's; not Hidden's (not visible), not Fabrikam's "
                + "(managed-eu is another tag)");
        assertEquals(3, view.count());
        assertTrue(view.getFilter().isTagValid());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((DefaultStreamedContent) view.getCsv()).getWriter().accept(out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().skip(1).allMatch(line -> line.startsWith("Contoso,")), String.join("\n", lines));

        view.getFilter().setTenant(FABRIKAM);
        assertEquals(List.of(), ids(), "a tenant chosen that does not carry the tag");
        assertEquals(0, view.count());
        view.getFilter().setTag("pilot");
        assertEquals(List.of("f2", "f1"), ids());
        view.getFilter().setTenant("");

        view.getFilter().setTag("hidden-only");
        assertEquals(List.of(), ids(), "a tag only a tenant the person may not see carries");
        view.getFilter().setTag("not a tag!");
        assertTrue(!view.getFilter().isTagValid(), "the page says why nothing is shown");
        assertEquals(List.of(), ids());
        assertEquals(0, view.count());
        view.getFilter().setTag("");
        assertEquals(5, view.count(), "no tag: every tenant the person may see");
    }

    @Test
    void theTagFilterOffersTheTagsOfTheTenantsThePersonMaySee() {
        assertEquals(List.of("emea", "managed", "managed-eu", "pilot"), view.completeTag(""),
                "Hidden's hidden-only is not offered");
        assertEquals(List.of("managed", "managed-eu"), view.completeTag("MAN"));
        assertEquals(List.of(), view.completeTag("hid"));
    }

    @Test
    void aSearchFindingMoreThanTheTableCountsSaysSoAndTheCsvHoldsThemAll() throws Exception {
        for (int i = 0; i < UsersView.COUNTED; i++) {
            put(CONTOSO, user("m" + i, "Adele Many " + i, "many" + i + "@contoso.example", true, List.of(), true,
                    Instant.now(), "Member", ""));
        }
        view.getFilter().setName("adele");

        assertTrue(view.isMore(), "1,001 Adeles");
        assertEquals(UsersView.COUNTED, view.getTable().count(Map.of()), "the table pages through the first 1,000");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((DefaultStreamedContent) view.getCsv()).getWriter().accept(out);
        assertEquals(1 + UsersView.COUNTED + 1, out.toString(StandardCharsets.UTF_8).lines().count(),
                "the header and every Adele");

        view.getFilter().setName("adele many 99");
        assertTrue(!view.isMore());
        assertEquals(11, view.count(), "99 and 990–999, exactly");
    }

    @Test
    void deletedUsersAreShownWhenAskedFor() {
        store.put(CONTOSO, user("a4", "Deleted Person", "deleted@contoso.example", true, List.of(), null, null,
                "Member", "").deletedAt(Instant.now()));

        assertTrue(!ids().contains("a4"), "active users by default");
        view.getFilter().setState("deleted");
        assertEquals(List.of("a4"), ids());
        view.getFilter().setState("");
        assertEquals(6, view.count());
    }

    @Test
    void aColumnSortsTheQuery() {
        view.getTable().load(0, 25, Map.of("last-sign-in", org.primefaces.model.SortMeta.builder().field(
                "last-sign-in").order(org.primefaces.model.SortOrder.DESCENDING).build()), Map.of());

        assertEquals(List.of("a1", "f2", "a2", "a3", "f1"), ids(), "latest first, never after, unknown last");
    }

    @Test
    void theCsvHoldsWhatTheFiltersFindAndNeverAFormula() throws Exception {
        view.getFilter().setTenant(FABRIKAM);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ((DefaultStreamedContent) view.getCsv()).getWriter().accept(out);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals(String.join(",", UsersView.CSV_HEADER), lines.get(0));
        assertTrue(lines.get(1).startsWith("Fabrikam,\"'=HYPERLINK(\"\"x\"\")\",formula@fabrikam.example"), lines.get(1));
        assertTrue(lines.get(2).contains("Guest"), lines.get(2));
    }

    @Test
    void syncNowWithoutATenantSyncsEveryTenantThePersonMaySeeAndNamesThoseThatFailed() {
        List<String> asked = new java.util.ArrayList<>();
        dev.tenantry.plugin.api.GraphAccess busy = new dev.tenantry.plugin.api.GraphAccess() {
            @Override
            public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) {
                asked.add(tenantId);
                throw new dev.tenantry.plugin.api.GraphUnavailableException("busy", Duration.ofSeconds(5), null);
            }

            @Override
            public List<Map<String, Object>> exchange(String tenantId, String scopeSetId, String cmdlet,
                    Map<String, Object> parameters) {
                throw new AssertionError("a sync called Exchange Online");
            }

            @Override
            public dev.tenantry.plugin.api.ConsentStatus consent(String tenantId, String scopeSetId) {
                return scopeSetId.equals(UserIds.DIRECTORY_SCOPES)
                        ? dev.tenantry.plugin.api.ConsentStatus.granted(tenantId, scopeSetId)
                        : new dev.tenantry.plugin.api.ConsentStatus(tenantId, scopeSetId, false,
                                List.of("AuditLog.Read.All"), "not granted");
            }
        };
        MemoryTenants tenants = new MemoryTenants();
        tenants.add(FABRIKAM, "Fabrikam", "fabrikam.example");
        tenants.add(CONTOSO, "Contoso", "contoso.example");
        tenants.add(HIDDEN, "Hidden", "hidden.example");
        UsersView fleet = TestHost.with(records, tenants, person, new MemoryClaims(), new ThreadTasks(),
                MemorySettings.of(Map.of()), new MemoryWork(UserIds.PLUGIN, "tech@msp.example", tenants),
                busy).fill(new UsersView());

        assertTrue(fleet.isSyncAll(), "no tenant chosen: the button syncs all of them");
        fleet.syncNow();
        assertEquals(List.of(CONTOSO, FABRIKAM), asked, "every tenant the person may see, by name; Hidden not");
        var status = fleet.getSyncStatus().orElseThrow();
        assertEquals("FAILED", status.state());
        assertTrue(status.message().contains("0 of 2 tenants done") && status.message().contains("unavailable"),
                status.message());
        assertEquals("UNAVAILABLE",
                new UserStore(records).state(CONTOSO).outcome(), "each tenant's state says why");

        fleet.getFilter().setTenant(FABRIKAM);
        assertTrue(!fleet.isSyncAll());
        asked.clear();
        fleet.syncNow();
        assertEquals(List.of(FABRIKAM), asked, "a chosen tenant alone");
    }

    @Test
    void filteredByATagSyncAllReadsTheTenantsCarryingItAndTheBannerNamesTheirFailuresOnly() {
        List<String> asked = new java.util.ArrayList<>();
        dev.tenantry.plugin.api.GraphAccess busy = new NoGraph() {
            @Override
            public <T> T call(String tenantId, String scopeSetId, GraphCall<T> call) {
                asked.add(tenantId);
                throw new dev.tenantry.plugin.api.GraphUnavailableException("busy", Duration.ofSeconds(5), null);
            }

            @Override
            public <T> T call(String tenantId, List<String> scopeSetIds, GraphCall<T> call) {
                return call(tenantId, scopeSetIds.get(0), call);
            }
        };
        MemoryTenants tenants = new MemoryTenants();
        tenants.add(new PluginTenants.Tenant(CONTOSO, "Contoso", "contoso.example", Set.of("managed")));
        tenants.add(new PluginTenants.Tenant(FABRIKAM, "Fabrikam", "fabrikam.example", Set.of("pilot")));
        tenants.add(new PluginTenants.Tenant(HIDDEN, "Hidden", "hidden.example", Set.of("managed")));
        UsersView fleet = TestHost.with(records, tenants, person, new MemoryClaims(), new ThreadTasks(),
                MemorySettings.of(Map.of()), new MemoryWork(UserIds.PLUGIN, "tech@msp.example", tenants),
                busy).fill(new UsersView());

        fleet.getFilter().setTag(" Managed");
        assertTrue(fleet.isSyncAll());
        assertEquals("managed", fleet.getSyncTag(), "the button says which tenants it syncs");
        fleet.syncNow();
        assertEquals(List.of(CONTOSO), asked, "the visible tenants tagged managed: not Fabrikam, not Hidden");
        assertTrue(fleet.getSyncStatus().orElseThrow().message().contains("0 of 1 tenants done"),
                fleet.getSyncStatus().orElseThrow().message());

        fleet.getFilter().setTag("");
        fleet.syncNow();
        assertEquals(List.of(CONTOSO, CONTOSO, FABRIKAM), asked, "no tag: every visible tenant");
        assertEquals(List.of(CONTOSO, FABRIKAM), fleet.getSyncProblems().stream().map(UsersView.SyncProblem::tenantId)
                .sorted().toList());
        fleet.getFilter().setTag("pilot");
        assertEquals(List.of(FABRIKAM), fleet.getSyncProblems().stream().map(UsersView.SyncProblem::tenantId)
                .toList(), "the banner follows the tag filter at once");
        fleet.getFilter().setTag("not a tag!");
        assertEquals("", fleet.getSyncTag(), "what cannot be a tag does not narrow the sync");
    }
}
