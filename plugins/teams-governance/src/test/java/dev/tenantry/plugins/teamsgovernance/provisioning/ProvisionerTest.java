package dev.tenantry.plugins.teamsgovernance.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Teams;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.plugins.teamsgovernance.InAdatum;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import dev.tenantry.plugins.teamsgovernance.requests.RequestStore;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Provisioning against the emulator, as Adatum's service account: the team made in one request and followed through
 * Microsoft's operation, its private channel and label after; a failure mid-way retried without a second team.
 */
class ProvisionerTest extends InAdatum {

    ProvisionerTest() {
        super(TeamsIds.PROVISIONING_SCOPES, TeamsIds.LABEL_SCOPES);
    }

    Provisioner provisioner() {
        return new Provisioner(graph, new RequestStore(records), audit, notifications, Clock.systemUTC());
    }

    TeamRequest stored(TeamRequest request) {
        return new RequestStore(records).get(request.tenantId(), request.id()).orElseThrow().request();
    }

    List<ObjectNode> teamsNamed(String name) {
        return emulator.directory().teams().teams(adatum).stream()
                .filter(team -> team.path("displayName").asText().equals(name)).toList();
    }

    String confidential() {
        return dev.tenantry.emulator.directory.Directory.stableId(adatum.id(), "sensitivityLabel", "Confidential");
    }

    @Test
    void anApprovedRequestBecomesATeamWithItsChannelsTabOwnersAndLabelAndItsRequesterIsMailed() throws Exception {
        TeamRequest request = approved(template(confidential()), "Falcon");

        Provisioner.Outcome first = provisioner().provision(adatum.id(), request.id());
        assertEquals(TeamRequest.PROVISIONING, first.state(), first.message());
        assertTrue(first.again().isPresent(), "Microsoft is still making it: look again soon");
        assertTrue(first.again().get().isBefore(java.time.Instant.now().plusSeconds(3)), "two seconds on at first");
        assertTrue(teamsNamed("PRJ-Falcon").isEmpty());

        emulator.advanceClock(Teams.DEFAULT_PROVISIONING);
        Provisioner.Outcome second = provisioner().provision(adatum.id(), request.id());

        assertEquals(TeamRequest.PROVISIONED, second.state(), second.message());
        List<ObjectNode> made = teamsNamed("PRJ-Falcon");
        assertEquals(1, made.size());
        String teamId = made.get(0).path("id").asText();
        assertEquals(teamId, stored(request).provisioning().teamId());
        assertEquals(List.of("General", "Design", "Leadership"), emulator.directory().teams().channels(adatum, teamId)
                .stream().map(channel -> channel.path("displayName").asText()).toList());
        String design = emulator.directory().teams().channels(adatum, teamId).get(1).path("id").asText();
        assertEquals("Wiki", emulator.directory().teams().tabs(adatum, teamId, design).get(0).path("displayName")
                .asText());
        List<String> owners = adatum.groupOwners(teamId);
        assertTrue(owners.containsAll(List.of(user("lynne.robbins").id(), user("johanna.lorenz").id(),
                user(SERVICE_ACCOUNT).id())), "the request's owners, and the account that made it");
        assertTrue(adatum.groupMembers(teamId).contains(user("pradeep.gupta").id()));
        assertEquals("Confidential", adatum.group(teamId).orElseThrow().path("assignedLabels").get(0)
                .path("displayName").asText());
        assertEquals(List.of("team", "channel:Leadership", "label"), stored(request).provisioning().done());
        assertEquals(1, audit.of("team.provisioned").size());
        assertEquals(List.of("sam.patel@northwind-msp.example"), notifications.mails().get(0).to());
    }

    @Test
    void aTeamStillBeingMadeIsLookedAtAgainTwiceAsLateEachTimeUpToAMinute() {
        assertEquals(Duration.ofSeconds(2), Provisioner.follow(1));
        assertEquals(Duration.ofSeconds(4), Provisioner.follow(2));
        assertEquals(Duration.ofSeconds(32), Provisioner.follow(5));
        assertEquals(Duration.ofMinutes(1), Provisioner.follow(6));
        assertEquals(Duration.ofMinutes(1), Provisioner.follow(400));
    }

