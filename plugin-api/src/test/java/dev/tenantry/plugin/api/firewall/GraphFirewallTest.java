package dev.tenantry.plugin.api.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AnonymousAuthenticationProvider;
import dev.tenantry.plugin.api.GraphRequestRefusedException;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

class GraphFirewallTest {

    private static final String BASE = "https://graph.example/v1.0";

    private final List<String> sent = new ArrayList<>();
    private final List<GraphRequestRefusedException> refusals = new ArrayList<>();

    private final List<GraphFirewall.Decision> decisions = new ArrayList<>();

    private static ScopeSet scopeSet(String id, String... permissions) {
        return new ScopeSet(id, ScopeSet.Resource.MICROSOFT_GRAPH, ScopeSet.Connection.DELEGATED, "test",
                List.of(permissions).stream().map(name -> new ScopeSet.MicrosoftPermission(name,
                        ScopeSet.Connection.DELEGATED, true, "test")).toList(), List.of(), List.of());
    }

    private GraphServiceClient client(String... permissions) {
        return client(GraphFirewall.of(scopeSet("hello.read", permissions), BASE, refusals::add));
    }

    private GraphServiceClient client(GraphFirewall firewall) {
        OkHttpClient http = GraphClientFactory.create().addInterceptor(firewall)
                .addInterceptor(chain -> {
                    // The network: records what left and answers an empty collection
                    sent.add(chain.request().method() + " " + chain.request().url().encodedPath());
                    String body = chain.request().url().encodedPath().endsWith("$batch")
                            ? "{\"responses\":[]}" : "{\"value\":[]}";
                    return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200)
                            .message("OK").body(ResponseBody.create(body, MediaType.get("application/json"))).build();
                }).build();
        GraphServiceClient graph = new GraphServiceClient(new AnonymousAuthenticationProvider(), http);
        graph.getRequestAdapter().setBaseUrl(BASE);
        return graph;
    }

    @Test
    void aRequestTheScopeSetAllowsLeaves() {
        client("User.ReadBasic.All").users().get();
        assertEquals(List.of("GET /v1.0/users"), sent);
        assertTrue(refusals.isEmpty());
    }

    @Test
    void aRequestOutsideTheScopeSetIsRefusedBeforeItLeaves() {
        GraphServiceClient graph = client("User.Read.All");
        User change = new User();
        PasswordProfile profile = new PasswordProfile();
        profile.setForceChangePasswordNextSignIn(true);
        change.setPasswordProfile(profile);
        GraphRequestRefusedException refused = assertThrows(GraphRequestRefusedException.class,
                () -> graph.users().byUserId("adele@contoso.example").patch(change));
        assertEquals("PATCH", refused.method());
        assertEquals("/users/adele%40contoso.example", refused.path());
        assertEquals("hello.read", refused.scopeSetId());
        assertTrue(refused.getMessage().contains("User.ReadWrite.All"), refused.getMessage());
        assertTrue(sent.isEmpty(), "sent: " + sent);
        assertEquals(1, refusals.size());
    }

    @Test
    void eachRequestOfABatchIsJudged() throws Exception {
        GraphServiceClient graph = client("User.Read.All");
        BatchRequestContent allowed = new BatchRequestContent(graph);
        allowed.addBatchRequestStep(graph.users().toGetRequestInformation());
        graph.getBatchRequestBuilder().post(allowed, null);
        assertEquals(List.of("POST /v1.0/$batch"), sent);

        BatchRequestContent mixed = new BatchRequestContent(graph);
        mixed.addBatchRequestStep(graph.users().toGetRequestInformation());
        mixed.addBatchRequestStep(graph.users().byUserId("adele").toDeleteRequestInformation());
        GraphRequestRefusedException refused = assertThrows(GraphRequestRefusedException.class,
                () -> graph.getBatchRequestBuilder().post(mixed, null));
        assertEquals("/users/adele", refused.path());
        assertEquals("DELETE", refused.method());
        assertTrue(refused.getMessage().contains("in a $batch"), refused.getMessage());
        assertEquals(1, sent.size(), "the mixed batch did not leave");
    }

    @Test
    void aClientOfSeveralScopeSetsLetsARequestLeaveWhenOneOfThemAllowsIt() throws Exception {
        GraphServiceClient graph = client(GraphFirewall.of(List.of(scopeSet("secure.posture", "Policy.Read.All"),
                scopeSet("secure.score", "SecurityEvents.Read.All")), BASE, refusals::add, decisions::add));
        BatchRequestContent both = new BatchRequestContent(graph);
        both.addBatchRequestStep(graph.identity().conditionalAccess().policies().toGetRequestInformation());
        both.addBatchRequestStep(graph.security().secureScores().toGetRequestInformation());
        graph.getBatchRequestBuilder().post(both, null);
        assertEquals(List.of("POST /v1.0/$batch"), sent);
        assertEquals(List.of("secure.posture", "secure.score"), decisions.stream()
                .map(GraphFirewall.Decision::scopeSetId).toList(), "each request is judged by the one allowing it");

        GraphRequestRefusedException refused = assertThrows(GraphRequestRefusedException.class,
                () -> graph.users().get());
        assertEquals("secure.posture+secure.score", refused.scopeSetId());
        assertTrue(refused.getMessage().contains("the scope sets have Policy.Read.All, SecurityEvents.Read.All"),
                refused.getMessage());
        assertEquals(1, sent.size(), "the refused request did not leave");
    }

    @Test
    void aRequestToAnotherHostIsRefused() {
        GraphServiceClient graph = client("User.Read.All");
        graph.getRequestAdapter().setBaseUrl("https://elsewhere.example/v1.0");
        GraphRequestRefusedException refused = assertThrows(GraphRequestRefusedException.class,
                () -> graph.users().get());
        assertTrue(refused.getMessage().contains("outside Microsoft Graph"), refused.getMessage());
        assertTrue(sent.isEmpty());
    }
}
