package dev.tenantry.plugins.usermanagement.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.testkit.EmulatorGraphAccess;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugin.testkit.ThreadTasks;
import dev.tenantry.plugins.usermanagement.InContoso;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Directory sync against the emulator, which serves users, their delta and deleted items like Microsoft Graph (pages of
 * at most 999, {@code $deltatoken=latest}, {@code @removed}, {@code 410 Gone} for a delta link it no longer knows): the
 * first sync reads everything in about N / 999 round trips, later ones only what changed, and the stored users always
 * match the directory — nothing lost, nothing twice.
 */
class DirectorySyncTest extends InContoso {

    static final List<String> DIRECTORY_PERMISSIONS = List.of("User.Read.All", "GroupMember.Read.All",
            "RoleManagement.Read.Directory", "LicenseAssignment.Read.All");

    DirectorySyncTest() {
        super(UserIds.DIRECTORY_SCOPES);
    }

    /** Where the sync asks for its next pages while it writes the page it has. */
    final ThreadTasks tasks = new ThreadTasks();

    DirectorySync directorySync() {
        return new DirectorySync(graph, store, new MemoryClaims(), tasks, Clock.systemUTC(), Duration.ofDays(1));
    }

    int roundTrips() {
        return emulator.requestLog().matching(entry -> entry.kind().equals("graph")).size();
    }

    long stored(RecordQuery query) {
        return store.count(query);
    }

    RecordQuery users() {
        return RecordQuery.of(UserStore.USER).inTenant(contoso.id());
    }

    void addUsers(int count, String prefix) {
        for (int i = 0; i < count; i++) {
            emulator.directory().addUser(contoso, Json.object().put("userPrincipalName", prefix + i + "@" + CONTOSO)
                    .put("displayName", "Bulk " + prefix + " " + i).put("accountEnabled", true), "x", List.of());
        }
    }

    @Test
    void theFirstSyncReadsEveryUserAPageOf999ARoundTripAndTakesItsDeltaLinkAlongTheWay() throws Exception {
        addUsers(2100, "bulk");
        int directory = contoso.users().size();
        emulator.requestLog().clear();

        SyncState state = directorySync().sync(contoso.id(), false);

        assertTrue(state.synced(), state.message());
        assertEquals(directory, stored(users().equal("state", UserStore.ACTIVE)), "every user, none twice");
        assertEquals(directory, state.users());
        assertNotNull(state.deltaLink(), "the delta link came with the first page");
        int pages = (directory + DirectorySync.PAGE - 1) / DirectorySync.PAGE;
        assertEquals(pages, roundTrips(), "one round trip per page of users: roles, subscriptions, deleted users "
                + "and the delta link went in the first page's batch");
        assertEquals(1, emulator.requestLog().matching(entry -> entry.kind().equals("graph-batch")
                && entry.path().contains("/users/delta")).size(), "no second read of everything for the delta link");
        assertEquals(pages, tasks.ran(), "each page was written while the next was asked for (the last one asking "
                + "for nothing)");
    }

    @Test
    void aNextPageMicrosoftWillNotAnswerNowEndsTheSyncUnavailableAndLosesNothing() throws Exception {
        addUsers(2100, "bulk");
        assertTrue(directorySync().sync(contoso.id(), true).synced());
        long before = stored(users());
        // The read beside the writing fails as a read of Microsoft's that stayed throttled does (GraphBatch gives up
        // after its rounds): the sync ends as if it had read it itself
        dev.tenantry.plugin.api.PluginTasks refused = new dev.tenantry.plugin.api.PluginTasks() {
            @Override
            public <T> java.util.concurrent.Future<T> beside(java.util.concurrent.Callable<T> task) {
                return java.util.concurrent.CompletableFuture.failedFuture(new dev.tenantry.plugin.api
                        .GraphUnavailableException("Microsoft Graph answered 503", Duration.ofSeconds(30), null));
            }
        };

        SyncState state = new DirectorySync(graph, store, new MemoryClaims(), refused, Clock.systemUTC(),
                Duration.ofDays(1)).sync(contoso.id(), true);

        assertEquals(SyncState.Outcome.UNAVAILABLE.name(), state.outcome(), state.message());
        assertTrue(state.message().contains("asked to wait 30 s"), state.message());
        assertEquals(before, stored(users()), "what the first page read was written, and nothing was removed");
        assertTrue(directorySync().sync(contoso.id(), true).synced(), "the next sync reads it all");
        assertEquals(before, stored(users()));
    }

