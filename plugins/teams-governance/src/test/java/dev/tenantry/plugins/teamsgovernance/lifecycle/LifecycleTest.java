package dev.tenantry.plugins.teamsgovernance.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.testkit.MemorySchedule;
import dev.tenantry.plugin.testkit.MemorySecrets;
import dev.tenantry.plugin.testkit.MovingClock;
import dev.tenantry.plugins.teamsgovernance.InAdatum;
import dev.tenantry.plugins.teamsgovernance.LifecycleJob;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Teams made from a template with an expiry, against the emulator: their owners asked to renew them a fortnight
 * before, a renewal through an owner's link keeps them another term, and a team nobody renewed is archived at its
 * expiry by the tenant's service account; each date asks for the run that handles it.
 */
class LifecycleTest extends InAdatum {

    final MovingClock clock = new MovingClock(Instant.parse("2026-12-01T09:00:00Z"));
    final MemorySecrets secrets = new MemorySecrets();
    MemorySchedule schedule;
    String phoenix;

    LifecycleTest() {
        super(TeamsIds.ARCHIVE_SCOPES);
    }

    @BeforeEach
    void phoenix() {
        schedule = new MemorySchedule(clock, new LifecycleJob());
        phoenix = emulator.directory().teams().teams(adatum).stream().filter(team -> team.path("displayName")
                .asText().equals("Project Phoenix")).findFirst().orElseThrow().path("id").asText();
    }

    Lifecycle lifecycle() {
        return new Lifecycle(graph, records, audit, notifications, schedule, secrets, clock);
    }

    /** A run as the host starts it: the ask due by now taken first. */
    int run() throws Exception {
        schedule.start(Lifecycle.JOB, adatum.id());
        return lifecycle().run(adatum.id());
    }

    boolean archived() {
        emulator.advanceClock(Duration.ofSeconds(3));
        return emulator.directory().teams().team(adatum, phoenix).orElseThrow().path("isArchived").asBoolean();
    }

    @Test
    void ownersAreAskedAFortnightBeforeAndATeamNobodyRenewedIsArchivedAtItsExpiry() throws Exception {
        GovernedTeam team = lifecycle().follow(adatum.id(), phoenix, "Project Phoenix", "Project",
                List.of("lynne.robbins@adatum.example"), 90);
        assertEquals(team.expiresAt().minus(Lifecycle.NOTICE), schedule.asked(Lifecycle.JOB, adatum.id())
                .orElseThrow().at(), "the run asked for is the notice's");

        assertEquals(0, run(), "nothing due yet");
        clock.advance(Duration.ofDays(77));
        assertEquals(1, run());
        assertEquals(GovernedTeam.RENEWAL_ASKED, lifecycle().get(adatum.id(), phoenix).orElseThrow().team().state());
        assertEquals(List.of("lynne.robbins@adatum.example"), notifications.mails().get(0).to());
        assertEquals(team.expiresAt(), schedule.asked(Lifecycle.JOB, adatum.id()).orElseThrow().at(),
                "then the expiry's run");
        assertEquals(0, run(), "asked once");

        clock.advance(Duration.ofDays(14));
        assertEquals(1, run());
        assertTrue(archived(), "archived by the service account");
        assertEquals(GovernedTeam.ARCHIVED, lifecycle().get(adatum.id(), phoenix).orElseThrow().team().state());
        assertEquals(1, audit.of("team.expired").size());
    }

    @Test
    void anOwnersLinkRenewsTheTeamForAnotherTermAndAForgedOneRenewsNothing() throws Exception {
        GovernedTeam team = lifecycle().follow(adatum.id(), phoenix, "Project Phoenix", "Project",
                List.of("lynne.robbins@adatum.example"), 90);
        clock.advance(Duration.ofDays(80));
        run();
        String text = notifications.mails().get(0).text();
        String token = URLDecoder.decode(text.substring(text.indexOf("token=") + 6).split("\\s")[0],
                StandardCharsets.UTF_8);

        assertTrue(lifecycle().renew("forged").isEmpty());
        GovernedTeam renewed = lifecycle().renew(token).orElseThrow();

        assertEquals(team.expiresAt().plus(Duration.ofDays(90)), renewed.expiresAt(), "a term from its expiry");
        assertEquals("lynne.robbins@adatum.example", renewed.renewedBy());
        assertEquals(GovernedTeam.ACTIVE, renewed.state());
        clock.advance(Duration.ofDays(11));
        assertEquals(0, run(), "renewed: not archived at the old expiry");
        assertTrue(!archived());
        assertEquals(1, audit.of("team.renewed").size());
    }
}
