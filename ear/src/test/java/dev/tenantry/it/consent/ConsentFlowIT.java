package dev.tenantry.it.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ConsentFlow;
import dev.tenantry.portal.consent.ConsentRequests;
import dev.tenantry.portal.consent.internal.ConsentRequestEntity;
import dev.tenantry.portal.consent.internal.ConsentRequestStore;
import dev.tenantry.portal.consent.internal.ConsentStore;
import dev.tenantry.portal.crypto.SecretBox;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.CurrentStaff.ApiTokenCaller;
import dev.tenantry.portal.web.ConcurrentChange;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

    @Inject
    ConsentRequests requests;

    @Inject
    ConsentRequestStore requestStore;

    @Resource(lookup = "java:/TransactionManager")
    TransactionManager transactions;

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
        store.begin(hash, new ConsentStore.Attempt(CONTOSO, Connection.Key.DELEGATED, "microsoft-graph",
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

    /**
     * A consent request the customer's administrator grants while a member of staff dismisses it from a copy read just
     * before: the dismissal is refused as a concurrent change (not written over the grant), and a dismissal made after
     * is refused because the request is granted.
     */
    @Test
    void aDismissalFromACopyReadBeforeTheAdministratorAnsweredDoesNotOverwriteTheGrant() throws Exception {
        String state = "admin-link-" + UUID.randomUUID();
        ConsentRequestEntity row = new ConsentRequestEntity();
        row.id = UUID.randomUUID().toString();
        row.tenantId = CONTOSO;
        row.scopeSetIds = "it.concurrent-" + row.id;
        row.permissions = "Policy.Read.All";
        row.reason = "ADMIN_REQUIRED";
        row.state = "OPEN";
        row.requestedBy = OWNER;
        row.createdAt = Instant.now();
        row.linkStateHash = ConsentFlow.sha256(state);
        row.linkExpiresAt = Instant.now().plusSeconds(3600);
        transactions.begin();
        requestStore.add(row);
        transactions.commit();

        transactions.begin();
        assertEquals("OPEN", requestStore.find(row.id).orElseThrow().state, "the dismissing page's copy");
        Transaction dismissing = transactions.suspend();
        assertEquals("GRANTED", requests.adminAnswered(state, "True", CONTOSO, null).orElseThrow().state());
        transactions.resume(dismissing);
        requests.dismiss(row.id);
        Exception refused = assertThrows(Exception.class, transactions::commit);

        assertTrue(ConcurrentChange.causedBy(refused), "told as a concurrent change: " + refused);
        assertEquals("GRANTED", requestStore.find(row.id).orElseThrow().state, "the grant stays");
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class, () -> requests.dismiss(row.id));
        assertTrue(late.getMessage().contains("granted"), late.getMessage());
    }

    /**
     * A token refresh that read a connection's cache before its account signed in again (or before another refresh
     * wrote) cannot write its copy back: the write is conditional on the version it read.
     */
    @Test
    void aTokenCacheWriteFromACopyReadBeforeANewSignInIsRefused() {
        String tenant = UUID.randomUUID().toString();
        store.connected(tenant, Connection.Key.DELEGATED, "old@fabrikam.example", "old-oid.tid", Set.of("User.Read"),
                "sealed-cache-of-the-old-account", OWNER);
        ConsentStore.SealedCache read = store.tokenCache(tenant, Connection.Key.DELEGATED).orElseThrow();

        store.connected(tenant, Connection.Key.DELEGATED, "new@fabrikam.example", "new-oid.tid", Set.of("User.Read"),
                "sealed-cache-of-the-new-account", OWNER);
        assertFalse(store.replaceTokenCache(tenant, Connection.Key.DELEGATED, read.version(),
                "sealed-cache-of-the-old-account-refreshed", Set.of("User.Read")));

        ConsentStore.SealedCache now = store.tokenCache(tenant, Connection.Key.DELEGATED).orElseThrow();
        assertEquals("sealed-cache-of-the-new-account", now.sealed());
        assertFalse(now.sameConnectionAs(read), "a new sign-in is a new connection");
        assertEquals("new@fabrikam.example", store.connection(tenant, Connection.Key.DELEGATED).orElseThrow()
                .account());

        assertTrue(store.replaceTokenCache(tenant, Connection.Key.DELEGATED, now.version(),
                "sealed-cache-of-the-new-account-refreshed", Set.of("User.Read", "Mail.Send")), "from the current copy");
        assertFalse(store.replaceTokenCache(tenant, Connection.Key.DELEGATED, now.version(),
                "a-second-write-from-the-same-copy", Set.of("User.Read")), "only one writer of a version wins");
        assertEquals("sealed-cache-of-the-new-account-refreshed",
                store.tokenCache(tenant, Connection.Key.DELEGATED).orElseThrow().sealed());
        store.needsReauthentication(tenant, Connection.Key.DELEGATED, "test");
        assertTrue(store.tokenCache(tenant, Connection.Key.DELEGATED).isEmpty(), "a parked connection serves none");
    }
}
