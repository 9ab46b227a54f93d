package dev.tenantry.plugins.teamsgovernance.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugin.testkit.MemoryClaims;
import dev.tenantry.plugins.teamsgovernance.InContoso;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a tenant's teams against the emulator, which serves them as Microsoft Graph does: the list without counts,
 * each team's owners, members and guests counted by {@code GET /teams/{id}}.
 */
class TeamSyncTest extends InContoso {

    TeamSyncTest() {
        super(TeamsIds.BASIC_SCOPES);
    }

    TeamStore store() {
        return new TeamStore(records);
    }

    TeamSync sync() {
        return new TeamSync(graph, store(), new MemoryClaims(), Clock.systemUTC());
    }

    int graphRequests() {
        return emulator.requestLog().matching(entry -> entry.kind().equals("graph")).size();
    }

    @Test
    void everyTeamIsStoredWithItsCountsAndTeamsWithoutEnoughOwnersAreFound() throws Exception {
        DirectoryUser megan = user(GLOBAL_ADMIN);
        DirectoryUser adele = user("adele.vance@contoso.example");
        DirectoryUser lee = user("lee.gu@contoso.example");
        String project = team("Project Phoenix", megan, List.of(adele), List.of(lee));
        String solo = team("Solo", megan, List.of(), List.of(adele, lee));
        for (int i = 0; i < 45; i++) {
            team("Bulk " + i, megan, List.of(adele), List.of());
        }
        // A team whose every owner left: its only owner removed afterwards
        String orphan = team("Orphan", megan, List.of(), List.of(adele));
        emulator.directory().removeGroupOwner(contoso, orphan, megan.id());
        emulator.requestLog().clear();

        TeamStore.ReadState state = sync().read(contoso.id());

        assertTrue(state.read(), state.message());
        assertEquals(48, state.teams());
        RecordQuery all = RecordQuery.of(TeamStore.TEAM).inTenant(contoso.id());
        assertEquals(48, store().count(all));
        TeamRow phoenix = store().team(contoso.id(), project).orElseThrow();
        assertEquals("Project Phoenix", phoenix.displayName());
        assertEquals(2, phoenix.owners());
        assertEquals(1, phoenix.members());
        assertEquals("OK", phoenix.ownership());
        assertEquals("ONE", store().team(contoso.id(), solo).orElseThrow().ownership());
        assertEquals(List.of(orphan), store().find(all.equal("ownership", "NONE"), 0, 10).stream()
                .map(found -> found.team().id()).toList());
        assertEquals(1, store().count(all.startsWith("name", "project p")));
        // One page of teams (Microsoft's default, 100), their details twenty to a batch: 1 + ceil(48 / 20)
        assertEquals(1 + 3, graphRequests(), "the list, then the details in batches: "
                + emulator.requestLog().matching(entry -> entry.kind().equals("graph")));
    }

    @Test
    void adatumsSeededTeamsAreReadWithTheOneWhoseOwnersLeftFlagged() throws Exception {
        dev.tenantry.plugin.testkit.EmulatorGraphAccess adatum = dev.tenantry.plugin.testkit.EmulatorGraphAccess
                .register(emulator).grant(TeamsIds.BASIC_SCOPES, "adatum.example", "nestor.wilke@adatum.example",
                        false, List.of("User.ReadBasic.All", "Team.ReadBasic.All", "Channel.ReadBasic.All"));
        String tenant = emulator.tenant("adatum.example").id();

        TeamStore.ReadState state = new TeamSync(adatum, store(), new MemoryClaims(), Clock.systemUTC()).read(tenant);

        assertTrue(state.read(), state.message());
        assertEquals(4, state.teams(), state.message());
        assertEquals(List.of("old intranet"), store().find(RecordQuery.of(TeamStore.TEAM).inTenant(tenant)
                .equal("ownership", "NONE"), 0, 10).stream().map(found -> found.team().displayName()
                .toLowerCase(java.util.Locale.ROOT)).toList());
    }

    @Test
    void aTeamGoneSinceTheLastReadGoesFromTheStore() throws Exception {
        DirectoryUser megan = user(GLOBAL_ADMIN);
        String kept = team("Kept", megan, List.of(), List.of());
        String gone = team("Gone", megan, List.of(), List.of());
        assertTrue(sync().read(contoso.id()).read());
        emulator.directory().deleteGroup(contoso, gone);

        TeamStore.ReadState state = sync().read(contoso.id());

        assertTrue(state.message().contains("1 gone since the last read"), state.message());
        assertTrue(store().team(contoso.id(), kept).isPresent());
        assertFalse(store().team(contoso.id(), gone).isPresent());
    }

    @Test
    void aTenantWithoutConsentIsKeptAsSuchAndNothingIsRead() throws Exception {
        graph = dev.tenantry.plugin.testkit.EmulatorGraphAccess.register(emulator);

        TeamStore.ReadState state = sync().read(contoso.id());

        assertEquals("CONSENT_REQUIRED", state.outcome());
        assertEquals("CONSENT_REQUIRED", store().lastRead(contoso.id()).orElseThrow().outcome());
    }
}
