package dev.tenantry.portal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tenantry.plugin.api.manifest.ScopeSet.Connection;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.plugin.api.manifest.ScopeSet.MicrosoftPermission;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class CallerAgentTest {

    private static ScopeSet set(String id) {
        return new ScopeSet(id, ScopeSet.Resource.MICROSOFT_GRAPH, Connection.DELEGATED, "purpose",
                List.of(new MicrosoftPermission("User.Read.All", Connection.DELEGATED, true, "why")),
                List.of(id + "-feature"), List.of());
    }

    private static Request.Builder request() {
        return new Request.Builder().url("https://graph.example/v1.0/users");
    }

    @Test
    void theScopeSetsOfTheCallFollowTheProductsAlreadyNamed() {
        Request decorated = CallerAgent.of(List.of(set("user-management.directory"), set("user-management.licences")))
                .decorate(request().header("User-Agent", "kiota-java/1.8").build());

        assertEquals("kiota-java/1.8 Tenantry (user-management.directory; user-management.licences)",
                decorated.header("User-Agent"));
    }

    @Test
    void withoutAUserAgentTheCallNamesTenantryAloneAndNothingOutsideAnIdReachesTheHeader() {
        assertEquals("Tenantry (secure.posture)", CallerAgent.of(List.of(set("secure.posture"), set("secure.posture")))
                .decorate(request().build()).header("User-Agent"));
        assertEquals("Tenantry (x.yz)", CallerAgent.of(List.of(set("x.y) (z"))).decorate(request().build())
                .header("User-Agent"));
        assertEquals("Tenantry", CallerAgent.of(List.of()).decorate(request().build()).header("User-Agent"));
    }
}
