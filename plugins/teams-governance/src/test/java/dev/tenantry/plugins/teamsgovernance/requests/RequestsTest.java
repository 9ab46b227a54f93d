package dev.tenantry.plugins.teamsgovernance.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.plugin.testkit.MemorySchedule;
import dev.tenantry.plugins.teamsgovernance.InAdatum;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import dev.tenantry.plugins.teamsgovernance.catalog.TeamTemplate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Submitting, deciding and retrying requests in Adatum, whose integration account has the basic scope set. */
class RequestsTest extends InAdatum {

    static final String REQUESTER = "sam.patel@northwind-msp.example";
    static final String APPROVER = "alex.morgan@northwind-msp.example";
    MemorySchedule schedule;

    @BeforeEach
    void basic() throws Exception {
        graph.grantAsDeclared(ADATUM, GLOBAL_ADMIN, TeamsIds.BASIC_SCOPES);
        schedule = new MemorySchedule(new dev.tenantry.plugins.teamsgovernance.ProvisioningJob(),
                new dev.tenantry.plugins.teamsgovernance.RequestExpiryJob());
    }

    Requests requests() {
        return new Requests(graph, records, audit, notifications, schedule, Clock.systemUTC());
    }

    TeamRequest submit(TeamTemplate template, String name, List<String> owners) throws Requests.Refused {
        return requests().submit(adatum.id(), template, name, "", owners.stream().map(this::person).toList(),
                List.of(person("pradeep.gupta")), REQUESTER);
    }

    @Test
    void aRequestTakesTheNamingPolicyAndIsRefusedWhatTheTemplateDoesNotAllow() throws Exception {
        TeamTemplate template = template(null);

        TeamRequest request = submit(template, " Falcon ", List.of("lynne.robbins", "johanna.lorenz"));

        assertEquals("PRJ-Falcon", request.displayName());
        assertEquals(TeamRequest.SUBMITTED, request.state());
        assertEquals(1, audit.of("request.submitted").size());
        assertTrue(assertThrows(Requests.Refused.class, () -> submit(template, "Payroll review",
                List.of("lynne.robbins", "johanna.lorenz"))).getMessage().contains("payroll"));
        assertTrue(assertThrows(Requests.Refused.class, () -> submit(template, "Solo", List.of("lynne.robbins")))
                .getMessage().contains("2 owner(s)"));
    }

    @Test
    void aNameTakenByAnOpenRequestOrATeamOfTheTenantIsRefused() throws Exception {
        TeamTemplate template = template(null);
        submit(template, "Falcon", List.of("lynne.robbins", "johanna.lorenz"));

        assertTrue(assertThrows(Requests.Refused.class, () -> submit(template, "falcon",
                List.of("lynne.robbins", "johanna.lorenz"))).getMessage().contains("requested already"));
        // Adatum's seeded team, which Tenantry has not read yet: Microsoft is asked
        TeamTemplate plain = new TeamTemplate("plain", adatum.id(), 1, "Plain", "", "standard", "public", List.of(),
                List.of(), null, null, false, null, 1, "", "", 0, List.of(), false, "x", null);
        assertTrue(assertThrows(Requests.Refused.class, () -> requests().submit(adatum.id(), plain, "IT Operations",
                "", List.of(person("lynne.robbins")), List.of(), REQUESTER)).getMessage().contains("has a team"));
    }

    @Test
    void anApprovalAsksForProvisioningAndARejectionNeedsAReasonAndNobodyDecidesTheirOwnRequest() throws Exception {
        TeamRequest one = submit(template(null), "Falcon", List.of("lynne.robbins", "johanna.lorenz"));
        TeamRequest two = submit(template(null), "Osprey", List.of("lynne.robbins", "johanna.lorenz"));

        assertTrue(assertThrows(Requests.Refused.class, () -> requests().approve(adatum.id(), one.id(), REQUESTER))
                .getMessage().contains("someone other than its requester"));
        TeamRequest approved = requests().approve(adatum.id(), one.id(), APPROVER);

        assertEquals(TeamRequest.APPROVED, approved.state());
        assertEquals(APPROVER, approved.decidedBy());
        assertTrue(schedule.asked(Requests.PROVISION_JOB, adatum.id()).isPresent(), "provisioning asked for at once");
        assertTrue(assertThrows(Requests.Refused.class, () -> requests().approve(adatum.id(), one.id(), APPROVER))
                .getMessage().contains("approved already"));
        assertThrows(Requests.Refused.class, () -> requests().reject(adatum.id(), two.id(), APPROVER, " "));
        TeamRequest rejected = requests().reject(adatum.id(), two.id(), APPROVER, "Use the existing Osprey team");
        assertEquals(TeamRequest.REJECTED, rejected.state());
        assertEquals(List.of("Your team request PRJ-Falcon is approved", "Your team request PRJ-Osprey was rejected"),
                notifications.mails().stream().map(mail -> mail.subject()).toList());
        assertTrue(notifications.mails().get(1).text().contains("Use the existing Osprey team"));
        assertEquals(APPROVER, audit.of("request.approved").get(0).details().get("by"), "who decided is audited, a "
                + "customer's approver deciding through a link too");
        assertEquals(1, audit.of("request.rejected").size());
    }

