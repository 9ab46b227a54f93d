package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.Teams;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Microsoft Teams as Graph v1.0 answers it: a team created asynchronously (202, the operation followed until done),
 * its channels, tabs, apps, members and settings, archiving, and who may do each (permissions, and for a delegated
 * caller membership or the Teams Administrator role).
 */
class TeamsTest {

    static M365Emulator emulator;
    Tenant contoso;
    GraphCallers callers;
    DirectoryUser adele;
    DirectoryUser lee;

    @BeforeAll
    static void start() {
        emulator = M365Emulator.builder().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        callers = new GraphCallers(emulator, "5b3c1e7a-94d2-4f60-8a1b-c2e9d7f04a18", "teams-tests-secret");
        contoso = emulator.tenant("contoso.example");
        adele = contoso.user("adele.vance@contoso.example").orElseThrow();
        lee = contoso.user("lee.gu@contoso.example").orElseThrow();
    }

    @Test
    void theDemoSeedGivesAdatumTeamsWithPrivateChannelsAnOrphanAndAServiceAccountWhoseMfaIsEnforced() {
        Tenant adatum = emulator.tenant("adatum.example");
        Teams teams = emulator.directory().teams();
        java.util.Map<String, String> byName = new java.util.TreeMap<>();
        teams.teams(adatum).forEach(team -> byName.put(team.path("displayName").asText(), team.path("id").asText()));
        assertEquals(List.of("Adatum Marketing", "IT Operations", "Old Intranet", "Project Phoenix"),
                List.copyOf(byName.keySet()));
        assertEquals(2, adatum.groupOwners(byName.get("Project Phoenix")).size());
        assertEquals(List.of(), adatum.groupOwners(byName.get("Old Intranet")), "its owners left");
        assertEquals(List.of("General:standard", "Design:standard", "Leadership:private"), teams.channels(adatum,
                byName.get("Project Phoenix")).stream().map(channel -> channel.path("displayName").asText() + ":"
                + channel.path("membershipType").asText()).toList());
        DirectoryUser service = adatum.user("svc-teams@adatum.example").orElseThrow();
        assertTrue(service.mfaEnforced());
        assertEquals(java.util.Set.of(DirectoryRoles.TEAMS_ADMINISTRATOR), service.directoryRoles());
    }

