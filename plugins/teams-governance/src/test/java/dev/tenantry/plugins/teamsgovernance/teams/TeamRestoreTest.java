package dev.tenantry.plugins.teamsgovernance.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugins.teamsgovernance.InAdatum;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A team deleted in the last 30 days is listed among the deleted groups that were teams, and restored whole. */
class TeamRestoreTest extends InAdatum {

    TeamRestoreTest() {
        super();
    }

    @org.junit.jupiter.api.BeforeEach
    void integrationAccount() throws Exception {
        graph.grantAsDeclared(ADATUM, GLOBAL_ADMIN, TeamsIds.RESTORE_SCOPES);
    }

    @Test
    void aDeletedTeamIsListedAndRestoredWithItsChannelsWhileADeletedPlainGroupIsNotOffered() throws Exception {
        String intranet = emulator.directory().teams().teams(adatum).stream().filter(team -> team.path("displayName")
                .asText().equals("Old Intranet")).findFirst().orElseThrow().path("id").asText();
        String plain = emulator.directory().addGroup(adatum, dev.tenantry.emulator.http.Json.object()
                .put("displayName", "Plain").put("mailEnabled", true).put("securityEnabled", false)
                .put("mailNickname", "plain").set("groupTypes", dev.tenantry.emulator.http.Json.array()
                        .add("Unified")), List.of()).path("id").asText();
        emulator.directory().deleteGroup(adatum, intranet);
        emulator.directory().deleteGroup(adatum, plain);

        List<TeamRestore.Deleted> deleted = TeamRestore.deleted(graph, adatum.id());

        assertEquals(List.of("Old Intranet"), deleted.stream().map(TeamRestore.Deleted::displayName).toList());
        TeamRestore.restore(graph, adatum.id(), intranet);
        assertTrue(emulator.directory().teams().exists(adatum, intranet));
        assertEquals(1, emulator.directory().teams().channels(adatum, intranet).size(), "General, as it was");
        assertTrue(TeamRestore.deleted(graph, adatum.id()).isEmpty());
    }
}