    @Test
    void theCustomersApproversAreMailedALinkOfTheirOwnThatNoOneCanForgeOrStretch() throws Exception {
        dev.tenantry.plugin.testkit.MemorySecrets secrets = new dev.tenantry.plugin.testkit.MemorySecrets();
        TeamTemplate base = template(null);
        TeamTemplate customers = new TeamTemplate(base.id(), base.tenantId(), base.version(), base.name(),
                base.description(), base.baseTemplate(), base.visibility(), base.channels(), base.apps(),
                base.memberSettings(), base.guestSettings(), base.guestsAllowed(), base.naming(), base.minOwners(),
                base.labelId(), base.labelName(), base.expiryDays(), List.of("it.lead@adatum.example",
                        "cfo@adatum.example"), false, base.changedBy(), base.changedAt());

        TeamRequest request = requests().sealingLinksWith(secrets).submit(adatum.id(), customers, "Falcon", "",
                List.of(person("lynne.robbins"), person("johanna.lorenz")), List.of(), REQUESTER);

        assertEquals(List.of(List.of("it.lead@adatum.example"), List.of("cfo@adatum.example")), notifications.mails()
                .stream().map(mail -> mail.to()).toList());
        String text = notifications.mails().get(0).text();
        String token = java.net.URLDecoder.decode(text.substring(text.indexOf("token=") + 6).strip(),
                java.nio.charset.StandardCharsets.UTF_8);
        ApprovalLinks.Grant grant = ApprovalLinks.open(secrets, token, java.time.Instant.now()).orElseThrow();
        assertEquals(request.id(), grant.requestId());
        assertEquals("it.lead@adatum.example", grant.approver());
        assertTrue(ApprovalLinks.open(secrets, token, java.time.Instant.now().plus(ApprovalLinks.LIFETIME)
                .plusSeconds(1)).isEmpty(), "expired after seven days");
        assertTrue(ApprovalLinks.open(secrets, token.substring(0, token.length() - 2) + "AA",
                java.time.Instant.now()).isEmpty(), "changed");
        assertEquals(1, audit.of("request.approvers-mailed").size());
    }

    @Test
    void aRequestNobodyDecidedExpiresAndItsSubmissionAskedForTheRunThatExpiresIt() throws Exception {
        TeamRequest request = submit(template(null), "Falcon", List.of("lynne.robbins", "johanna.lorenz"));
        assertEquals(request.submittedAt().plus(Requests.DEFAULT_EXPIRY), schedule.asked(Requests.EXPIRE_JOB,
                adatum.id()).orElseThrow().at());

        assertEquals(0, requests().expire(adatum.id(), java.time.Duration.ofDays(7)), "not yet");
        assertEquals(1, requests().expire(adatum.id(), java.time.Duration.ZERO));

        assertEquals(TeamRequest.EXPIRED, new RequestStore(records).get(adatum.id(), request.id()).orElseThrow()
                .request().state());
        assertEquals("Your team request PRJ-Falcon expired", notifications.mails().get(0).subject());
        assertTrue(assertThrows(Requests.Refused.class, () -> requests().approve(adatum.id(), request.id(),
                APPROVER)).getMessage().contains("expired"));
    }

    @Test
    void peopleAreFoundInTheTenantsDirectoryByTheStartOfTheirName() throws Exception {
        List<TeamRequest.Person> found = requests().people(adatum.id(), "lyn");

        assertEquals(List.of("lynne.robbins@adatum.example"), found.stream().map(TeamRequest.Person::userPrincipalName)
                .toList());
        assertEquals(List.of(), requests().people(adatum.id(), "l"), "two letters at least");
    }
}
