package dev.tenantry.plugins.teamsgovernance.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugins.teamsgovernance.InContoso;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A team's page reads every member, past Microsoft's first page, in as few round trips as the pages need. */
class TeamDetailsTest extends InContoso {

    TeamDetailsTest() {
        super(TeamsIds.BASIC_SCOPES, TeamsIds.HOME_SCOPES);
    }

    @Test
    void everyMemberOfALargeTeamIsReadWithTheOwnersFirst() throws Exception {
        List<DirectoryUser> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(emulator.directory().addUser(contoso, Json.object().put("userPrincipalName", "member" + i + "@"
                    + CONTOSO).put("displayName", "Member " + i).put("accountEnabled", true), "x", List.of()));
        }
        String team = team("All hands", user(GLOBAL_ADMIN), List.of(), many);

        TeamDetails.Shown shown = TeamDetails.read(graph, contoso.id(), team);

        assertEquals("", shown.problem());
        assertEquals(151, shown.people().size(), "past the first page of 100");
        assertEquals("owner", shown.people().get(0).role());
        assertEquals(1, shown.owners());
        assertTrue(shown.channels().stream().anyMatch(channel -> channel.name().equals("General")));
    }
}
