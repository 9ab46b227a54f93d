package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;
import static dev.tenantry.emulator.graph.OData.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Identity Protection: risk detections and risky users (with their history, confirmed compromised or dismissed),
 * answered only in tenants licensed for Microsoft Entra ID P2.
 */
final class IdentityProtectionRoutes implements Routes.Area {

    /** Subscriptions that include Microsoft Entra ID P2 (Identity Protection's risk data). */
    static final Set<String> P2_SKUS = Set.of("AAD_PREMIUM_P2", "SPE_E5", "SPE_E5_NOPSTNCONF", "EMSPREMIUM",
            "IDENTITY_THREAT_PROTECTION", "M365_E5_SUITE_COMPONENTS", "Microsoft_Entra_Suite");
    private static final Set<String> RISK_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.SECURITY_ADMINISTRATOR, "Security Operator");

    private final Directory directory;
    private final OData odata;

    IdentityProtectionRoutes(Directory directory, OData odata) {
        this.directory = directory;
        this.odata = odata;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/identityProtection/riskDetections", Set.of(), call -> odata.collection(call,
                "identityProtection/riskDetections", identityProtection(call, Directory.RISK_DETECTIONS),
                Set.of("id", "userId", "userPrincipalName", "riskLevel", "riskState", "riskEventType",
                        "detectedDateTime", "activityDateTime", "lastUpdatedDateTime", "ipAddress"), null));
        routes.add("POST", "/identityProtection/riskyUsers/confirmCompromised", RISK_ADMINISTRATORS,
                call -> judgeRiskyUsers(call, true));
        routes.add("POST", "/identityProtection/riskyUsers/dismiss", RISK_ADMINISTRATORS,
                call -> judgeRiskyUsers(call, false));
        routes.add("GET", "/identityProtection/riskyUsers", Set.of(), call -> odata.collection(call,
                "identityProtection/riskyUsers", identityProtection(call, Directory.RISKY_USERS),
                Set.of("id", "userPrincipalName", "riskLevel", "riskState", "riskDetail", "riskLastUpdatedDateTime"),
                null));
        routes.add("GET", "/identityProtection/riskyUsers/{id}", Set.of(), call -> {
            identityProtection(call, Directory.RISKY_USERS);
            return odata.single(call, "identityProtection/riskyUsers/$entity", directory.riskyUser(call.tenant,
                    call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0))).deepCopy(), null);
        });
        routes.add("GET", "/identityProtection/riskyUsers/{id}/history", Set.of(), call -> {
            identityProtection(call, Directory.RISKY_USERS);
            directory.riskyUser(call.tenant, call.parameter(0))
                    .orElseThrow(() -> GraphError.notFound(call.parameter(0)));
            return odata.collection(call, "identityProtection/riskyUsers('" + call.parameter(0) + "')/history",
                    items(call.tenant, Directory.riskHistory(call.parameter(0))),
                    Set.of("id", "riskLevel", "riskState", "riskLastUpdatedDateTime"), null);
        });
    }

    /** A collection of Identity Protection's, which answers only in tenants licensed for Entra ID P2. */
    private static List<ObjectNode> identityProtection(Call call, String path) {
        boolean p2 = items(call.tenant, "/subscribedSkus").stream().anyMatch(sku -> P2_SKUS.stream()
                .anyMatch(name -> name.equalsIgnoreCase(sku.path("skuPartNumber").asText())));
        if (!p2) {
            throw new GraphError(403, "Forbidden", "Your tenant is not licensed for this feature. Identity Protection "
                    + "risk data needs Microsoft Entra ID P2.");
        }
        return items(call.tenant, path);
    }

    private Response judgeRiskyUsers(Call call, boolean compromised) {
        identityProtection(call, Directory.RISKY_USERS);
        JsonNode ids = body(call).path("userIds");
        if (!ids.isArray() || ids.isEmpty()) {
            throw GraphError.badRequest("The property 'userIds' is required and holds at least one id.");
        }
        List<String> userIds = new ArrayList<>();
        ids.forEach(id -> userIds.add(id.asText()));
        try {
            directory.judgeRiskyUsers(call.tenant, userIds, compromised, call.user != null ? call.user.id()
                    : String.valueOf(call.claims.getClaim("appid")));
        } catch (IllegalArgumentException unknown) {
            throw GraphError.badRequest("User '" + unknown.getMessage() + "' is not a risky user of the tenant.");
        }
        return Response.noContent();
    }
}
