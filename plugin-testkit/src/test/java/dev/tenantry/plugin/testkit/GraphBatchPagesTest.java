package dev.tenantry.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.RequestInformation;
import dev.tenantry.emulator.M365Emulator;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.plugin.api.GraphBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Collections read through {@code $batch} against the emulator: the next pages of several collections go together,
 * one batch a round, and a page Microsoft refused ends its collection with Graph's error, as the SDK throws it.
 */
@EmulatorTest
class GraphBatchPagesTest {

    private static final String CONTOSO = "contoso.example";
    private static final String ADMIN = "megan.bowen@contoso.example";
    private static final String MEMBER = "adele.vance@contoso.example";

    @Test
    void theNextPagesOfSeveralCollectionsGoInOneBatchARound(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        for (int i = 0; i < 2100; i++) {
            emulator.directory().addUser(contoso, Json.object().put("userPrincipalName", "bulk" + i + "@" + CONTOSO)
                    .put("displayName", "Bulk " + i), "x", List.of());
        }
        for (int i = 0; i < 150; i++) {
            emulator.directory().addGroup(contoso, Json.object().put("displayName", "Team " + i), List.of());
        }
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("tests.directory", CONTOSO, ADMIN,
                false, List.of("User.Read.All", "Group.Read.All"));
        emulator.requestLog().clear();

        List<List<?>> read = graph.call(contoso.id(), "tests.directory", client -> {
            Map<String, RequestInformation> first = new LinkedHashMap<>();
            first.put("users", client.users().toGetRequestInformation(request -> request.queryParameters.top = 999));
            first.put("groups", client.groups().toGetRequestInformation(request -> request.queryParameters.top = 100));
            Map<String, GraphBatch.Answer> answers = GraphBatch.send(client, first, 3);
            GraphBatch.Pages<User> users = GraphBatch.pages(answers.get("users"),
                    UserCollectionResponse::createFromDiscriminatorValue, UserCollectionResponse::getValue);
            GraphBatch.Pages<Group> groups = GraphBatch.pages(answers.get("groups"),
                    GroupCollectionResponse::createFromDiscriminatorValue, GroupCollectionResponse::getValue);
            GraphBatch.follow(client, List.of(users, groups), 3);
            assertEquals(3, users.pages());
            assertEquals(2, groups.pages());
            return List.of(users.items(), groups.items());
        });

        assertEquals(contoso.users().size(), read.get(0).size(), "every user, none twice");
        assertEquals(contoso.groups().size(), read.get(1).size());
        assertEquals(3, emulator.requestLog().matching(entry -> entry.kind().equals("graph")).size(),
                "three round trips (both first pages, both second pages, the users' third), not five");
        assertEquals(5, emulator.requestLog().matching(entry -> entry.kind().equals("graph-batch")).size(),
                "one request per page inside the batches");
    }

    @Test
    void aLongCollectionIsReadARoundAtATimeAndDrainedPageByPage(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        for (int i = 0; i < 2100; i++) {
            emulator.directory().addUser(contoso, Json.object().put("userPrincipalName", "page" + i + "@" + CONTOSO)
                    .put("displayName", "Page " + i), "x", List.of());
        }
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator).grant("tests.directory", CONTOSO, ADMIN,
                false, List.of("User.Read.All"));

        List<Integer> drained = graph.call(contoso.id(), "tests.directory", client -> {
            GraphBatch.Pages<User> users = GraphBatch.pages(GraphBatch.send(client, Map.of("users", client.users()
                    .toGetRequestInformation(request -> request.queryParameters.top = 999)), 3).get("users"),
                    UserCollectionResponse::createFromDiscriminatorValue, UserCollectionResponse::getValue);
            List<Integer> sizes = new java.util.ArrayList<>();
            sizes.add(users.drain().size());
            while (GraphBatch.next(client, List.of(users), 3)) {
                sizes.add(users.drain().size());
            }
            assertFalse(users.hasNext());
            assertEquals(List.of(), users.items(), "what was drained is not kept");
            return sizes;
        });

        assertEquals(List.of(999, 999, contoso.users().size() - 1998), drained);
    }

    @Test
    void aRefusedPageEndsItsCollectionAndThrowsGraphsErrorWithItsStatus(M365Emulator emulator) throws Exception {
        Tenant contoso = emulator.tenant(CONTOSO);
        // The administrator consents for the organisation; a member without a security role then signs in, and
        // Microsoft refuses the member the risky users however the token reads
        EmulatorGraphAccess graph = EmulatorGraphAccess.register(emulator)
                .grant("tests.risk", CONTOSO, ADMIN, false, List.of("IdentityRiskyUser.Read.All"))
                .grant("tests.risk", CONTOSO, MEMBER, false, List.of("IdentityRiskyUser.Read.All"));

        ODataError refused = graph.call(contoso.id(), "tests.risk", client -> {
            GraphBatch.Answer answer = GraphBatch.send(client, Map.of("risky", client.identityProtection()
                    .riskyUsers().toGetRequestInformation()), 1).get("risky");
            GraphBatch.Pages<?> pages = GraphBatch.pages(answer,
                    com.microsoft.graph.models.RiskyUserCollectionResponse::createFromDiscriminatorValue,
                    com.microsoft.graph.models.RiskyUserCollectionResponse::getValue);
            GraphBatch.follow(client, List.of(pages), 1);
            assertFalse(pages.succeeded());
            assertEquals(403, pages.status());
            return assertThrows(ODataError.class, pages::items);
        });

        assertEquals(403, refused.getResponseStatusCode());
        assertEquals("Authorization_RequestDenied", refused.getError().getCode(), "Graph's own error, not a stand-in");
    }
}