    @Test
    void aTeamIsCreatedAsynchronouslyWithItsChannelsTabsAndAppsAndThereOnceItsOperationIsDone() throws Exception {
        String token = callers.appOnly(contoso, "Team.Create", "Team.ReadBasic.All", "Channel.ReadBasic.All",
                "TeamsTab.Read.All", "TeamsAppInstallation.ReadForTeam.All", "TeamMember.Read.All");
        HttpResponse<String> created = create(token, "Project Falcon", owner(adele) + "," + member(lee));

        assertEquals(202, created.statusCode(), created.body());
        assertEquals("", created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String teamId = location.replaceFirst("^/teams\\('([^']+)'\\).*$", "$1");
        assertEquals("/teams('" + teamId + "')", created.headers().firstValue("Content-Location").orElseThrow());
        JsonNode running = Json.parse(callers.call(token, "GET", location, null).body());
        assertEquals("inProgress", running.path("status").asText());
        assertEquals("createTeam", running.path("operationType").asText());
        assertEquals(404, callers.call(token, "GET", "/teams/" + teamId, null).statusCode(),
                "not there while it is being created");

        emulator.advanceClock(Teams.DEFAULT_PROVISIONING);
        JsonNode done = Json.parse(callers.call(token, "GET", location, null).body());
        assertEquals("succeeded", done.path("status").asText());
        assertEquals("/teams('" + teamId + "')", done.path("targetResourceLocation").asText());
        JsonNode team = Json.parse(callers.call(token, "GET", "/teams/" + teamId, null).body());
        assertEquals("Project Falcon", team.path("displayName").asText());
        assertEquals("private", team.path("visibility").asText());
        assertFalse(team.path("isArchived").asBoolean());
        assertFalse(team.path("guestSettings").path("allowCreateUpdateChannels").asBoolean());
        assertEquals(1, team.path("summary").path("ownersCount").asInt());
        assertEquals(1, team.path("summary").path("membersCount").asInt());
        assertTrue(contoso.group(teamId).orElseThrow().path("resourceProvisioningOptions").toString()
                .contains("Team"), "a Microsoft 365 group provisioned for Teams");

        JsonNode channels = Json.parse(callers.call(token, "GET", "/teams/" + teamId + "/channels", null).body());
        assertEquals(List.of("General", "Planning"), names(channels));
        String planning = channels.path("value").get(1).path("id").asText();
        JsonNode tabs = Json.parse(callers.call(token, "GET", "/teams/" + teamId + "/channels/" + planning
                + "/tabs?$expand=teamsApp", null).body());
        assertEquals(List.of("Site"), names(tabs));
        assertEquals("com.microsoft.teamspace.tab.web", tabs.path("value").get(0).path("teamsApp").path("id")
                .asText());
        JsonNode apps = Json.parse(callers.call(token, "GET", "/teams/" + teamId + "/installedApps?$expand=teamsApp",
                null).body());
        assertEquals("Tasks by Planner and To Do", apps.path("value").get(0).path("teamsApp").path("displayName")
                .asText());
        JsonNode members = Json.parse(callers.call(token, "GET", "/teams/" + teamId + "/members", null).body());
        assertEquals(2, members.path("value").size());
        assertEquals("owner", members.path("value").get(0).path("roles").get(0).asText());
        JsonNode listed = Json.parse(callers.call(token, "GET", "/teams", null).body()).path("value").get(0);
        assertEquals(List.of("description", "displayName", "id"), sortedFields(listed),
                "the list gives only id, displayName and description");
    }

    @Test
    void aCreationMicrosoftWouldRefuseIsRefusedBeforeAnythingIsMade() throws Exception {
        String token = callers.appOnly(contoso, "Team.Create");
        int groups = contoso.groups().size();

        assertEquals(400, create(token, "No owner", member(lee)).statusCode(), "an application names one owner");
        assertEquals(400, callers.call(token, "POST", "/teams", Json.write(Json.object().put("displayName", "x")
                .put("template@odata.bind", emulator.graphBaseUrl() + "/teamsTemplates('nonsense')"))).statusCode());
        HttpResponse<String> badChannel = callers.call(token, "POST", "/teams", "{\"template@odata.bind\": \""
                + emulator.graphBaseUrl() + "/teamsTemplates('standard')\", \"displayName\": \"Bad\", \"members\": ["
                + owner(adele) + "], \"channels\": [{\"displayName\": \"Q1 / Q2\"}]}");
        assertEquals(400, badChannel.statusCode());
        assertTrue(Json.parse(badChannel.body()).path("error").path("message").asText().contains("invalid"));
        emulator.advanceClock(Duration.ofMinutes(1));
        assertEquals(groups, contoso.groups().size(), "no group made by a refused creation");
    }

    @Test
    void eachEndpointTakesItsPermission() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        String reader = callers.appOnly(contoso, "Team.ReadBasic.All");
        assertEquals(403, create(reader, "Nope", owner(adele)).statusCode(), "reading teams is not creating them");
        String creator = callers.appOnly(contoso, "Team.Create");
        String teamId = teamOf(create(creator, "Allowed", owner(adele)));
        assertEquals(200, callers.call(creator, "GET", "/teams/" + teamId, null).statusCode(),
                "Team.ReadBasic.All granted before");
        assertEquals(403, callers.call(creator, "POST", "/teams/" + teamId + "/channels",
                "{\"displayName\": \"More\"}").statusCode(), "Channel.Create is needed");
        String channels = callers.appOnly(contoso, "Channel.Create");
        assertEquals(201, callers.call(channels, "POST", "/teams/" + teamId + "/channels",
                "{\"displayName\": \"More\"}").statusCode());
        assertEquals(403, callers.call(channels, "PATCH", "/teams/" + teamId,
                "{\"memberSettings\": {\"allowDeleteChannels\": false}}").statusCode(), "TeamSettings.ReadWrite.All");
    }

