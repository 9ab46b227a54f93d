package dev.tenantry.it.rest;

import static dev.tenantry.it.rest.ApiClient.describe;
import static dev.tenantry.it.rest.ApiClient.object;
import static dev.tenantry.it.rest.ApiStaff.ADATUM;
import static dev.tenantry.it.rest.ApiStaff.CONTOSO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.it.Deployments;
import dev.tenantry.it.approval.RecordingAction;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.internal.ApprovalLedger;
import dev.tenantry.portal.tenant.internal.JpaTenantStore;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The REST API from the outside, with real API tokens: every endpoint against every built-in role (allowed or 403), and
 * tenant isolation (a foreign tenant's id in path, query or body gets 403 or 404 and none of its data).
 */
@ExtendWith(ArquillianExtension.class)
class RestApiIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.portalWithTests(RestApiIT.class, ApiClient.class, ApiStaff.class,
                RecordingAction.class);
    }

    /** The four built-in roles, as the matrix's columns. */
    enum Caller { OWNER, ADMINISTRATOR, TECHNICIAN, READ_ONLY }

    private static final String UNKNOWN_TENANT = "00000000-0000-4000-8000-00000000abcd";

    @Inject
    ApiStaff staff;

    @Inject
    ApprovalLedger ledger;

    @Inject
    JpaTenantStore tenants;

    private final Map<Caller, ApiClient> clients = new EnumMap<>(Caller.class);

    /** One row of the matrix: an endpoint, a body that passes authorisation but changes nothing, who may call it. */
    record Row(String method, String template, String path, String body, Set<Caller> allowed) {
    }

    private static Row row(String method, String template, String path, String body, Caller... allowed) {
        return new Row(method, template, path, body, allowed.length == 0 ? EnumSet.noneOf(Caller.class)
                : EnumSet.of(allowed[0], allowed));
    }

    private static final Caller[] EVERYONE = Caller.values();
    private static final Caller[] MANAGERS = {Caller.OWNER, Caller.ADMINISTRATOR};

    /** Every endpoint of the API; {@link #theMatrixCoversEveryOperationTheApiDescribes} keeps it complete. */
    private static final List<Row> MATRIX = List.of(
            row("GET", "/api/tenants", "tenants", null, EVERYONE),
            row("GET", "/api/tenants/{tenantId}", "tenants/" + CONTOSO, null, EVERYONE),
            row("POST", "/api/tenants", "tenants", "{\"domain\": \"nosuchtenant.example\"}", MANAGERS),
            row("PATCH", "/api/tenants/{tenantId}", "tenants/" + CONTOSO, "{\"displayName\": \"\"}", MANAGERS),
            row("DELETE", "/api/tenants/{tenantId}", "tenants/" + UNKNOWN_TENANT, null, MANAGERS),
            row("GET", "/api/roles", "roles", null, MANAGERS),
            row("POST", "/api/roles", "roles", "{\"name\": \"\", \"permissions\": []}", MANAGERS),
            row("PUT", "/api/roles/{roleId}", "roles/owner", "{\"name\": \"Owner\", \"permissions\": [\"tenants:read\"]}",
                    MANAGERS),
            row("DELETE", "/api/roles/{roleId}", "roles/no-such-role", null, MANAGERS),
            row("GET", "/api/assignments", "assignments", null, MANAGERS),
            row("POST", "/api/assignments", "assignments", "{}", MANAGERS),
            row("DELETE", "/api/assignments/{assignmentId}", "assignments/no-such-assignment", null, MANAGERS),
            row("GET", "/api/approvals", "approvals", null, EVERYONE),
            row("GET", "/api/approvals/{approvalId}", "approvals/no-such-request", null, EVERYONE),
            row("POST", "/api/approvals/{approvalId}/approve", "approvals/no-such-request/approve", "{}", MANAGERS),
            row("POST", "/api/approvals/{approvalId}/reject", "approvals/no-such-request/reject", "{}", MANAGERS),
            row("POST", "/api/approvals/{approvalId}/withdraw", "approvals/no-such-request/withdraw", "{}", EVERYONE),
            row("GET", "/api/audit", "audit", null, Caller.OWNER, Caller.ADMINISTRATOR, Caller.READ_ONLY),
            row("GET", "/api/jobs", "jobs", null, MANAGERS),
            row("GET", "/api/jobs/metrics", "jobs/metrics", null, MANAGERS),
            row("GET", "/api/jobs/{jobId}/tenants/{tenantId}", "jobs/tenantry.consent-check/tenants/" + CONTOSO, null,
                    MANAGERS),
            row("POST", "/api/jobs/{jobId}/tenants/{tenantId}/run", "jobs/no-such-job/tenants/" + CONTOSO + "/run",
                    "{}", MANAGERS));

    @BeforeEach
    void staffWithTokens() {
        staff.tenants();
        clients.put(Caller.OWNER, ApiClient.withToken(staff.tokenFor("api.owner@northwind-msp.example", Role.OWNER,
                AssignmentScope.allTenants())));
        clients.put(Caller.ADMINISTRATOR, ApiClient.withToken(staff.tokenFor("api.admin@northwind-msp.example",
                Role.ADMINISTRATOR, AssignmentScope.allTenants())));
        clients.put(Caller.TECHNICIAN, ApiClient.withToken(staff.tokenFor("api.technician@northwind-msp.example",
                Role.TECHNICIAN, AssignmentScope.tenants(CONTOSO))));
        clients.put(Caller.READ_ONLY, ApiClient.withToken(staff.tokenFor("api.reader@northwind-msp.example",
                Role.READ_ONLY, AssignmentScope.allTenants())));
    }

    @AfterEach
    void clear() {
        staff.clear();
    }

    @Test
    void everyEndpointAnswersEachBuiltInRoleAsItsPermissionsSay() {
        List<String> wrong = new ArrayList<>();
        for (Row row : MATRIX) {
            for (Caller caller : Caller.values()) {
                HttpResponse<String> response = clients.get(caller).send(row.method(), row.path(), row.body());
                boolean refused = response.statusCode() == 403;
                if (row.allowed().contains(caller) == refused || response.statusCode() == 401
                        || response.statusCode() >= 500) {
                    wrong.add(caller + " " + describe(response));
                }
                if (refused) {
                    assertEquals("urn:tenantry:problem:forbidden", object(response).getString("type"),
                            describe(response));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "answers against the matrix:\n" + String.join("\n", wrong));
    }

    @Test
    void withoutATokenEveryEndpointButSystemAnswers401WithAChallenge() {
        for (Row row : MATRIX) {
            HttpResponse<String> response = ApiClient.anonymous().send(row.method(), row.path(), row.body());

            assertEquals(401, response.statusCode(), describe(response));
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="),
                    describe(response));
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals(401, object(response).getInt("status"));
        }
        assertEquals(200, ApiClient.anonymous().get("system").statusCode());
    }

    @Test
    void theMatrixCoversEveryOperationTheApiDescribes() {
        HttpResponse<String> response = ApiClient.send(java.net.http.HttpRequest
                .newBuilder(Deployments.http().resolve("openapi?format=JSON")).build());
        JsonObject paths = object(response).getJsonObject("paths");
        Set<String> described = new TreeSet<>();
        paths.forEach((path, operations) -> operations.asJsonObject().keySet().stream()
                .filter(verb -> Set.of("get", "post", "put", "patch", "delete").contains(verb))
                .forEach(verb -> described.add(verb.toUpperCase(Locale.ROOT) + " " + path)));
        described.remove("GET /api/system");
        Set<String> covered = new TreeSet<>();
        MATRIX.forEach(row -> covered.add(row.method() + " " + row.template()));

        assertEquals(described, covered, "each API operation needs a row in the permission matrix");
    }

    @Test
    void theJobsMetricsAreGaugesInThePrometheusTextFormatWhateverTheClientAccepts() {
        HttpResponse<String> metrics = clients.get(Caller.OWNER).get("jobs/metrics");

        assertEquals(200, metrics.statusCode(), describe(metrics));
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), describe(metrics));
        assertTrue(metrics.body().contains("# TYPE tenantry_job_slots gauge\ntenantry_job_slots 2\n"), metrics.body());
        assertTrue(metrics.body().contains("# TYPE tenantry_job_tenants gauge\n"), metrics.body());
    }

    @Test
    void theJobFiguresLookBackOverTheWindowAskedForWithinTheRunsKept() {
        ApiClient owner = clients.get(Caller.OWNER);

        HttpResponse<String> sixMinutes = owner.get("jobs?window=PT6M");
        assertEquals(200, sixMinutes.statusCode(), describe(sixMinutes));
        JsonArray figures = (JsonArray) ApiClient.structure(sixMinutes);
        assertFalse(figures.isEmpty(), "the test server runs Tenantry's own consent check at least");
        figures.forEach(job -> assertEquals(360, job.asJsonObject().getInt("windowSeconds"), job.toString()));

        assertEquals(400, owner.get("jobs?window=PT30S").statusCode(), "under a minute");
        assertEquals(400, owner.get("jobs?window=P1D").statusCode(), "over the two hours runs are kept");
        assertEquals(400, owner.get("jobs?window=soon").statusCode(), "not a duration");
    }

    @Test
    void aJobRunsNowInATenantAndItsLastRunSaysHowItEnded() throws InterruptedException {
        ApiClient owner = clients.get(Caller.OWNER);
        // Tenantry's own consent check: the test server runs no plugin
        String run = "jobs/tenantry.consent-check/tenants/" + CONTOSO;

        HttpResponse<String> unknown = owner.send("POST", "jobs/no-such-job/tenants/" + CONTOSO + "/run", "{}");
        assertEquals(404, unknown.statusCode(), describe(unknown));
        java.time.Instant asked = java.time.Instant.now().minusSeconds(1);
        HttpResponse<String> started = owner.send("POST", run + "/run", "{}");
        assertEquals(202, started.statusCode(), describe(started));

        JsonObject last = null;
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> answer = owner.get(run);
            assertEquals(200, answer.statusCode(), describe(answer));
            last = object(answer);
            if (has(last, "finishedAt") && has(last, "startedAt")
                    && !java.time.Instant.parse(last.getString("startedAt")).isBefore(asked)) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(has(last, "finishedAt"), "the run asked for ended: " + last);
        assertTrue(java.time.Instant.parse(last.getString("startedAt")).isAfter(asked), last.toString());
        assertFalse(last.getString("outcome").equals("RUNNING"), last.toString());
        assertEquals("tenantry", last.getString("pluginId"));
        assertFalse(has(last, "lagMillis"), "a run a person asked for has no lag: " + last);
        assertEquals(404, owner.get("jobs/tenantry.consent-check/tenants/" + UNKNOWN_TENANT).statusCode(),
                "a tenant that does not exist");
        assertEquals(404, owner.send("POST", "jobs/tenantry.consent-check/tenants/" + UNKNOWN_TENANT + "/run", "{}")
                .statusCode());
    }

    /** Whether the answer has a value for {@code name} (absent and null alike: the API leaves out what is null). */
    private static boolean has(JsonObject object, String name) {
        return object.containsKey(name) && !object.isNull(name);
    }

    @Test
    void aTechnicianSeesOnlyTheTenantsInTheirScope() {
        ApiClient technician = clients.get(Caller.TECHNICIAN);

        JsonObject page = object(technician.get("tenants?max=500"));
        assertEquals(1, page.getInt("total"), page.toString());
        assertEquals(CONTOSO, page.getJsonArray("items").getJsonObject(0).getString("id"));
        assertEquals(0, object(technician.get("tenants?filter=adatum")).getInt("total"));

        HttpResponse<String> foreign = technician.get("tenants/" + ADATUM);
        assertEquals(403, foreign.statusCode(), describe(foreign));
        assertFalse(foreign.body().contains("adatum.example"), "no data of the foreign tenant: " + foreign.body());
    }

    @Test
    void aForeignTenantInThePathIsRefusedAndNothingChanges() {
        ApiClient manager = ApiClient.withToken(staff.tokenFor("api.contoso-manager@northwind-msp.example",
                staff.role("api-tenant-manager", Set.of(Permissions.TENANTS_READ, Permissions.TENANTS_MANAGE,
                        Permissions.AUDIT_READ, Permissions.APPROVALS_DECIDE)), AssignmentScope.tenants(CONTOSO)));
        String adatumName = tenants.find(ADATUM).orElseThrow().displayName();

        for (String method : List.of("PATCH", "DELETE")) {
            HttpResponse<String> response = manager.send(method, "tenants/" + ADATUM,
                    method.equals("PATCH") ? "{\"displayName\": \"Taken over\"}" : null);
            assertEquals(403, response.statusCode(), describe(response));
        }
        assertEquals(adatumName, tenants.find(ADATUM).orElseThrow().displayName());
        assertEquals(200, manager.send("PATCH", "tenants/" + CONTOSO, "{\"notes\": \"in scope\"}").statusCode());
    }

    @Test
    void aForeignTenantInTheBodyChangesOnlyTheTenantOfThePath() {
        ApiClient manager = ApiClient.withToken(staff.tokenFor("api.contoso-manager@northwind-msp.example",
                staff.role("api-tenant-manager", Set.of(Permissions.TENANTS_READ, Permissions.TENANTS_MANAGE)),
                AssignmentScope.tenants(CONTOSO)));
        String adatumName = tenants.find(ADATUM).orElseThrow().displayName();

        HttpResponse<String> response = manager.send("PATCH", "tenants/" + CONTOSO,
                "{\"id\": \"" + ADATUM + "\", \"displayName\": \"Contoso renamed by API\"}");

        assertEquals(200, response.statusCode(), describe(response));
        assertEquals(CONTOSO, object(response).getString("id"));
        assertEquals(adatumName, tenants.find(ADATUM).orElseThrow().displayName(), "the foreign tenant is untouched");
        assertEquals("Contoso renamed by API", tenants.find(CONTOSO).orElseThrow().displayName());
    }

    @Test
    void aForeignTenantInTheQueryIsRefusedNotAnsweredEmpty() {
        ApiClient reader = ApiClient.withToken(staff.tokenFor("api.contoso-reader@northwind-msp.example",
                Role.READ_ONLY, AssignmentScope.tenants(CONTOSO)));

        HttpResponse<String> foreign = reader.get("audit?tenantId=" + ADATUM);
        assertEquals(403, foreign.statusCode(), describe(foreign));

        JsonObject own = object(reader.get("audit?max=1000"));
        for (JsonValue record : own.getJsonArray("items")) {
            assertEquals(CONTOSO, record.asJsonObject().getString("tenantId", null), record.toString());
        }
    }

    @Test
    void anApprovalRequestOfAForeignTenantCannotBeSeenOrDecided() {
        ApiClient decider = ApiClient.withToken(staff.tokenFor("api.contoso-decider@northwind-msp.example",
                staff.role("api-contoso-decider", Set.of(Permissions.TENANTS_READ, Permissions.APPROVALS_DECIDE)),
                AssignmentScope.tenants(CONTOSO)));
        String requester = "api.adatum-requester@northwind-msp.example";
        staff.tokenFor(requester, Role.ADMINISTRATOR, AssignmentScope.tenants(ADATUM));
        ApprovalRequest foreign = ledger.open(requester, List.of(), RecordingAction.NAME, ADATUM,
                Map.of("key", "api-isolation-" + System.nanoTime()), "Record something in Adatum", "isolation test");

        assertEquals(404, decider.get("approvals/" + foreign.id()).statusCode());
        HttpResponse<String> approve = decider.send("POST", "approvals/" + foreign.id() + "/approve", "{}");
        assertEquals(404, approve.statusCode(), describe(approve));
        assertFalse(decider.get("approvals").body().contains(foreign.id()), "not in the decider's waiting list");
        assertEquals(0, RecordingAction.runs(foreign.parameters().get("key")));

        HttpResponse<String> withdrawn = ApiClient.withToken(staff.narrowTokenFor(requester,
                Set.of(Permissions.TENANTS_READ))).send("POST", "approvals/" + foreign.id() + "/withdraw", "{}");
        assertEquals(200, withdrawn.statusCode(), describe(withdrawn));
        assertEquals("WITHDRAWN", object(withdrawn).getString("status"));
    }
}
