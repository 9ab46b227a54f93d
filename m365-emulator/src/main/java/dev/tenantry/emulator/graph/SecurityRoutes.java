package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.items;

import java.util.Set;

/** Microsoft Secure Score: the tenant's scores and the control profiles they are made of, as seeded. */
final class SecurityRoutes implements Routes.Area {

    private final OData odata;

    SecurityRoutes(OData odata) {
        this.odata = odata;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/security/secureScores", Set.of(), call -> odata.collection(call, "security/secureScores",
                items(call.tenant, "/security/secureScores"), Set.of("id", "createdDateTime"), null));
        routes.add("GET", "/security/secureScoreControlProfiles", Set.of(), call -> odata.collection(call,
                "security/secureScoreControlProfiles", items(call.tenant, "/security/secureScoreControlProfiles"),
                Set.of("id", "controlCategory", "tier"), null));
    }
}