    @Test
    void aDelegatedCallerReachesATeamAsItsMemberOrOwnerOrAsATeamsAdministrator() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        String[] scopes = {"Team.Create", "Team.ReadBasic.All", "Channel.Create", "Channel.ReadBasic.All",
                "TeamMember.ReadWrite.All"};
        DirectoryUser creator = callers.user(contoso, "creator");
        String creatorToken = callers.delegated(contoso, creator, scopes);
        // A delegated creator becomes an owner without naming itself
        String teamId = teamOf(create(creatorToken, "Delegated team", member(lee)));
        assertTrue(contoso.groupOwners(teamId).contains(creator.id()));

        String outsider = callers.delegated(contoso, callers.user(contoso, "outsider"), scopes);
        assertEquals(403, callers.call(outsider, "GET", "/teams/" + teamId, null).statusCode());
        String leeToken = callers.delegated(contoso, lee, scopes);
        assertEquals(200, callers.call(leeToken, "GET", "/teams/" + teamId, null).statusCode(), "a member reads");
        assertEquals(403, callers.call(leeToken, "POST", "/teams/" + teamId + "/channels",
                "{\"displayName\": \"Mine\"}").statusCode(), "a member does not change it");
        String admin = callers.delegated(contoso, callers.user(contoso, "teams-admin",
                DirectoryRoles.TEAMS_ADMINISTRATOR), scopes);
        assertEquals(201, callers.call(admin, "POST", "/teams/" + teamId + "/channels",
                "{\"displayName\": \"Operations\"}").statusCode(), "a Teams Administrator changes any team");
        HttpResponse<String> again = callers.call(creatorToken, "POST", "/teams/" + teamId + "/channels",
                "{\"displayName\": \"OPERATIONS\"}");
        assertEquals(400, again.statusCode(), "channel names are unique whatever their case");
    }

    @Test
    void privateChannelsHaveTheirOwnMembersFromTheTeam() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        String token = callers.appOnly(contoso, "Team.Create", "Channel.Create", "ChannelMember.ReadWrite.All",
                "TeamMember.ReadWrite.All", "Channel.ReadBasic.All");
        String teamId = teamOf(create(token, "Finance", owner(adele) + "," + member(lee)));
        assertEquals(400, callers.call(token, "POST", "/teams/" + teamId + "/channels", "{\"displayName\": "
                + "\"Payroll\", \"membershipType\": \"private\", \"members\": [" + member(lee) + "]}").statusCode(),
                "an application names the private channel's owner");
        HttpResponse<String> made = callers.call(token, "POST", "/teams/" + teamId + "/channels", "{\"displayName\": "
                + "\"Payroll\", \"membershipType\": \"private\", \"members\": [" + owner(adele) + "]}");
        assertEquals(201, made.statusCode(), made.body());
        String payroll = Json.parse(made.body()).path("id").asText();
        assertEquals(1, Json.parse(callers.call(token, "GET", "/teams/" + teamId + "/channels/" + payroll
                + "/members", null).body()).path("value").size());
        assertEquals(201, callers.call(token, "POST", "/teams/" + teamId + "/channels/" + payroll + "/members",
                member(lee)).statusCode());
        DirectoryUser stranger = callers.user(contoso, "stranger");
        assertEquals(400, callers.call(token, "POST", "/teams/" + teamId + "/channels/" + payroll + "/members",
                member(stranger)).statusCode(), "only the team's members join its private channels");
        String general = Json.parse(callers.call(token, "GET", "/teams/" + teamId + "/channels", null).body())
                .path("value").get(0).path("id").asText();
        assertEquals(400, callers.call(token, "POST", "/teams/" + teamId + "/channels/" + general + "/members",
                member(stranger)).statusCode(), "a standard channel's members are the team's");
    }

    @Test
    void membersAndOwnersAreTheGroupsAndTheLastOwnerStays() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        String token = callers.appOnly(contoso, "Team.Create", "TeamMember.ReadWrite.All");
        String teamId = teamOf(create(token, "Sales EMEA", owner(adele)));
        HttpResponse<String> added = callers.call(token, "POST", "/teams/" + teamId + "/members", member(lee));
        assertEquals(201, added.statusCode(), added.body());
        assertTrue(contoso.groupMembers(teamId).contains(lee.id()));
        String leeMembership = Json.parse(added.body()).path("id").asText();
        assertEquals(204, callers.call(token, "DELETE", "/teams/" + teamId + "/members/" + leeMembership, null)
                .statusCode());
        assertFalse(contoso.groupMembers(teamId).contains(lee.id()));
        assertEquals(404, callers.call(token, "DELETE", "/teams/" + teamId + "/members/" + leeMembership, null)
                .statusCode());
        String adeleMembership = Json.parse(callers.call(token, "GET", "/teams/" + teamId + "/members", null).body())
                .path("value").get(0).path("id").asText();
        assertEquals(400, callers.call(token, "DELETE", "/teams/" + teamId + "/members/" + adeleMembership, null)
                .statusCode(), "the last owner");
        assertEquals(400, callers.call(token, "POST", "/teams/" + teamId + "/members", member(adele)).statusCode(),
                "nor made a member only");
        assertTrue(contoso.groupOwners(teamId).contains(adele.id()));
    }

    @Test
    void anArchivedTeamIsReadOnlyUntilUnarchived() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        String token = callers.appOnly(contoso, "Team.Create", "TeamSettings.ReadWrite.All", "Channel.Create");
        String teamId = teamOf(create(token, "Old project", owner(adele)));
        HttpResponse<String> archive = callers.call(token, "POST", "/teams/" + teamId + "/archive", "{}");
        assertEquals(202, archive.statusCode());
        assertTrue(archive.headers().firstValue("Location").orElseThrow().contains("/operations('"));
        assertTrue(Json.parse(callers.call(token, "GET", "/teams/" + teamId, null).body()).path("isArchived")
                .asBoolean());
        assertEquals(403, callers.call(token, "POST", "/teams/" + teamId + "/channels", "{\"displayName\": \"New\"}")
                .statusCode());
        assertEquals(403, callers.call(token, "PATCH", "/teams/" + teamId, "{\"funSettings\": {\"allowGiphy\": "
                + "false}}").statusCode());
        assertEquals(202, callers.call(token, "POST", "/teams/" + teamId + "/unarchive", "{}").statusCode());
        assertEquals(201, callers.call(token, "POST", "/teams/" + teamId + "/channels", "{\"displayName\": \"New\"}")
                .statusCode());
        assertEquals(204, callers.call(token, "PATCH", "/teams/" + teamId, "{\"funSettings\": {\"allowGiphy\": "
                + "false}}").statusCode());
        assertFalse(Json.parse(callers.call(token, "GET", "/teams/" + teamId, null).body()).path("funSettings")
                .path("allowGiphy").asBoolean());
        assertEquals(400, callers.call(token, "PATCH", "/teams/" + teamId, "{\"memberSettings\": {\"allowAll\": "
                + "true}}").statusCode(), "an unknown setting");
    }

    @Test
    void teamsServiceLimitsThrottleCreationsAndRequestsOnOneTeamWhenSwitchedOn() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        String token = callers.appOnly(contoso, "Team.Create", "Team.ReadBasic.All");
        String teamId = teamOf(create(token, "Before the limits", owner(adele)));
        emulator.faults().teamsLimits(true);

        // Eight creations in one batch, within a second: Teams lets an application create 6 teams a second per tenant
        StringBuilder batch = new StringBuilder("{\"requests\": [");
        for (int i = 1; i <= 8; i++) {
            batch.append(i == 1 ? "" : ",").append("{\"id\": \"").append(i).append("\", \"method\": \"POST\", "
                    + "\"url\": \"/teams\", \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": {"
                    + "\"template@odata.bind\": \"").append(emulator.graphBaseUrl())
                    .append("/teamsTemplates('standard')\", "
                    + "\"displayName\": \"Burst ").append(i).append("\", \"members\": [").append(owner(adele))
                    .append("]}}");
        }
        JsonNode answers = Json.parse(callers.call(token, "POST", "/$batch", batch.append("]}").toString()).body());
        assertEquals(List.of(202, 202, 202, 202, 202, 202, 429, 429), statuses(answers));
        assertEquals("1", answers.path("responses").get(7).path("headers").path("Retry-After").asText());

        // Five reads of one team in one batch: at most 4 requests a second on a given team
        StringBuilder reads = new StringBuilder("{\"requests\": [");
        for (int i = 1; i <= 5; i++) {
            reads.append(i == 1 ? "" : ",").append("{\"id\": \"").append(i).append("\", \"method\": \"GET\", "
                    + "\"url\": \"/teams/").append(teamId).append("\"}");
        }
        assertEquals(List.of(200, 200, 200, 200, 429), statuses(Json.parse(callers.call(token, "POST", "/$batch",
                reads.append("]}").toString()).body())));

        emulator.advanceClock(Duration.ofSeconds(1));
        assertEquals(200, callers.call(token, "GET", "/teams/" + teamId, null).statusCode(), "the next second");
        emulator.faults().teamsLimits(false);
    }

    private static List<Integer> statuses(JsonNode batch) {
        List<Integer> statuses = new ArrayList<>();
        List<JsonNode> responses = new ArrayList<>();
        batch.path("responses").forEach(responses::add);
        responses.sort(java.util.Comparator.comparingInt(response -> response.path("id").asInt()));
        responses.forEach(response -> statuses.add(response.path("status").asInt()));
        return statuses;
    }

    private HttpResponse<String> create(String token, String name, String members) throws Exception {
        String body = "{\"template@odata.bind\": \"" + emulator.graphBaseUrl() + "/teamsTemplates('standard')\", "
                + "\"displayName\": \"" + name + "\", \"description\": \"" + name + " work\", \"visibility\": "
                + "\"Private\", \"members\": [" + members + "], \"channels\": [{\"displayName\": \"Planning\", "
                + "\"tabs\": [{\"displayName\": \"Site\", \"teamsApp@odata.bind\": \"" + emulator.graphBaseUrl()
                + "/appCatalogs/teamsApps('com.microsoft.teamspace.tab.web')\", \"configuration\": {\"contentUrl\": "
                + "\"https://contoso.example/falcon\"}}]}], \"installedApps\": [{\"teamsApp@odata.bind\": \""
                + emulator.graphBaseUrl() + "/appCatalogs/teamsApps('com.microsoft.teamspace.tab.planner')\"}]}";
        return callers.call(token, "POST", "/teams", body);
    }

    private String teamOf(HttpResponse<String> created) {
        assertEquals(202, created.statusCode(), created.body());
        return created.headers().firstValue("Content-Location").orElseThrow().replaceFirst("^/teams\\('([^']+)'\\)$",
                "$1");
    }

    private String owner(DirectoryUser user) {
        return "{\"@odata.type\": \"#microsoft.graph.aadUserConversationMember\", \"roles\": [\"owner\"], "
                + "\"user@odata.bind\": \"" + emulator.graphBaseUrl() + "/users('" + user.id() + "')\"}";
    }

    private String member(DirectoryUser user) {
        return "{\"@odata.type\": \"#microsoft.graph.aadUserConversationMember\", \"roles\": [], "
                + "\"user@odata.bind\": \"" + emulator.graphBaseUrl() + "/users('" + user.id() + "')\"}";
    }

    private static List<String> names(JsonNode collection) {
        List<String> names = new ArrayList<>();
        collection.path("value").forEach(item -> names.add(item.path("displayName").asText()));
        return names;
    }

    private static List<String> sortedFields(JsonNode node) {
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        fields.sort(null);
        return fields;
    }
}
