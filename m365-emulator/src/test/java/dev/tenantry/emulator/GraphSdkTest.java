package dev.tenantry.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.http.RequestLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Graph SDK v6 against the emulator's Graph, with tokens the real MSAL4J obtained from it. */
class GraphSdkTest {

    static final String CLIENT_ID = "4a7d2c91-8e35-4b60-a1f2-9c3e5d7b8a14";
    static final String SECRET = "graph-test-secret";
    static final String CONTOSO = "contoso.example";

    static M365Emulator emulator;
    Tenant contoso;

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
        emulator.register(new Application(CLIENT_ID, "Tenantry Graph tests", emulator.tenant("northwind-msp.example").id(),
                List.of(SECRET), List.of("http://localhost:8080/auth/callback"), Map.of()));
        contoso = emulator.tenant(CONTOSO);
    }

    @Test
    void pageIteratorFollowsNextLinksThroughEveryUser() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        for (int i = 0; i < 246; i++) {
            var json = Json.object().put("userPrincipalName", "bulk" + i + "@contoso.example").put("displayName", "Bulk " + i);
            emulator.directory().addUser(contoso, json, "x", List.of());
        }
        GraphServiceClient graph = graph(appToken(contoso));
        emulator.requestLog().clear();

        UserCollectionResponse first = graph.users().get(request -> {
            request.queryParameters.top = 100;
            request.queryParameters.select = new String[] {"id", "displayName"};
        });
        List<String> names = new ArrayList<>();
        PageIterator<User, UserCollectionResponse> pages = new PageIterator.Builder<User, UserCollectionResponse>()
                .client(graph).collectionPage(first).collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
                .processPageItemCallback(user -> names.add(user.getDisplayName())).build();
        pages.iterate();

        assertEquals(250, names.size(), "4 seeded users and 246 added");
        assertEquals(250, Set.copyOf(names).size(), "no user twice");
        List<RequestLog.Entry> requests = emulator.requestLog().matching(entry -> entry.kind().equals("graph"));
        assertEquals(3, requests.size(), "one request per page of 100");
        assertTrue(requests.stream().allMatch(entry -> entry.bearerToken() && entry.status() == 200
                && entry.scopes().equals("User.Read.All") && entry.tenant().equals(contoso.id())),
                "the SDK sent the token on every page: " + requests);
    }

    @Test
    void theOrganizationReadsAsTheSdkModelWithoutItsBrandingInline() throws Exception {
        grantAppRoles(contoso, "Organization.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));

        var organizations = graph.organization().get().getValue();

        assertEquals(1, organizations.size());
        assertEquals(contoso.displayName(), organizations.get(0).getDisplayName());
        assertTrue(contoso.branding().isPresent(), "the seed brands Contoso's sign-in page");
        assertEquals(null, organizations.get(0).getBranding(), "branding is a navigation, never inline");
    }

    @Test
    void aTokenWithoutAnAcceptedPermissionGetsAuthorizationRequestDeniedAsODataError() throws Exception {
        grantAppRoles(contoso, "Mail.Read");
        GraphServiceClient graph = graph(appToken(contoso));

        ODataError error = assertThrows(ODataError.class, () -> graph.users().get());

        assertEquals(403, error.getResponseStatusCode());
        assertEquals("Authorization_RequestDenied", error.getError().getCode());
        assertNotNull(error.getError().getInnerError());
    }

    @Test
    void theSdksRetryHandlerWaitsOutA429RetryAfter() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));
        emulator.faults().throttle(contoso.id(), "/users", Duration.ofSeconds(1), 1);
        emulator.requestLog().clear();

        UserCollectionResponse users = graph.users().get();

        assertEquals(4, users.getValue().size());
        List<Integer> statuses = emulator.requestLog().matching(entry -> entry.kind().equals("graph")).stream()
                .map(RequestLog.Entry::status).toList();
        assertEquals(List.of(429, 200), statuses);
    }

    @Test
    void aTenantOverItsRequestBudgetIsThrottled() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));
        emulator.faults().budget(contoso.id(), 2, Duration.ofMinutes(10));

        graph.users().get();
        graph.users().get();
        ODataError throttled = assertThrows(ODataError.class, () -> graphWithoutRetry(appToken(contoso)).users().get());

        assertEquals(429, throttled.getResponseStatusCode());
        assertEquals("TooManyRequests", throttled.getError().getCode());
    }

    @Test
    void selectFilterAndCountBehaveLikeGraph() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));

        UserCollectionResponse filtered = graph.users().get(request -> {
            request.queryParameters.filter = "startswith(displayName,'Ad') or userPrincipalName eq 'lee.gu@contoso.example'";
            request.queryParameters.select = new String[] {"displayName", "jobTitle"};
            request.queryParameters.count = true;
            request.headers.add("ConsistencyLevel", "eventual");
        });
        assertEquals(List.of("Adele Vance", "Lee Gu"), filtered.getValue().stream().map(User::getDisplayName).toList());
        assertEquals(2L, filtered.getOdataCount());
        assertEquals("Retail Manager", filtered.getValue().get(0).getJobTitle());
        assertEquals(null, filtered.getValue().get(0).getUserPrincipalName(), "not selected");

        ODataError malformed = assertThrows(ODataError.class, () -> graph.users().get(request ->
                request.queryParameters.filter = "displayName eq 'unterminated"));
        assertEquals(400, malformed.getResponseStatusCode());
        ODataError tooBig = assertThrows(ODataError.class, () -> graph.users().get(request -> request.queryParameters.top = 5000));
        assertEquals("Request_UnsupportedQuery", tooBig.getError().getCode());
        assertTrue(tooBig.getError().getMessage().contains("between 1 and 999"));
        ODataError countWithoutHeader = assertThrows(ODataError.class, () -> graph.users().get(request ->
                request.queryParameters.count = true));
        assertEquals(400, countWithoutHeader.getResponseStatusCode());
    }

    @Test
    void batchRunsEachRequestWithItsOwnStatus() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));
        String adele = contoso.user("adele.vance@contoso.example").orElseThrow().id();

        BatchRequestContent batch = new BatchRequestContent(graph);
        String found = batch.addBatchRequestStep(graph.users().byUserId(adele).toGetRequestInformation());
        String missing = batch.addBatchRequestStep(graph.users().byUserId("00000000-0000-0000-0000-000000000000")
                .toGetRequestInformation());
        String forbidden = batch.addBatchRequestStep(graph.groups().toGetRequestInformation(request ->
                request.queryParameters.top = 5));
        BatchResponseContent responses = graph.getBatchRequestBuilder().post(batch, null);

        assertEquals(200, responses.getResponsesStatusCode().get(found));
        assertEquals("Adele Vance", responses.getResponseById(found, User::createFromDiscriminatorValue).getDisplayName());
        assertEquals(404, responses.getResponsesStatusCode().get(missing));
        assertEquals(403, responses.getResponsesStatusCode().get(forbidden), "User.Read.All does not read groups");
        assertEquals(3, emulator.requestLog().matching(entry -> entry.kind().equals("graph-batch")).size());
        assertEquals("%24top=5", emulator.requestLog().matching(entry -> entry.kind().equals("graph-batch")
                && entry.path().endsWith("/groups")).get(0).query(), "each request is logged with its query");
    }

    @Test
    void eachRequestIsLoggedWithItsUserAgentAndABatchsRequestsWithTheirRoundTrips() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = client(appToken(contoso), GraphClientFactory.create().addInterceptor(chain -> chain
                .proceed(chain.request().newBuilder().header("User-Agent", chain.request().header("User-Agent")
                        + " Tenantry (user-management.directory; user-management.licences)").build())));
        emulator.requestLog().clear();

        BatchRequestContent batch = new BatchRequestContent(graph);
        batch.addBatchRequestStep(graph.users().toGetRequestInformation());
        batch.addBatchRequestStep(graph.subscribedSkus().toGetRequestInformation());
        graph.getBatchRequestBuilder().post(batch, null);
        graph(appToken(contoso)).users().get();

        List<RequestLog.Entry> logged = emulator.requestLog().matching(entry -> entry.kind().startsWith("graph"));
        assertEquals(4, logged.size(), logged.toString());
        for (RequestLog.Entry named : logged.subList(0, 3)) {
            assertTrue(named.userAgent().startsWith("kiota-java/"), named.userAgent());
            assertTrue(named.madeFor("user-management.directory") && named.madeFor("user-management.licences")
                    && named.madeFor("user-management."), named.toString());
            assertFalse(named.madeFor("user-management.dir") || named.madeFor("secure."), named.toString());
        }
        RequestLog.Entry unnamed = logged.get(3);
        assertNotNull(unnamed.userAgent(), "the SDK names itself");
        assertFalse(unnamed.madeFor("user-management."), unnamed.userAgent());
    }

    @Test
    void graphBatchSendsThrottledRequestsAgainAfterRetryAfterAndAnsweredOnesOnce() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));
        java.util.Map<String, com.microsoft.kiota.RequestInformation> requests = new java.util.LinkedHashMap<>();
        for (String name : List.of("adele.vance", "lee.gu", "megan.bowen")) {
            requests.put(name, graph.users().byUserId(name + "@contoso.example").toGetRequestInformation());
        }
        requests.put("groups", graph.groups().toGetRequestInformation());
        // Two of the batch's requests are throttled the first time
        emulator.faults().throttle(contoso.id(), "/users/lee", java.time.Duration.ofSeconds(1), 1);
        emulator.faults().throttle(contoso.id(), "/users/megan", java.time.Duration.ofSeconds(1), 1);
        emulator.requestLog().clear();

        var answers = dev.tenantry.plugin.api.GraphBatch.send(graph, requests, 3);

        assertEquals(200, answers.get("adele.vance").status());
        assertEquals(1, answers.get("adele.vance").rounds(), "answered the first time, not sent again");
        assertEquals(200, answers.get("lee.gu").status(), answers.keySet().toString());
        assertEquals("Lee Gu", answers.get("lee.gu").body(User::createFromDiscriminatorValue).getDisplayName());
        assertEquals(2, answers.get("lee.gu").rounds());
        assertEquals(2, answers.get("megan.bowen").rounds());
        assertEquals(403, answers.get("groups").status(), "a refusal is an answer, not retried");
        assertEquals(1, answers.get("groups").rounds());
        List<String> steps = emulator.requestLog().matching(entry -> entry.kind().equals("graph-batch")).stream()
                .map(entry -> entry.path() + " " + entry.status()).toList();
        assertEquals(6, steps.size(), "four requests, two of them twice: " + steps);
    }

    @Test
    void graphBatchDoesNotWaitOutALongRetryAfterButLeavesTheThrottledRequestsTheir429() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));
        java.util.Map<String, com.microsoft.kiota.RequestInformation> requests = new java.util.LinkedHashMap<>();
        for (String name : List.of("adele.vance", "lee.gu")) {
            requests.put(name, graph.users().byUserId(name + "@contoso.example").toGetRequestInformation());
        }
        emulator.faults().throttle(contoso.id(), "/users/lee", java.time.Duration.ofSeconds(30), 1);
        emulator.requestLog().clear();
        long started = System.nanoTime();

        var answers = dev.tenantry.plugin.api.GraphBatch.send(graph, requests, 3);

        assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(10),
                "a Retry-After of 30 s is not slept through inside the batch");
        assertEquals(200, answers.get("adele.vance").status());
        assertEquals(429, answers.get("lee.gu").status(), "Microsoft's answer, for the caller to hand back");
        assertEquals(1, answers.get("lee.gu").rounds());
        com.microsoft.kiota.ApiException throttled = assertThrows(com.microsoft.kiota.ApiException.class,
                answers.get("lee.gu")::orThrow);
        assertEquals(429, throttled.getResponseStatusCode());
        assertEquals(2, emulator.requestLog().matching(entry -> entry.kind().equals("graph-batch")).size(),
                "each request once");
    }

    @Test
    void aBatchRefusedAsAWholeThrowsGraphsErrorAndAnErrorAnswerKeepsItsCode() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        String token = appToken(contoso);
        java.util.Map<String, com.microsoft.kiota.RequestInformation> requests = new java.util.LinkedHashMap<>();
        requests.put("users", graph(token).users().toGetRequestInformation());
        requests.put("groups", graph(token).groups().toGetRequestInformation());

        var answers = dev.tenantry.plugin.api.GraphBatch.send(graph(token), requests, 1);
        assertEquals(4, answers.get("users").body(com.microsoft.graph.models.UserCollectionResponse
                ::createFromDiscriminatorValue).getValue().size());
        ODataError refused = assertThrows(ODataError.class, answers.get("groups")::orThrow);
        assertEquals(403, refused.getResponseStatusCode());
        assertEquals("Authorization_RequestDenied", refused.getError().getCode());
        assertThrows(ODataError.class, () -> answers.get("groups").body(com.microsoft.graph.models
                .GroupCollectionResponse::createFromDiscriminatorValue), "no body read from a refusal");

        // The batch itself sent with an expired token: Microsoft's 401 for it, not an empty set of answers
        emulator.advanceClock(Duration.ofHours(2));
        ODataError expired = assertThrows(ODataError.class, () -> dev.tenantry.plugin.api.GraphBatch.send(
                graphWithoutRetry(token), requests, 1));
        assertEquals(401, expired.getResponseStatusCode());
        assertEquals("InvalidAuthenticationToken", expired.getError().getCode());
    }

    @Test
    void securityPostureReadsAsTheSdksModelsWithTheLeastPrivilegedPermissions() throws Exception {
        grantAppRoles(contoso, "Policy.Read.All", "AuditLog.Read.All", "SecurityEvents.Read.All",
                "OrganizationalBranding.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));

        var policies = graph.identity().conditionalAccess().policies().get().getValue();
        assertEquals(4, policies.size());
        assertTrue(policies.stream().anyMatch(policy -> policy.getGrantControls().getBuiltInControls()
                .contains(com.microsoft.graph.models.ConditionalAccessGrantControl.Block)
                && policy.getConditions().getClientAppTypes().contains(
                        com.microsoft.graph.models.ConditionalAccessClientApp.ExchangeActiveSync)),
                "legacy authentication blocked");
        var locations = graph.identity().conditionalAccess().namedLocations().get().getValue();
        assertTrue(locations.stream().anyMatch(location -> location instanceof
                com.microsoft.graph.models.CountryNamedLocation country
                && country.getCountriesAndRegions().contains("KP")), "typed by @odata.type");
        assertTrue(graph.policies().authorizationPolicy().get().getDefaultUserRolePermissions()
                .getPermissionGrantPoliciesAssigned().contains("ManagePermissionGrantsForSelf.microsoft-user-default-low"),
                "Contoso lets users consent");
        var registration = graph.reports().authenticationMethods().userRegistrationDetails().get().getValue();
        assertEquals(contoso.users().size(), registration.size(), "one entry per user");
        var megan = registration.stream().filter(entry -> entry.getUserPrincipalName()
                .equals("megan.bowen@contoso.example")).findFirst().orElseThrow();
        assertTrue(megan.getIsAdmin() && megan.getIsMfaRegistered());
        assertTrue(registration.stream().anyMatch(entry -> !entry.getIsMfaRegistered()));
        var score = graph.security().secureScores().get(request -> request.queryParameters.top = 1).getValue().get(0);
        assertEquals(62.0, score.getCurrentScore());
        assertEquals(100.0, score.getMaxScore());
        assertTrue(graph.security().secureScoreControlProfiles().get().getValue().stream()
                .anyMatch(profile -> "AdminMFAV2".equals(profile.getId())));
        assertTrue(graph.organization().byOrganizationId(contoso.id()).branding().get() != null);

        ODataError refused = assertThrows(ODataError.class, () -> graph(appTokenWith(
                emulator.tenant("fabrikam.example"), "User.Read.All")).identity().conditionalAccess().policies().get());
        assertEquals(403, refused.getResponseStatusCode(), "User.Read.All does not read policies");
    }

    @Test
    void aTenantWithoutBrandingOrUserConsentAnswersAsGraphDoes() throws Exception {
        Tenant fabrikam = emulator.tenant("fabrikam.example");
        GraphServiceClient graph = graph(appTokenWith(fabrikam, "Policy.Read.All", "OrganizationalBranding.Read.All"));
        ODataError none = assertThrows(ODataError.class,
                () -> graph.organization().byOrganizationId(fabrikam.id()).branding().get());
        assertEquals(404, none.getResponseStatusCode());
        assertTrue(graph.policies().authorizationPolicy().get().getDefaultUserRolePermissions()
                .getPermissionGrantPoliciesAssigned().isEmpty(), "Fabrikam's users cannot consent");
        assertTrue(graph.identity().conditionalAccess().policies().get().getValue().isEmpty());
    }

    @Test
    void deltaReturnsChangesAndRemovalsSinceTheDeltaLink() throws Exception {
        grantAppRoles(contoso, "User.Read.All", "User.ReadWrite.All");
        GraphServiceClient graph = graph(appToken(contoso));

        DeltaGetResponse initial = graph.users().delta().get();
        assertEquals(4, initial.getValue().size());
        String deltaLink = initial.getOdataDeltaLink();
        assertNotNull(deltaLink);

        User changed = new User();
        changed.setJobTitle("Head of Retail");
        graph.users().byUserId("adele.vance@contoso.example").patch(changed);
        graph.users().byUserId("isaiah.langer@contoso.example").delete();

        DeltaGetResponse delta = graph.users().delta().withUrl(deltaLink).get();
        assertEquals(2, delta.getValue().size());
        User adele = delta.getValue().stream().filter(user -> "Adele Vance".equals(user.getDisplayName())).findFirst()
                .orElseThrow();
        assertEquals("Head of Retail", adele.getJobTitle());
        User isaiah = delta.getValue().stream().filter(user -> user.getDisplayName() == null).findFirst().orElseThrow();
        assertTrue(isaiah.getAdditionalData().containsKey("@removed"), isaiah.getAdditionalData().toString());

        assertEquals(0, graph.users().delta().withUrl(delta.getOdataDeltaLink()).get().getValue().size());
    }

    @Test
    void deletedUsersCanBeListedAndRestored() throws Exception {
        grantAppRoles(contoso, "User.ReadWrite.All");
        GraphServiceClient graph = graph(appToken(contoso));
        String lee = contoso.user("lee.gu@contoso.example").orElseThrow().id();

        graph.users().byUserId(lee).delete();
        assertEquals(List.of("Lee Gu"), graph.directory().deletedItems().graphUser().get().getValue().stream()
                .map(User::getDisplayName).toList());
        graph.directory().deletedItems().byDirectoryObjectId(lee).restore().post();

        assertEquals("Lee Gu", graph.users().byUserId(lee).get().getDisplayName());
        assertTrue(graph.directory().deletedItems().graphUser().get().getValue().isEmpty());
    }

    @Test
    void anExpiredOrForeignTokenIsRejectedWithInvalidAuthenticationToken() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        String token = appToken(contoso);
        emulator.advanceClock(Duration.ofHours(2));

        ODataError expired = assertThrows(ODataError.class, () -> graph(token).users().get());
        assertEquals(401, expired.getResponseStatusCode());
        assertEquals("InvalidAuthenticationToken", expired.getError().getCode());
        assertTrue(expired.getError().getMessage().contains("expired"));

        String[] parts = appToken(contoso).split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        ODataError invalid = assertThrows(ODataError.class, () -> graph(forged).users().get());
        assertEquals(401, invalid.getResponseStatusCode());
    }

    @Test
    void graphsServicePrincipalPublishesMicrosoftsPermissionCatalogue() throws Exception {
        grantAppRoles(contoso, "Application.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));

        var sp = graph.servicePrincipalsWithAppId("00000003-0000-0000-c000-000000000000").get();

        var userReadAll = sp.getOauth2PermissionScopes().stream().filter(scope -> scope.getValue().equals("User.Read.All"))
                .findFirst().orElseThrow();
        assertEquals("Admin", userReadAll.getType());
        assertEquals("a154be20-db9c-4678-8ab7-66f6cc099a59", userReadAll.getId().toString());
        assertEquals("User", sp.getOauth2PermissionScopes().stream().filter(scope -> scope.getValue().equals("User.Read"))
                .findFirst().orElseThrow().getType());
        assertTrue(sp.getAppRoles().stream().anyMatch(role -> role.getValue().equals("IdentityRiskEvent.Read.All")));
    }

    @Test
    void anAppRoleAssignmentIsDeletedOnlyWithAppRoleAssignmentReadWriteAllAndOnlyForItsOwnClient() throws Exception {
        grantAppRoles(contoso, "Application.Read.All", "User.Read.All");
        var sp = emulator.directory().application(CLIENT_ID).map(app -> emulator.directory()
                .ensureServicePrincipal(contoso, app)).orElseThrow();
        String spId = sp.get("id").asText();
        GraphServiceClient reader = graph(appToken(contoso));
        var assignments = reader.servicePrincipals().byServicePrincipalId(spId).appRoleAssignments().get().getValue();
        assertEquals(2, assignments.size());
        String userReadAll = emulator.directory().catalogue().graph().appRole("User.Read.All").orElseThrow().id();
        String assignmentId = assignments.stream().filter(a -> a.getAppRoleId().toString().equals(userReadAll))
                .findFirst().orElseThrow().getId();

        ODataError denied = assertThrows(ODataError.class, () -> reader.servicePrincipals().byServicePrincipalId(spId)
                .appRoleAssignments().byAppRoleAssignmentId(assignmentId).delete());
        assertEquals(403, denied.getResponseStatusCode(), "Application.Read.All reads, it does not delete");

        grantAppRoles(contoso, "AppRoleAssignment.ReadWrite.All");
        GraphServiceClient writer = graph(appToken(contoso));
        String graphSpId = emulator.directory().graphServicePrincipal(contoso).get("id").asText();
        ODataError foreign = assertThrows(ODataError.class, () -> writer.servicePrincipals()
                .byServicePrincipalId(graphSpId).appRoleAssignments().byAppRoleAssignmentId(assignmentId).delete());
        assertEquals(404, foreign.getResponseStatusCode(), "an assignment is deleted through its own client only");
        writer.servicePrincipals().byServicePrincipalId(spId).appRoleAssignments().byAppRoleAssignmentId(assignmentId)
                .delete();
        assertEquals(java.util.Set.of("Application.Read.All", "AppRoleAssignment.ReadWrite.All"),
                emulator.directory().grantedAppRoles(contoso, spId, graphSpId));
    }

    @Test
    void conditionalAccessPoliciesAreCreatedAndSwitchedOnWithBothPolicyPermissionsOnly() throws Exception {
        GraphServiceClient groups = graph(appTokenWith(contoso, "Group.ReadWrite.All"));
        com.microsoft.graph.models.Group noNickname = new com.microsoft.graph.models.Group();
        noNickname.setDisplayName("Break glass");
        noNickname.setMailEnabled(false);
        noNickname.setSecurityEnabled(true);
        ODataError missing = assertThrows(ODataError.class, () -> groups.groups().post(noNickname));
        assertEquals(400, missing.getResponseStatusCode());
        assertTrue(missing.getMessage().contains("mailNickname"), missing.getMessage());
        String groupId = groups.groups().post(breakGlassGroup()).getId();
        assertEquals("Break glass", groups.groups().byGroupId(groupId).get().getDisplayName());

        int before = contoso.collection("/identity/conditionalAccess/policies").orElseThrow().path("value").size();
        ODataError readOnly = assertThrows(ODataError.class, () -> graph(appTokenWith(contoso, "Policy.Read.All"))
                .identity().conditionalAccess().policies().post(mfaPolicy(groupId, "enabledForReportingButNotEnforced")));
        assertEquals(403, readOnly.getResponseStatusCode(), "Policy.Read.All alone does not write");
        emulator.reset();
        emulator.register(new Application(CLIENT_ID, "Tenantry Graph tests", emulator.tenant("northwind-msp.example")
                .id(), List.of(SECRET), List.of("http://localhost:8080/auth/callback"), Map.of()));
        contoso = emulator.tenant(CONTOSO);
        // A fresh model each time: the SDK's backing store does not send values it already sent once
        String groupAgain = graph(appTokenWith(contoso, "Group.ReadWrite.All")).groups().post(breakGlassGroup())
                .getId();
        ODataError writeOnly = assertThrows(ODataError.class, () -> graph(appTokenWith(contoso,
                "Policy.ReadWrite.ConditionalAccess")).identity().conditionalAccess().policies()
                .post(mfaPolicy(groupAgain, "enabledForReportingButNotEnforced")));
        assertEquals(403, writeOnly.getResponseStatusCode(), "Microsoft wants Policy.Read.All beside it");

        GraphServiceClient writer = graph(appTokenWith(contoso, "Policy.Read.All"));
        ODataError unknownGroup = assertThrows(ODataError.class, () -> writer.identity().conditionalAccess()
                .policies().post(mfaPolicy("00000000-0000-4000-8000-000000000000", "enabled")));
        assertEquals(400, unknownGroup.getResponseStatusCode());
        ODataError badState = assertThrows(ODataError.class, () -> writer.identity().conditionalAccess().policies()
                .post(mfaPolicy(groupAgain, null)));
        assertEquals(400, badState.getResponseStatusCode(), "state is required");
        var namingApps = mfaPolicy(groupAgain, "enabledForReportingButNotEnforced");
        namingApps.getConditions().getApplications().setIncludeApplications(List.of(CLIENT_ID));
        assertEquals(403, assertThrows(ODataError.class, () -> writer.identity().conditionalAccess().policies()
                .post(namingApps)).getResponseStatusCode(), "naming applications needs Application.Read.All too");

        var created = writer.identity().conditionalAccess().policies()
                .post(mfaPolicy(groupAgain, "enabledForReportingButNotEnforced"));
        assertEquals(com.microsoft.graph.models.ConditionalAccessPolicyState.EnabledForReportingButNotEnforced,
                created.getState());
        assertEquals(List.of(groupAgain), created.getConditions().getUsers().getExcludeGroups());
        assertEquals(before + 1, contoso.collection("/identity/conditionalAccess/policies").orElseThrow()
                .path("value").size());
        var on = new com.microsoft.graph.models.ConditionalAccessPolicy();
        on.setState(com.microsoft.graph.models.ConditionalAccessPolicyState.Enabled);
        writer.identity().conditionalAccess().policies().byConditionalAccessPolicyId(created.getId()).patch(on);
        var read = writer.identity().conditionalAccess().policies().byConditionalAccessPolicyId(created.getId()).get();
        assertEquals(com.microsoft.graph.models.ConditionalAccessPolicyState.Enabled, read.getState());
        assertEquals(List.of(groupAgain), read.getConditions().getUsers().getExcludeGroups(), "the rest is as it was");
        assertEquals(404, assertThrows(ODataError.class, () -> writer.identity().conditionalAccess().policies()
                .byConditionalAccessPolicyId("no-such-policy").get()).getResponseStatusCode());

        // Delegated: the scopes and an administrator's role
        var application = emulator.directory().application(CLIENT_ID).orElseThrow();
        var sp = emulator.directory().ensureServicePrincipal(contoso, application);
        emulator.directory().grantDelegated(contoso, sp.get("id").asText(),
                emulator.directory().graphServicePrincipal(contoso).get("id").asText(), null,
                List.of("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "offline_access", "openid", "profile"));
        String adele = delegatedToken("adele.vance@contoso.example", "Policy.ReadWrite.ConditionalAccess");
        assertEquals(403, assertThrows(ODataError.class, () -> graph(adele).identity().conditionalAccess().policies()
                .post(mfaPolicy(groupAgain, "disabled"))).getResponseStatusCode(), "no administrator role");
        String megan = delegatedToken("megan.bowen@contoso.example", "Policy.ReadWrite.ConditionalAccess");
        assertEquals("disabled", graph(megan).identity().conditionalAccess().policies()
                .post(mfaPolicy(groupAgain, "disabled")).getState().getValue());
    }

    @Test
    void riskDetectionsArePagedFilteredByDetectionTimeAndNeedEntraIdP1OrP2() throws Exception {
        ODataError riskyUsersScope = assertThrows(ODataError.class, () -> graph(appTokenWith(contoso,
                "IdentityRiskyUser.Read.All")).identityProtection().riskDetections().get());
        assertEquals(403, riskyUsersScope.getResponseStatusCode(), "detections need IdentityRiskEvent.Read.All");
        GraphServiceClient graph = graph(appTokenWith(contoso, "IdentityRiskEvent.Read.All"));
        var seeded = graph.identityProtection().riskDetections().get().getValue();
        assertEquals(2, seeded.size());
        assertEquals("isaiah.langer@contoso.example", seeded.get(0).getUserPrincipalName());
        var injected = emulator.directory().injectRiskDetection(contoso, Json.object()
                .put("userPrincipalName", "adele.vance@contoso.example").put("riskEventType", "passwordSpray")
                .put("riskLevel", "high").put("detectedDateTime", "2026-11-21T09:00:00Z"));
        var newer = graph.identityProtection().riskDetections().get(request -> request.queryParameters.filter =
                "detectedDateTime ge 2026-11-20T08:00:00Z").getValue();
        assertEquals(List.of(injected.get("id").asText()), newer.stream()
                .map(com.microsoft.graph.models.RiskDetection::getId).toList(), "only what was detected since");
        assertEquals(com.microsoft.graph.models.RiskLevel.High, newer.get(0).getRiskLevel());
        assertEquals("passwordSpray", newer.get(0).getRiskEventType());
        var firstPage = graph.identityProtection().riskDetections().get(request -> request.queryParameters.top = 2);
        assertEquals(2, firstPage.getValue().size());
        assertTrue(firstPage.getOdataNextLink() != null, "a next page");

        Tenant fabrikam = emulator.tenant("fabrikam.example");
        ODataError unlicensed = assertThrows(ODataError.class, () -> graph(appTokenWith(fabrikam,
                "IdentityRiskEvent.Read.All")).identityProtection().riskDetections().get());
        assertEquals(403, unlicensed.getResponseStatusCode());
        assertTrue(unlicensed.getMessage().contains("not licensed"), unlicensed.getMessage());
    }

    @Test
    void identityProtectionPagesTwentyByDefaultAndAtMostFiveHundredWhileTheDirectoryTakes999() throws Exception {
        for (int i = 0; i < 25; i++) {
            emulator.directory().injectRiskDetection(contoso, Json.object()
                    .put("userPrincipalName", "adele.vance@contoso.example").put("riskEventType", "passwordSpray")
                    .put("riskLevel", "low"));
        }
        GraphServiceClient graph = graph(appTokenWith(contoso, "IdentityRiskEvent.Read.All", "User.Read.All"));

        var firstPage = graph.identityProtection().riskDetections().get();
        assertEquals(20, firstPage.getValue().size(), "Microsoft's default page of risk detections");
        assertNotNull(firstPage.getOdataNextLink());
        assertEquals(27, graph.identityProtection().riskDetections().get(request -> request.queryParameters.top = 500)
                .getValue().size(), "two seeded and 25 raised, in one page of the largest size");
        ODataError tooMany = assertThrows(ODataError.class, () -> graph.identityProtection().riskDetections()
                .get(request -> request.queryParameters.top = 501));
        assertEquals(400, tooMany.getResponseStatusCode());
        assertTrue(tooMany.getMessage().contains("between 1 and 500"), tooMany.getMessage());

        assertEquals(4, graph.users().get(request -> request.queryParameters.top = 999).getValue().size());
        ODataError tooManyUsers = assertThrows(ODataError.class, () -> graph.users()
                .get(request -> request.queryParameters.top = 1000));
        assertEquals(400, tooManyUsers.getResponseStatusCode());
    }

    @Test
    void aServicePrincipalsGrantsAndAssignmentsAreReadByItsAppIdWithoutItsObjectId() throws Exception {
        grantAppRoles(contoso, "Directory.Read.All");
        var sp = emulator.directory().ensureServicePrincipal(contoso, emulator.directory().application(CLIENT_ID)
                .orElseThrow());
        String graphSpId = emulator.directory().graphServicePrincipal(contoso).get("id").asText();
        emulator.directory().grantDelegated(contoso, sp.get("id").asText(), graphSpId, null, List.of("User.Read"));
        GraphServiceClient graph = graph(appToken(contoso));
        String byAppId = emulator.graphBaseUrl() + "/servicePrincipals(appId='" + CLIENT_ID + "')";

        var assignments = graph.servicePrincipals().byServicePrincipalId("unused").appRoleAssignments()
                .withUrl(byAppId + "/appRoleAssignments").get().getValue();
        var grants = graph.servicePrincipals().byServicePrincipalId("unused").oauth2PermissionGrants()
                .withUrl(byAppId + "/oauth2PermissionGrants").get().getValue();

        assertEquals(List.of(emulator.directory().catalogue().graph().appRole("Directory.Read.All").orElseThrow().id()),
                assignments.stream().map(assignment -> assignment.getAppRoleId().toString()).toList());
        assertEquals(1, grants.size());
        assertEquals(sp.get("id").asText(), grants.get(0).getClientId(), "only the grants it is the client of");
        assertEquals("User.Read", grants.get(0).getScope().trim());
        ODataError unknown = assertThrows(ODataError.class, () -> graph.servicePrincipals().byServicePrincipalId("x")
                .appRoleAssignments().withUrl(emulator.graphBaseUrl()
                        + "/servicePrincipals(appId='9d0c1b2a-0000-4000-8000-000000000000')/appRoleAssignments").get());
        assertEquals(404, unknown.getResponseStatusCode());
    }

    @Test
    void anEntraIdP1TenantListsRiskDetectionsWithTheirLevelAndDetailHiddenButNoRiskyUsers() throws Exception {
        Tenant adatum = emulator.tenant("adatum.example");
        emulator.directory().injectRiskDetection(adatum, Json.object()
                .put("userPrincipalName", "lynne.robbins@adatum.example").put("riskEventType", "unfamiliarFeatures")
                .put("riskLevel", "medium").put("riskDetail", "none"));
        GraphServiceClient graph = graph(appTokenWith(adatum, "IdentityRiskEvent.Read.All",
                "IdentityRiskyUser.Read.All"));

        var detections = graph.identityProtection().riskDetections().get().getValue();

        assertEquals(1, detections.size(), "Microsoft Entra ID P1 (Microsoft 365 E3) lists risk detections");
        assertEquals("unfamiliarFeatures", detections.get(0).getRiskEventType());
        assertEquals(com.microsoft.graph.models.RiskLevel.Hidden, detections.get(0).getRiskLevel());
        assertEquals(com.microsoft.graph.models.RiskDetail.Hidden, detections.get(0).getRiskDetail());
        ODataError riskyUsers = assertThrows(ODataError.class, () -> graph.identityProtection().riskyUsers().get());
        assertEquals(403, riskyUsers.getResponseStatusCode(), "risky users need P2");
        assertTrue(graph(appTokenWith(contoso, "IdentityRiskEvent.Read.All")).identityProtection().riskDetections()
                .get().getValue().stream().noneMatch(detection -> detection.getRiskLevel()
                        == com.microsoft.graph.models.RiskLevel.Hidden), "P2 shows the level");
    }

    @Test
    void signInLogsAreNewestFirstRecordRealSignInsAndRiskySignInsAndNeedAPremiumTenantAndAReaderRole()
            throws Exception {
        assertEquals(403, assertThrows(ODataError.class, () -> graph(appTokenWith(contoso, "User.Read.All"))
                .auditLogs().signIns().get()).getResponseStatusCode(), "sign-ins need AuditLog.Read.All");
        GraphServiceClient graph = graph(appTokenWith(contoso, "AuditLog.Read.All"));
        String isaiah = contoso.user("isaiah.langer@contoso.example").orElseThrow().id();
        var seeded = graph.auditLogs().signIns().get(request -> request.queryParameters.filter = "userId eq '"
                + isaiah + "'").getValue();
        assertEquals(3, seeded.size());
        assertEquals("185.220.101.4", seeded.get(0).getIpAddress(), "newest first");
        assertEquals(com.microsoft.graph.models.RiskLevel.High, seeded.get(0).getRiskLevelDuringSignIn());
        assertEquals("Frankfurt", seeded.get(0).getLocation().getCity());

        var detection = emulator.directory().injectRiskDetection(contoso, Json.object()
                .put("userPrincipalName", "adele.vance@contoso.example").put("riskEventType", "unlikelyTravel")
                .put("riskLevel", "medium").put("ipAddress", "192.0.2.200"));
        String adele = contoso.user("adele.vance@contoso.example").orElseThrow().id();
        var risky = graph.auditLogs().signIns().get(request -> request.queryParameters.filter = "userId eq '" + adele
                + "'").getValue();
        assertEquals(detection.get("requestId").asText(), risky.get(0).getId(), "the detection's request is the sign-in");
        assertEquals(List.of("unlikelyTravel"), risky.get(0).getRiskEventTypesV2());

        var application = emulator.directory().application(CLIENT_ID).orElseThrow();
        var sp = emulator.directory().ensureServicePrincipal(contoso, application);
        emulator.directory().grantDelegated(contoso, sp.get("id").asText(),
                emulator.directory().graphServicePrincipal(contoso).get("id").asText(), null,
                List.of("AuditLog.Read.All", "offline_access", "openid", "profile"));
        String meganToken = delegatedToken("megan.bowen@contoso.example", "AuditLog.Read.All");
        var megans = graph.auditLogs().signIns().get(request -> request.queryParameters.filter =
                "userPrincipalName eq 'megan.bowen@contoso.example'").getValue();
        assertEquals(0, megans.get(0).getStatus().getErrorCode(), "a sign-in at the emulator's page is logged");
        assertEquals(CLIENT_ID, megans.get(0).getAppId());

        ODataError unlicensed = assertThrows(ODataError.class, () -> graph(appTokenWith(
                emulator.tenant("fabrikam.example"), "AuditLog.Read.All")).auditLogs().signIns().get());
        assertEquals(403, unlicensed.getResponseStatusCode());
        assertEquals("Authentication_RequestFromNonPremiumTenantOrB2CTenant", unlicensed.getError().getCode());

        String adeleToken = delegatedToken("adele.vance@contoso.example", "AuditLog.Read.All");
        assertEquals(403, assertThrows(ODataError.class, () -> graph(adeleToken).auditLogs().signIns().get())
                .getResponseStatusCode(), "a user without a reader role");
        assertTrue(graph(meganToken).auditLogs().signIns().get().getValue().size() >= 5);
    }

    @Test
    void riskyUsersCarryTheirHistoryAndAnAdministratorConfirmsOrDismissesTheirRisk() throws Exception {
        GraphServiceClient reader = graph(appTokenWith(contoso, "IdentityRiskyUser.Read.All"));
        String isaiah = contoso.user("isaiah.langer@contoso.example").orElseThrow().id();
        assertEquals(com.microsoft.graph.models.RiskState.AtRisk,
                reader.identityProtection().riskyUsers().byRiskyUserId(isaiah).get().getRiskState());
        String adele = contoso.user("adele.vance@contoso.example").orElseThrow().id();
        emulator.directory().injectRiskDetection(contoso, Json.object().put("userId", adele)
                .put("riskEventType", "unfamiliarFeatures").put("riskLevel", "low"));
        emulator.directory().injectRiskDetection(contoso, Json.object().put("userId", adele)
                .put("riskEventType", "anonymizedIPAddress").put("riskLevel", "medium"));
        var risky = reader.identityProtection().riskyUsers().byRiskyUserId(adele).get();
        assertEquals(com.microsoft.graph.models.RiskLevel.Medium, risky.getRiskLevel(), "the highest level at risk");
        assertEquals(2, reader.identityProtection().riskyUsers().byRiskyUserId(adele).history().get().getValue()
                .size());

        var body = new com.microsoft.graph.identityprotection.riskyusers.confirmcompromised
                .ConfirmCompromisedPostRequestBody();
        body.setUserIds(List.of(adele));
        ODataError readOnly = assertThrows(ODataError.class, () -> reader.identityProtection().riskyUsers()
                .confirmCompromised().post(body));
        assertEquals(403, readOnly.getResponseStatusCode());
        GraphServiceClient writer = graph(appTokenWith(contoso, "IdentityRiskyUser.ReadWrite.All"));
        // A fresh body: the SDK's backing store does not send values it already sent once
        var confirm = new com.microsoft.graph.identityprotection.riskyusers.confirmcompromised
                .ConfirmCompromisedPostRequestBody();
        confirm.setUserIds(List.of(adele));
        writer.identityProtection().riskyUsers().confirmCompromised().post(confirm);
        var confirmed = reader.identityProtection().riskyUsers().byRiskyUserId(adele).get();
        assertEquals(com.microsoft.graph.models.RiskState.ConfirmedCompromised, confirmed.getRiskState());
        assertEquals(com.microsoft.graph.models.RiskLevel.High, confirmed.getRiskLevel());
        assertEquals(3, reader.identityProtection().riskyUsers().byRiskyUserId(adele).history().get().getValue()
                .size(), "the verdict is in the history");

        var dismiss = new com.microsoft.graph.identityprotection.riskyusers.dismiss.DismissPostRequestBody();
        dismiss.setUserIds(List.of(isaiah));
        writer.identityProtection().riskyUsers().dismiss().post(dismiss);
        assertEquals(com.microsoft.graph.models.RiskState.Dismissed,
                reader.identityProtection().riskyUsers().byRiskyUserId(isaiah).get().getRiskState());
        assertTrue(graph(appTokenWith(contoso, "IdentityRiskEvent.Read.All")).identityProtection().riskDetections()
                .get(request -> request.queryParameters.filter = "userId eq '" + isaiah + "'").getValue().stream()
                .allMatch(detection -> detection.getRiskState() == com.microsoft.graph.models.RiskState.Dismissed),
                "the user's detections follow");
        var unknown = new com.microsoft.graph.identityprotection.riskyusers.dismiss.DismissPostRequestBody();
        unknown.setUserIds(List.of("00000000-0000-4000-8000-000000000000"));
        assertEquals(400, assertThrows(ODataError.class, () -> writer.identityProtection().riskyUsers().dismiss()
                .post(unknown)).getResponseStatusCode());
    }

    private static com.microsoft.graph.models.Group breakGlassGroup() {
        com.microsoft.graph.models.Group group = new com.microsoft.graph.models.Group();
        group.setDisplayName("Break glass");
        group.setMailNickname("break-glass");
        group.setMailEnabled(false);
        group.setSecurityEnabled(true);
        return group;
    }

    private static com.microsoft.graph.models.ConditionalAccessPolicy mfaPolicy(String excludedGroup, String state) {
        var users = new com.microsoft.graph.models.ConditionalAccessUsers();
        users.setIncludeUsers(List.of("All"));
        users.setExcludeGroups(List.of(excludedGroup));
        var applications = new com.microsoft.graph.models.ConditionalAccessApplications();
        applications.setIncludeApplications(List.of("All"));
        var conditions = new com.microsoft.graph.models.ConditionalAccessConditionSet();
        conditions.setUsers(users);
        conditions.setApplications(applications);
        var grant = new com.microsoft.graph.models.ConditionalAccessGrantControls();
        grant.setOperator("OR");
        grant.setBuiltInControls(List.of(com.microsoft.graph.models.ConditionalAccessGrantControl.Mfa));
        var policy = new com.microsoft.graph.models.ConditionalAccessPolicy();
        policy.setDisplayName("MFA for all users");
        if (state != null) {
            policy.setState(com.microsoft.graph.models.ConditionalAccessPolicyState.forValue(state));
        }
        policy.setConditions(conditions);
        policy.setGrantControls(grant);
        return policy;
    }

    @Test
    void delegatedWritesNeedADirectoryRoleBesideTheScope() throws Exception {
        var application = new Application(CLIENT_ID, "Tenantry Graph tests", emulator.tenant("northwind-msp.example").id(),
                List.of(SECRET), List.of("http://localhost:8080/auth/callback"), Map.of());
        var sp = emulator.directory().ensureServicePrincipal(contoso, application);
        emulator.directory().grantDelegated(contoso, sp.get("id").asText(),
                emulator.directory().graphServicePrincipal(contoso).get("id").asText(), null,
                List.of("User.ReadWrite.All", "offline_access", "openid", "profile"));
        String adeleToken = delegatedToken("adele.vance@contoso.example", "User.ReadWrite.All");
        String meganToken = delegatedToken("megan.bowen@contoso.example", "User.ReadWrite.All");
        User change = new User();
        change.setJobTitle("Changed");

        ODataError denied = assertThrows(ODataError.class, () -> graph(adeleToken).users()
                .byUserId("lee.gu@contoso.example").patch(change));
        assertEquals(403, denied.getResponseStatusCode());
        // A fresh model: the SDK's backing store does not send values it already sent once.
        User sameChange = new User();
        sameChange.setJobTitle("Changed");
        graph(meganToken).users().byUserId("lee.gu@contoso.example").patch(sameChange);
        assertEquals(List.of(403, 204), emulator.requestLog().matching(entry -> entry.method().equals("PATCH")).stream()
                .map(RequestLog.Entry::status).toList());
        assertEquals("Changed", contoso.user("lee.gu@contoso.example").orElseThrow().json().get("jobTitle").asText());
        assertEquals("Megan Bowen", graph(meganToken).me().get().getDisplayName());
    }

    @Test
    void serviceUnavailableIsRetriedByTheSdkAndGatewayTimeoutsReachTheCallerWhenTheyPersist() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));
        emulator.faults().add(Faults.Kind.SERVICE_UNAVAILABLE, contoso.id(), "/users", null, 1);
        emulator.requestLog().clear();

        assertEquals(4, graph.users().get().getValue().size());
        assertEquals(List.of(503, 200), graphStatuses());

        emulator.faults().add(Faults.Kind.GATEWAY_TIMEOUT, contoso.id(), "/users", null, -1);
        ODataError timeout = assertThrows(ODataError.class, () -> graphWithoutRetry(appToken(contoso)).users().get());
        assertEquals(504, timeout.getResponseStatusCode());
    }

    @Test
    void aDroppedConnectionFailsTheCallWithoutAnAnswer() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graphWithoutRetry(appToken(contoso));
        emulator.faults().add(Faults.Kind.DROP_CONNECTION, contoso.id(), "/users", null, 1);
        emulator.requestLog().clear();

        RuntimeException failure = assertThrows(RuntimeException.class, () -> graph.users().get());

        assertFalse(failure instanceof ODataError, "no Graph answer at all, but " + failure);
        assertEquals(List.of(0), graphStatuses(), "logged as answered with nothing");
        assertEquals(4, graph.users().get().getValue().size(), "the fault ran out after one request");
    }

    @Test
    void latencyDelaysOnlyTheTenantItIsSetFor() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        GraphServiceClient graph = graph(appToken(contoso));
        emulator.faults().add(Faults.Kind.LATENCY, contoso.id(), null, Duration.ofMillis(400), -1);
        emulator.requestLog().clear();

        graph.users().get();

        RequestLog.Entry entry = emulator.requestLog().matching(e -> e.kind().equals("graph")).get(0);
        assertTrue(entry.latency().toMillis() >= 400, entry.latency().toString());
        assertTrue(emulator.faults().latency(emulator.tenant("fabrikam.example").id(), "/users").isZero());
    }

    @Test
    void anUnknownEndpointAnswersGraphsBadRequest() throws Exception {
        grantAppRoles(contoso, "User.Read.All");
        var http = java.net.http.HttpClient.newBuilder().sslContext(emulator.tls().clientContext()).build();

        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(emulator.graphBaseUrl() + "/nonsense/things"))
                .header("Authorization", "Bearer " + appToken(contoso)).header("client-request-id", "abc-123").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode());
        var error = Json.parse(response.body()).get("error");
        assertEquals("BadRequest", error.get("code").asText());
        assertEquals("Resource not found for the segment 'things'.", error.get("message").asText());
        assertEquals(response.headers().firstValue("request-id").orElseThrow(),
                error.get("innerError").get("request-id").asText());
        assertEquals("abc-123", response.headers().firstValue("client-request-id").orElseThrow());
    }

    private List<Integer> graphStatuses() {
        return emulator.requestLog().matching(entry -> entry.kind().equals("graph")).stream()
                .map(RequestLog.Entry::status).toList();
    }

    // ---------------------------------------------------------------- helpers

    void grantAppRoles(Tenant tenant, String... roles) {
        var application = emulator.directory().application(CLIENT_ID).orElseThrow();
        var sp = emulator.directory().ensureServicePrincipal(tenant, application);
        for (String role : roles) {
            emulator.directory().assignAppRole(tenant, sp, emulator.directory().graphServicePrincipal(tenant),
                    emulator.directory().catalogue().graph().appRole(role).orElseThrow());
        }
    }

    String appTokenWith(Tenant tenant, String... roles) throws Exception {
        grantAppRoles(tenant, roles);
        return appToken(tenant);
    }

    String appToken(Tenant tenant) throws Exception {
        return ConfidentialClientApplication.builder(CLIENT_ID, ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/" + tenant.id() + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build()
                .acquireToken(ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default")).build())
                .get().accessToken();
    }

    /** A delegated token through the real authorization code flow (consent already granted tenant-wide). */
    String delegatedToken(String user, String scope) throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(CLIENT_ID,
                        ClientCredentialFactory.createFromSecret(SECRET))
                .authority(emulator.identityBaseUrl() + "/" + CONTOSO + "/")
                .sslSocketFactory(emulator.tls().clientContext().getSocketFactory()).build();
        MsalFlowsTest.Pkce pkce = new MsalFlowsTest.Pkce();
        String url = app.getAuthorizationRequestUrl(com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters
                .builder("http://localhost:8080/auth/callback", Set.of(scope)).codeChallenge(pkce.challenge)
                .codeChallengeMethod("S256").state(pkce.state).build()).toString();
        String code = new BrowserlessSignIn(emulator).open(url).signIn(CONTOSO, user, MsalFlowsTest.PASSWORD)
                .redirectParameters().get("code");
        return app.acquireToken(com.microsoft.aad.msal4j.AuthorizationCodeParameters.builder(code,
                URI.create("http://localhost:8080/auth/callback")).scopes(Set.of(scope)).codeVerifier(pkce.verifier)
                .build()).get().accessToken();
    }

    GraphServiceClient graph(String token) {
        return client(token, GraphClientFactory.create());
    }

    GraphServiceClient graphWithoutRetry(String token) {
        return client(token, new OkHttpClient.Builder());
    }

    private GraphServiceClient client(String token, OkHttpClient.Builder http) {
        AtomicInteger calls = new AtomicInteger();
        AccessTokenProvider tokens = new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                calls.incrementAndGet();
                return token;
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                // The Graph SDK sends the token only to allowed hosts: without this, no Authorization header at all.
                return new AllowedHostsValidator("localhost");
            }
        };
        OkHttpClient client = http.sslSocketFactory(emulator.tls().clientContext().getSocketFactory(),
                emulator.tls().trustManager()).build();
        GraphServiceClient graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens), client);
        graph.getRequestAdapter().setBaseUrl(emulator.graphBaseUrl());
        assertFalse(calls.get() > 0, "no call before the first request");
        return graph;
    }
}
