package dev.tenantry.it.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ConsentFlow;
import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A consent answer is taken once, by the member of staff who started the request, within ten minutes; anything else
 * is refused before a code is redeemed, and audited with the reason. A declined consent, and one that needs an
 * administrator, are told apart.
 */
@ExtendWith(ArquillianExtension.class)
class ConsentFlowIT {

    private static final String OWNER = "alex.morgan@northwind-msp.example";
    private static final String CONTOSO = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(ConsentFlowIT.class);
    }

    @Inject
    ConsentFlow flow;

    @Inject
    ConsentStore store;

    @Inject
    SecretBox secrets;

    @Inject
    CurrentStaff staff;

    @Inject
    AuditLog audit;

    @BeforeEach
    void actAsOwner() {
        if (staff.apiToken().isEmpty()) {
            staff.actWithApiToken(new ApiTokenCaller("test", "consent test", OWNER, List.of(),
                    Set.of(Permissions.CONSENT_MANAGE, Permissions.TENANTS_READ)));
        }
    }

    /** Files an authorization request in flight as {@link ConsentFlow#start} does; returns its state. */
    private String begun(String startedBy, Instant expiresAt) {
        String state = "it-state-" + System.nanoTime();
        String hash = ConsentFlow.sha256(state);
        store.begin(hash, new ConsentStore.Attempt(CONTOSO, Connection.Kind.DELEGATED, "microsoft-graph",
                Set.of("openid", "https://graph.microsoft.com/Organization.Read.All"), List.of("hello.profile"),
                secrets.seal("a-verifier-that-no-code-matches", "pkce:" + hash), startedBy, "/hello/index.xhtml",
                expiresAt, null));
        return state;
    }

    @Test
    void aStateIsTakenOnceByWhoStartedItInTime() {
        String declined = begun(OWNER, Instant.now().plusSeconds(600));
        ConsentFlow.Completion first = flow.complete(declined, null, "access_denied", "AADSTS65004: User declined");
        assertFalse(first.granted());
        assertEquals("denied", first.problem());
        assertEquals("/hello/index.xhtml", first.returnTo(), "the user goes back to where they were");

        ConsentFlow.Completion replayed = flow.complete(declined, "a-code", null, null);
        assertEquals("state", replayed.problem(), "a state is good once");
        assertEquals("state", flow.complete("never-issued-" + System.nanoTime(), "a-code", null, null).problem());
        assertEquals("state", flow.complete(null, "a-code", null, null).problem());
        assertEquals("state", flow.complete(begun(OWNER, Instant.now().minusSeconds(1)), "a-code", null, null)
                .problem(), "an expired state");
        assertEquals("state", flow.complete(begun("dana.okafor@northwind-msp.example", Instant.now().plusSeconds(600)),
                "a-code", null, null).problem(), "someone else's request");

        List<String> reasons = audit.latest(100).stream().filter(r -> r.event().action().equals("consent.state-rejected"))
                .map(AuditRecord::details).map(details -> details.get("reason")).toList();
        for (String reason : List.of("state used before", "unknown state", "state expired", "started by someone else")) {
            assertTrue(reasons.contains(reason), "audited: " + reason + " in " + reasons);
        }
    }

    @Test
    void aConsentOnlyAnAdministratorCanGiveIsToldApart() {
        ConsentFlow.Completion admin = flow.complete(begun(OWNER, Instant.now().plusSeconds(600)), null,
                "consent_required", "AADSTS90094: The grant requires admin permission.");

        assertEquals("admin", admin.problem());
        AuditRecord record = audit.latest(20).stream().filter(r -> r.event().action().equals("consent.denied"))
                .findFirst().orElseThrow();
        assertEquals("true", record.details().get("adminRequired"));
    }

    @Test
    void aCodeThatDoesNotMatchTheVerifierConnectsNothing() {
        ConsentFlow.Completion failed = flow.complete(begun(OWNER, Instant.now().plusSeconds(600)),
                "a-code-the-provider-never-issued", null, null);

        assertFalse(failed.granted());
        assertEquals("failed", failed.problem());
        assertTrue(audit.latest(20).stream().anyMatch(r -> r.event().action().equals("consent.failed")));
    }
}