    @Test
    void aFullReadOfAnUnchangedDirectoryRewritesNoUserAndOneChangeRewritesOnlyThatUser() throws Exception {
        addUsers(1200, "same");
        assertTrue(directorySync().sync(contoso.id(), true).synced());
        Map<String, Long> versions = new HashMap<>();
        contoso.users().forEach(user -> versions.put(user.id(), records.getVersioned(contoso.id(),
                UserStore.USER.name(), user.id()).orElseThrow().version()));
        DirectoryUser changed = contoso.user("same7@" + CONTOSO).orElseThrow();
        emulator.directory().change(contoso, changed, json -> json.put("department", "Finance"));

        SyncState again = directorySync().sync(contoso.id(), true);

        assertTrue(again.synced(), again.message());
        List<String> written = versions.entrySet().stream().filter(entry -> records.getVersioned(contoso.id(),
                UserStore.USER.name(), entry.getKey()).orElseThrow().version() != entry.getValue())
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(changed.id()), written, "only the user who changed was written again");
        assertEquals("Finance", store.get(contoso.id(), changed.id()).orElseThrow().department());
        assertEquals(versions.size(), stored(users()), "nothing removed, nothing twice");
    }

    @Test
    void aLaterSyncFollowsTheDeltaLinkAndWritesOnlyWhatChanged() throws Exception {
        directorySync().sync(contoso.id(), false);
        DirectoryUser adele = contoso.user("adele.vance@" + CONTOSO).orElseThrow();
        DirectoryUser diego = contoso.user("isaiah.langer@" + CONTOSO).or(() -> contoso.users().stream()
                .filter(user -> !user.id().equals(adele.id()) && user.directoryRoles().isEmpty()).findFirst())
                .orElseThrow();
        adele.json().put("department", "Retail").put("accountEnabled", false);
        emulator.directory().touch(contoso, adele);
        emulator.directory().deleteUser(contoso, diego);
        addUsers(3, "joiner");
        emulator.requestLog().clear();

        SyncState state = directorySync().sync(contoso.id(), false);

        assertTrue(state.synced(), state.message());
        assertEquals(1, roundTrips(), "a handful of changes: one page of delta, with roles and subscriptions");
        ManagedUser changed = store.get(contoso.id(), adele.id()).orElseThrow();
        assertEquals("Retail", changed.department());
        assertFalse(changed.accountEnabled());
        ManagedUser gone = store.get(contoso.id(), diego.id()).orElseThrow();
        assertTrue(gone.deleted(), "a deleted user shows as deleted for the 30 days Microsoft keeps them");
        assertEquals(contoso.users().size(), stored(users().equal("state", UserStore.ACTIVE)));
        assertEquals(3, stored(users().startsWith("upn", "joiner")));
        assertEquals(1, stored(users().equal("state", UserStore.DELETED)));
    }

    @Test
    void administratorsAreThoseWhoHoldADirectoryRoleAndFollowItsAssignments() throws Exception {
        directorySync().sync(contoso.id(), false);
        long administrators = contoso.users().stream().filter(user -> !user.directoryRoles().isEmpty()).count();
        assertTrue(administrators > 0, "the demo seed has administrators");
        assertEquals(administrators, stored(users().equal("admin", true)));
        ManagedUser megan = store.get(contoso.id(), contoso.user(GLOBAL_ADMIN).orElseThrow().id()).orElseThrow();
        assertEquals(contoso.user(GLOBAL_ADMIN).orElseThrow().directoryRoles().stream().sorted().toList(),
                megan.roles());
    }

    @Test
    void withoutTheDirectoryScopeSetTheSyncSaysConsentIsNeededAndStoresNothing() throws Exception {
        EmulatorGraphAccess nothingGranted = EmulatorGraphAccess.register(emulator);
        DirectorySync sync = new DirectorySync(nothingGranted, store, new MemoryClaims(), new ThreadTasks(),
                Clock.systemUTC(), Duration.ofDays(1));

        SyncState state = sync.sync(contoso.id(), false);

        assertEquals(SyncState.Outcome.CONSENT_REQUIRED.name(), state.outcome());
        assertNull(state.deltaLink());
        assertEquals(0, stored(users()));
        assertEquals(state, store.state(contoso.id()), "the outcome is kept for the page");
    }

    @Test
    void aFullSyncRemovesUsersTheDirectoryNoLongerHasAndKeepsDeletedOnesAsDeleted() throws Exception {
        directorySync().sync(contoso.id(), false);
        List<DirectoryUser> plain = contoso.users().stream().filter(user -> user.directoryRoles().isEmpty()).toList();
        DirectoryUser deleted = plain.get(0);
        emulator.directory().deleteUser(contoso, deleted);
        // A record of a user Microsoft no longer has at all (purged while Tenantry was not looking)
        store.put(contoso.id(), new ManagedUser("0b5a0c2e-0000-4000-8000-00000000dead", "Gone", "gone@" + CONTOSO,
                null, true, "Member", null, null, null, null, List.of(), List.of(), null, null, null, false, null));

        SyncState state = directorySync().sync(contoso.id(), true);

        assertTrue(state.synced(), state.message());
        assertTrue(store.get(contoso.id(), "0b5a0c2e-0000-4000-8000-00000000dead").isEmpty());
        assertTrue(store.get(contoso.id(), deleted.id()).orElseThrow().deleted());
        assertEquals(contoso.users().size() + contoso.deletedUsers().size(), stored(users()));
    }

    @Test
    void aDeltaLinkMicrosoftForgotReadsEverythingAgainAndLosesNothing() throws Exception {
        directorySync().sync(contoso.id(), false);
        DirectoryUser isaiah = contoso.user("isaiah.langer@" + CONTOSO).orElseThrow();
        emulator.directory().deleteUser(contoso, isaiah);
        addUsers(2, "rehire");
        emulator.expireDeltaTokens();
        emulator.requestLog().clear();

        SyncState state = directorySync().sync(contoso.id(), false);

        assertTrue(state.synced(), state.message());
        assertTrue(state.message().contains("in full"), state.message());
        assertEquals(1, emulator.requestLog().matching(entry -> entry.status() == 410).size(),
                "Microsoft said 410 once; the sync read everything instead");
        assertTrue(store.get(contoso.id(), isaiah.id()).orElseThrow().deleted());
        assertEquals(contoso.users().size(), stored(users().equal("state", UserStore.ACTIVE)));
        assertEquals(2, stored(users().startsWith("upn", "rehire")));

        SyncState next = directorySync().sync(contoso.id(), false);
        assertTrue(next.message().startsWith("No change"), "the new delta link works: " + next.message());
    }

    @Test
    void withActivityToo_aFullReadOfAnUnchangedDirectoryRewritesNoUser() throws Exception {
        graph.grant(UserIds.ACTIVITY_SCOPES, CONTOSO, GLOBAL_ADMIN, false, List.of("AuditLog.Read.All"));
        addUsers(2100, "same");
        assertTrue(directorySync().sync(contoso.id(), true).synced());
        Map<String, Long> versions = new HashMap<>();
        contoso.users().forEach(user -> versions.put(user.id(), records.getVersioned(contoso.id(),
                UserStore.USER.name(), user.id()).orElseThrow().version()));

        SyncState again = directorySync().sync(contoso.id(), true);

        assertTrue(again.synced(), again.message());
        assertEquals(SyncState.Activity.AVAILABLE.name(), again.activity());
        List<String> written = versions.entrySet().stream().filter(entry -> records.getVersioned(contoso.id(),
                UserStore.USER.name(), entry.getKey()).orElseThrow().version() != entry.getValue())
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), written, written.size() + " users written again, their sign-ins and registration "
                + "unchanged");
    }

    @Test
    void withTheActivityScopeSetLastSignInsAndMfaRegistrationAreRead() throws Exception {
        graph.grant(UserIds.ACTIVITY_SCOPES, CONTOSO, GLOBAL_ADMIN, false, List.of("AuditLog.Read.All"));

        SyncState state = directorySync().sync(contoso.id(), false);

        assertTrue(state.synced(), state.message());
        assertEquals(SyncState.Activity.AVAILABLE.name(), state.activity());
        long active = stored(users().equal("state", UserStore.ACTIVE));
        assertEquals(active, stored(users().equal("state", UserStore.ACTIVE).atLeast("last-sign-in",
                java.time.Instant.EPOCH)), "every user has a last sign-in, or 'never'");
        assertEquals(active, stored(users().equal("mfa", true)) + stored(users().equal("mfa", false)),
                "every user's registration was read, whatever order its pages came in");
        ManagedUser megan = store.get(contoso.id(), contoso.user(GLOBAL_ADMIN).orElseThrow().id()).orElseThrow();
        assertNotNull(megan.lastSignIn());
        assertNotNull(megan.methodsRegistered());
    }

    @Test
    void inATenantWithoutEntraIdP1TheDirectoryIsReadAndActivityIsNotLicensed() throws Exception {
        String patti = "patti.fernandez@fabrikam.example";
        graph.grant(UserIds.DIRECTORY_SCOPES, "fabrikam.example", patti, false, DIRECTORY_PERMISSIONS)
                .grant(UserIds.ACTIVITY_SCOPES, "fabrikam.example", patti, false, List.of("AuditLog.Read.All"));
        Tenant fabrikam = emulator.tenant("fabrikam.example");
        emulator.requestLog().clear();

        SyncState state = directorySync().sync(fabrikam.id(), false);

        assertTrue(state.synced(), state.message());
        assertEquals(SyncState.Activity.NOT_LICENSED.name(), state.activity());
        assertNotNull(state.activityCheckedAt());
        assertEquals(2, roundTrips(), "Microsoft refused the users with their sign-in activity: the users alone "
                + "again, the rest of the first batch stood");
        assertEquals(fabrikam.users().size(), store.count(RecordQuery.of(UserStore.USER).inTenant(fabrikam.id())
                .equal("state", UserStore.ACTIVE)));
        assertEquals(0, store.count(RecordQuery.of(UserStore.USER).inTenant(fabrikam.id()).atLeast("last-sign-in",
                java.time.Instant.EPOCH)), "no sign-in activity is claimed where Microsoft gives none");

        emulator.requestLog().clear();
        SyncState again = directorySync().sync(fabrikam.id(), true);
        assertEquals(1, roundTrips(), "a tenant known to lack Entra ID P1 is not asked for its activity at every "
                + "full read");
        assertEquals(SyncState.Activity.NOT_LICENSED.name(), again.activity());
        assertEquals(state.activityCheckedAt(), again.activityCheckedAt());

        emulator.requestLog().clear();
        Clock later = Clock.offset(Clock.systemUTC(), DirectorySync.LICENCE_RECHECK.plusHours(1));
        SyncState aWeekOn = new DirectorySync(graph, store, new MemoryClaims(), new ThreadTasks(), later,
                Duration.ofDays(1))
                .sync(fabrikam.id(), true);
        assertEquals(2, roundTrips(), "asked again a week on: the tenant may have bought it since");
        assertTrue(aWeekOn.activityCheckedAt().isAfter(state.activityCheckedAt()));
    }
}