    @Test
    void aFailureMidWayIsRetriedFromWhereItStoppedWithoutASecondTeam() throws Exception {
        TeamRequest request = approved(template(null), "Osprey");
        Provisioner provisioner = provisioner();
        assertEquals(TeamRequest.PROVISIONING, provisioner.provision(adatum.id(), request.id()).state());
        String teamId = stored(request).provisioning().teamId();
        // The team is made, then its private channel cannot be: the connection drops
        emulator.faults().add(Faults.Kind.DROP_CONNECTION, adatum.id(), "/teams/" + teamId + "/channels",
                Duration.ZERO, 3);
        emulator.advanceClock(Teams.DEFAULT_PROVISIONING);

        Provisioner.Outcome failed = provisioner.provision(adatum.id(), request.id());

        assertEquals(TeamRequest.FAILED, failed.state(), failed.message());
        TeamRequest kept = stored(request);
        assertEquals(List.of("team"), kept.provisioning().done(), "what was done");
        assertTrue(kept.provisioning().failed().startsWith("channel:Leadership"), kept.provisioning().failed());

        emulator.faults().clear();
        RequestStore.Read read = new RequestStore(records).get(adatum.id(), request.id()).orElseThrow();
        new RequestStore(records).write(read.request().with(TeamRequest.APPROVED, read.request().provisioning()),
                read.version());
        Provisioner.Outcome retried = provisioner.provision(adatum.id(), request.id());

        assertEquals(TeamRequest.PROVISIONED, retried.state(), retried.message());
        assertEquals(1, teamsNamed("PRJ-Osprey").size(), "no second team");
        assertEquals(3, emulator.directory().teams().channels(adatum, teamId).size());
    }

    @Test
    void aTeamMadeFromATemplateWithAnExpiryIsFollowedUntilItExpires() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        var base = template(null);
        var expiring = new dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate(base.id(), base.tenantId(),
                base.version(), base.name(), base.description(), base.baseTemplate(), base.visibility(),
                base.channels(), base.apps(), base.memberSettings(), base.guestSettings(), base.guestsAllowed(),
                base.naming(), base.minOwners(), "", "", 180, List.of(), false, base.changedBy(), base.changedAt());
        TeamRequest request = approved(expiring, "Heron");
        var schedule = new dev.tenantry.plugin.testkit.MemorySchedule(new dev.tenantry.plugins.teamsgovernance
                .LifecycleJob());
        var lifecycle = new dev.tenantry.plugins.teamsgovernance.lifecycle.Lifecycle(graph, records, audit,
                notifications, schedule, new dev.tenantry.plugin.testkit.MemorySecrets(), Clock.systemUTC());

        assertEquals(TeamRequest.PROVISIONED, provisioner().following(lifecycle).provision(adatum.id(), request.id())
                .state());

        var followed = lifecycle.get(adatum.id(), stored(request).provisioning().teamId()).orElseThrow().team();
        assertEquals(List.of("lynne.robbins@adatum.example", "johanna.lorenz@adatum.example"), followed.owners());
        assertTrue(followed.expiresAt().isAfter(java.time.Instant.now().plus(Duration.ofDays(179))));
        assertTrue(schedule.asked(dev.tenantry.plugins.teamsgovernance.lifecycle.Lifecycle.JOB, adatum.id())
                .isPresent());
    }

    @Test
    void aTeamMadeBeforeTheAnswerWasLostIsTakenAsTheRequestsOwn() throws Exception {
        emulator.directory().teams().provisioning(Duration.ZERO);
        TeamRequest request = approved(template(null), "Kestrel");
        // A run asked Microsoft for the team and stopped before keeping the answer
        ObjectNode body = dev.tenantry.emulator.http.Json.object().put("displayName", "PRJ-Kestrel")
                .put("template@odata.bind", emulator.graphBaseUrl() + "/teamsTemplates('standard')");
        var members = body.putArray("members");
        for (String owner : List.of("lynne.robbins", "johanna.lorenz")) {
            members.addObject().put("user@odata.bind", emulator.graphBaseUrl() + "/users('" + user(owner).id() + "')")
                    .putArray("roles").add("owner");
        }
        String earlier = emulator.directory().teams().create(adatum, body, user(SERVICE_ACCOUNT)).teamId();

        Provisioner.Outcome outcome = provisioner().provision(adatum.id(), request.id());

        assertEquals(TeamRequest.PROVISIONED, outcome.state(), outcome.message());
        assertEquals(earlier, stored(request).provisioning().teamId());
        assertEquals(1, teamsNamed("PRJ-Kestrel").size());
    }
}
