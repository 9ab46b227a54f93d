package dev.tenantry.it.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.access.internal.JpaAccessStore;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalRequest.Status;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.approval.internal.ApprovalLedger;
import dev.tenantry.portal.approval.internal.ApprovalStore;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.roles.GrantOwnerAction;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Four eyes inside the server: a second person, the exact parameters, one run, failures, expiry, the audit trail. */
@ExtendWith(ArquillianExtension.class)
class ApprovalLedgerIT {

    private static final String TENANT = "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(ApprovalLedgerIT.class, RecordingAction.class);
    }

    @Inject
    ApprovalLedger ledger;

    @Inject
    ApprovalStore store;

    @Inject
    ApprovalService service;

    @Inject
    JpaAccessStore access;

    @Inject
    AuditLog auditLog;

    @Inject
    AccessControl accessControl;

    @Resource
    UserTransaction transaction;

    @Resource
    ManagedExecutorService executor;

    private String requester;
    private String approver;
    private String key;

    @BeforeEach
    void twoPeople() throws Exception {
        requester = "asker-" + UUID.randomUUID() + "@northwind-msp.example";
        approver = "approver-" + UUID.randomUUID() + "@northwind-msp.example";
        key = UUID.randomUUID().toString();
        transaction.begin();
        access.assign(PrincipalType.USER, requester, Role.ADMINISTRATOR, AssignmentScope.allTenants(), "test");
        access.assign(PrincipalType.USER, approver, Role.ADMINISTRATOR, AssignmentScope.tenants(TENANT), "test");
        transaction.commit();
    }

    @Test
    void aSecondPersonApprovesAndTheActionRunsOnceWithTheStoredParameters() {
        ApprovalRequest request = ledger.open(requester, List.of(), RecordingAction.NAME, TENANT, Map.of("key", key),
                "Record " + key, "Needed for the test");
        assertEquals(Status.PENDING, request.status());
        assertEquals(0, RecordingAction.runs(key), "nothing runs before the approval");
        assertTrue(ledger.waiting(List.of(TENANT), 200).stream().anyMatch(r -> r.id().equals(request.id())));

        ApprovalRequest approved = ledger.approve(approver, List.of(), request.id(), "looks right");

        assertEquals(Status.APPROVED, approved.status());
        assertEquals(approver, approved.decidedBy());
        assertEquals("recorded " + key + " for " + requester, approved.outcome(), "run with the stored parameters");
        assertEquals(1, RecordingAction.runs(key));
        ApprovalException again = assertThrows(ApprovalException.class,
                () -> ledger.approve(approver, List.of(), request.id(), null));
        assertTrue(again.getMessage().contains("already approved by " + approver), again.getMessage());
        assertEquals(1, RecordingAction.runs(key), "exactly once");
        assertTrue(ledger.waiting(null, 200).stream().noneMatch(r -> r.id().equals(request.id())));

        List<AuditRecord> trail = trail(request.id());
        assertEquals(List.of("approval.request", "approval.approve"), trail.stream().map(r -> r.event().action()).toList());
        assertEquals(requester, trail.get(0).event().actor());
        assertEquals("Needed for the test", trail.get(0).details().get("reason"));
        assertEquals(approver, trail.get(1).event().actor());
        assertEquals(TENANT, trail.get(1).event().tenantId());
        assertTrue(actionWrote(key), "the action's own write committed with the approval");
    }

    @Test
    void theRequesterCannotDecideTheirOwnRequestEvenWithThePermission() {
        ApprovalRequest request = ledger.open(requester, List.of(), RecordingAction.NAME, TENANT, Map.of("key", key), "Record", "Test");
        ApprovalException own = assertThrows(ApprovalException.class,
                () -> ledger.approve(requester.toUpperCase(), List.of(), request.id(), null));
        assertTrue(own.getMessage().contains("other than the requester"), own.getMessage());
        assertThrows(ApprovalException.class, () -> ledger.reject(requester, List.of(), request.id(), "no"));
        assertEquals(Status.PENDING, store.find(request.id()).orElseThrow().status());
        assertEquals(0, RecordingAction.runs(key));
    }

    @Test
    void someoneWithoutApprovalsDecideInTheRequestsTenantIsRefusedAndRecorded() {
        ApprovalRequest elsewhere = ledger.open(requester, List.of(), RecordingAction.NAME, "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
                Map.of("key", key), "Record", "Test");
        assertThrows(AccessDeniedException.class, () -> ledger.approve(approver, List.of(), elsewhere.id(), null));
        ApprovalRequest portalWide = ledger.open(requester, List.of(), RecordingAction.NAME, null, Map.of("key", key), "Record", "Test");
        assertThrows(AccessDeniedException.class, () -> ledger.approve(approver, List.of(), portalWide.id(), null));

        assertEquals(0, RecordingAction.runs(key));
        assertEquals(Status.PENDING, store.find(elsewhere.id()).orElseThrow().status());
        assertTrue(trail(elsewhere.id()).stream().anyMatch(r -> r.event().action().equals("access.denied")
                && r.event().actor().equals(approver) && r.event().outcome() == Outcome.DENIED));
    }

    @Test
    void aFailingActionLeavesNothingDoneEndsFailedAndIsNeverRunAgain() {
        ApprovalRequest request = ledger.open(requester, List.of(), RecordingAction.NAME, TENANT, Map.of("key", key, "fail", "yes"),
                "Record and fail", "Test");

        ApprovalRequest failed = ledger.approve(approver, List.of(), request.id(), null);

        assertEquals(Status.FAILED, failed.status());
        assertEquals("the test action failed as asked", failed.outcome());
        List<String> trail = trail(request.id()).stream().map(r -> r.event().action()).toList();
        assertEquals(List.of("approval.request", "approval.approve"), trail);
        assertTrue(!actionWrote(key), "the action's own write was rolled back");
        assertEquals(Outcome.FAILURE, trail(request.id()).get(1).event().outcome());
        assertThrows(ApprovalException.class, () -> ledger.approve(approver, List.of(), request.id(), null));
    }

    @Test
    void anApprovedRequestIsNotCarriedOutForARequesterWhoLostThePermissionMeanwhile() throws Exception {
        String member = "group-" + UUID.randomUUID();
        String asker = "asker-" + UUID.randomUUID() + "@northwind-msp.example";
        transaction.begin();
        access.assign(PrincipalType.USER, asker, Role.READ_ONLY, AssignmentScope.allTenants(), "test");
        String viaGroup = access.assign(PrincipalType.GROUP, member, Role.ADMINISTRATOR, AssignmentScope.allTenants(),
                "test").id();
        transaction.commit();
        ApprovalRequest request = ledger.open(asker, List.of(member), RecordingAction.NAME, TENANT,
                Map.of("key", key), "Record " + key, "Needed for the test");
        assertEquals(List.of(member), request.requesterGroups(), "the groups that let them ask are kept with it");
        transaction.begin();
        access.unassign(viaGroup);
        transaction.commit();

        ApprovalRequest decided = ledger.approve(approver, List.of(), request.id(), null);

        assertEquals(Status.FAILED, decided.status());
        assertTrue(decided.outcome().contains(asker + ", who asked, no longer holds " + Permissions.TENANTS_MANAGE),
                decided.outcome());
        assertEquals(0, RecordingAction.runs(key), "nothing was carried out");
    }

    @Test
    void aRejectedRequestNeverRunsAndARejectionSaysWhy() {
        ApprovalRequest request = ledger.open(requester, List.of(), RecordingAction.NAME, TENANT, Map.of("key", key), "Record", "Test");
        assertThrows(ApprovalException.class, () -> ledger.reject(approver, List.of(), request.id(), " "));

        ApprovalRequest rejected = ledger.reject(approver, List.of(), request.id(), "not this week");

        assertEquals(Status.REJECTED, rejected.status());
        assertEquals("not this week", rejected.decisionNote());
        assertThrows(ApprovalException.class, () -> ledger.approve(approver, List.of(), request.id(), null));
        assertEquals(0, RecordingAction.runs(key));
        assertEquals(List.of("approval.request", "approval.reject"),
                trail(request.id()).stream().map(r -> r.event().action()).toList());
    }

    @Test
    void anExpiredRequestCanNoLongerBeApprovedAndNoLongerWaits() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant asked = Instant.now().minus(Duration.ofDays(4));
        transaction.begin();
        store.insert(id, RecordingAction.NAME, TENANT, Map.of("key", key), "Record", "Test", requester, List.of(), asked,
                asked.plus(Duration.ofDays(3)));
        transaction.commit();

        ApprovalException expired = assertThrows(ApprovalException.class,
                () -> ledger.approve(approver, List.of(), id, null));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
        assertEquals(Status.EXPIRED, store.find(id).orElseThrow().statusAt(Instant.now()));
        assertTrue(ledger.waiting(null, 200).stream().noneMatch(r -> r.id().equals(id)));
        assertEquals(0, RecordingAction.runs(key));

        assertTrue(ledger.expireOverdue() >= 1);
        assertEquals(Status.EXPIRED, store.find(id).orElseThrow().status(), "the sweep stored it as expired");
        assertEquals("approval.expire", trail(id).get(trail(id).size() - 1).event().action());
        assertEquals(0, ledger.expireOverdue(), "a swept request is not swept twice");
    }

    @Test
    void badRequestsAreRefusedWithAReasonAndNothingIsStored() {
        int before = ledger.filedBy(requester, 200).size();
        ApprovalException unknown = assertThrows(ApprovalException.class,
                () -> ledger.open(requester, List.of(), "no.such-action", TENANT, Map.of(), "x", "y"));
        assertTrue(unknown.getMessage().contains("no.such-action"), unknown.getMessage());
        assertThrows(ApprovalException.class, () -> ledger.open(requester, List.of(), RecordingAction.NAME, TENANT, Map.of(), "x", " "));
        assertThrows(ApprovalException.class,
                () -> ledger.open(requester, List.of(), RecordingAction.NAME, TENANT, Map.of("key", "x".repeat(4_000_001)), "x", "y"));
        assertThrows(ApprovalException.class, () -> ledger.approve(approver, List.of(), UUID.randomUUID().toString(), null));
        assertEquals(before, ledger.filedBy(requester, 200).size());
    }

    @Test
    void twoApproversAtOnceRunTheActionOnce() throws Exception {
        String second = "approver-" + UUID.randomUUID() + "@northwind-msp.example";
        transaction.begin();
        access.assign(PrincipalType.USER, second, Role.OWNER, AssignmentScope.allTenants(), "test");
        transaction.commit();
        ApprovalRequest request = ledger.open(requester, List.of(), RecordingAction.NAME, TENANT, Map.of("key", key), "Record", "Test");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Status>> decisions = new ArrayList<>();
        for (String decider : List.of(approver, second)) {
            Callable<Status> decide = () -> {
                start.await();
                try {
                    return ledger.approve(decider, List.of(), request.id(), null).status();
                } catch (ApprovalException e) {
                    return Status.PENDING;
                }
            };
            decisions.add(executor.submit(decide));
        }
        start.countDown();
        List<Status> outcomes = new ArrayList<>();
        for (Future<Status> decision : decisions) {
            try {
                outcomes.add(decision.get());
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
        assertEquals(1, RecordingAction.runs(key), "one run whatever the race: " + outcomes);
        assertEquals(Status.APPROVED, store.find(request.id()).orElseThrow().status());
        assertEquals(1, trail(request.id()).stream().filter(r -> r.event().action().equals("approval.approve")).count());
    }

    @Test
    void grantingOwnerNeedsASecondPersonWhoCouldGrantOwnerThemselves() throws Exception {
        String owner = "owner-" + UUID.randomUUID() + "@northwind-msp.example";
        String secondOwner = "owner-" + UUID.randomUUID() + "@northwind-msp.example";
        String candidate = "candidate-" + UUID.randomUUID() + "@northwind-msp.example";
        transaction.begin();
        access.assign(PrincipalType.USER, owner, Role.OWNER, AssignmentScope.allTenants(), "test");
        access.assign(PrincipalType.USER, secondOwner, Role.OWNER, AssignmentScope.allTenants(), "test");
        transaction.commit();
        Map<String, String> grant = GrantOwnerAction.parameters(PrincipalType.USER, candidate, AssignmentScope.allTenants());

        AccessDeniedException mayNotAsk = assertThrows(AccessDeniedException.class, () -> ledger.open(requester,
                List.of(), GrantOwnerAction.NAME, null, grant, "Make " + candidate + " Owner", "An administrator asks"));
        assertTrue(mayNotAsk.getMessage().contains(Permissions.RBAC_GRANT_OWNER), mayNotAsk.getMessage());

        ApprovalRequest request = ledger.open(owner, List.of(), GrantOwnerAction.NAME, null, grant,
                "Make " + candidate + " Owner", "Second owner for holidays");
        AccessDeniedException notAnOwner = assertThrows(AccessDeniedException.class,
                () -> ledger.approve(requester, List.of(), request.id(), null));
        assertTrue(notAnOwner.getMessage().contains(Permissions.RBAC_GRANT_OWNER), "an administrator may decide "
                + "approvals but not this one: " + notAnOwner.getMessage());
        assertTrue(accessControl.permissionsOf(candidate, List.of(), null).isEmpty());

        ApprovalRequest approved = ledger.approve(secondOwner, List.of(), request.id(), "ok");

        assertEquals(Status.APPROVED, approved.status());
        assertTrue(accessControl.permissionsOf(candidate, List.of(), null).contains(Permissions.RBAC_GRANT_OWNER));
        assertTrue(access.assignments().stream().anyMatch(a -> a.principal().equals(candidate)
                && a.roleId().equals(Role.OWNER) && a.createdBy().equals(secondOwner)));
        assertTrue(trail(request.id()).stream().anyMatch(r -> r.event().action().equals("rbac.assign")
                && candidate.equals(r.event().target()) && owner.equals(r.details().get("requestedBy"))));
    }

    @Test
    void withoutASignedInCallerTheServiceRefuses() {
        assertThrows(AccessDeniedException.class,
                () -> service.request(RecordingAction.NAME, TENANT, Map.of("key", key), "Record", "Test"));
        assertEquals(List.of(), service.waitingForDecision());
    }

    private boolean actionWrote(String recordKey) {
        return auditLog.latest(500).stream()
                .anyMatch(r -> r.event().action().equals("test.recorded") && recordKey.equals(r.event().target()));
    }

    private List<AuditRecord> trail(String requestId) {
        List<AuditRecord> records = new ArrayList<>(auditLog.latest(500).stream()
                .filter(r -> requestId.equals(r.event().correlationId())
                        || (r.event().target() != null && r.event().target().equals("approval " + requestId)))
                .toList());
        records.sort((a, b) -> Long.compare(a.id(), b.id()));
        return records;
    }
}
