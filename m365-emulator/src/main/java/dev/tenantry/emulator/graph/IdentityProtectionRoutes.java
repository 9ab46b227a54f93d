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
 * Identity Protection: risk detections (tenants with Microsoft Entra ID P1 or P2; P1 sees them without their risk
 * level and detail) and risky users (with their history, confirmed compromised or dismissed; P2 only).
 */
final class IdentityProtectionRoutes implements Routes.Area {

    /**
     * Who may read risk detections and risky users with delegated access: the roles "List riskDetections", "List
     * riskyUsers", "Get riskyUser" and "List history" name (Global Reader, Security Operator, Security Reader, Security
     * Administrator), and Global Administrator, which holds every permission.
     */
    static final Set<String> RISK_READERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR, DirectoryRoles.GLOBAL_READER,
            DirectoryRoles.SECURITY_OPERATOR, DirectoryRoles.SECURITY_READER, DirectoryRoles.SECURITY_ADMINISTRATOR);
    private static final Set<String> RISK_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.SECURITY_ADMINISTRATOR, DirectoryRoles.SECURITY_OPERATOR);
    /** What "riskDetection" documents as returned {@code hidden} to P1 customers: details are for P2 only. */
    private static final List<String> P2_DETAILS = List.of("riskLevel", "riskDetail");

    private final Directory directory;
    private final OData odata;

    IdentityProtectionRoutes(Directory directory, OData odata) {
        this.directory = directory;
        this.odata = odata;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/identityProtection/riskDetections", RISK_READERS, call -> odata.collection(call,
                "identityProtection/riskDetections", riskDetections(call),
                Set.of("id", "userId", "userPrincipalName", "riskLevel", "riskState", "riskEventType",
                        "detectedDateTime", "activityDateTime", "lastUpdatedDateTime", "ipAddress"), null));
        routes.add("POST", "/identityProtection/riskyUsers/confirmCompromised", RISK_ADMINISTRATORS,
                call -> judgeRiskyUsers(call, true));
        routes.add("POST", "/identityProtection/riskyUsers/dismiss", RISK_ADMINISTRATORS,
                call -> judgeRiskyUsers(call, false));
        routes.add("GET", "/identityProtection/riskyUsers", RISK_READERS, call -> odata.collection(call,
                "identityProtection/riskyUsers", identityProtection(call, Directory.RISKY_USERS),
                Set.of("id", "userPrincipalName", "riskLevel", "riskState", "riskDetail", "riskLastUpdatedDateTime"),
                null));
        routes.add("GET", "/identityProtection/riskyUsers/{id}", RISK_READERS, call -> {
            identityProtection(call, Directory.RISKY_USERS);
            return odata.single(call, "identityProtection/riskyUsers/$entity", directory.riskyUser(call.tenant,
                    call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0))).deepCopy(), null);
        });
        routes.add("GET", "/identityProtection/riskyUsers/{id}/history", RISK_READERS, call -> {
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
        if (!Licences.p2(call.tenant)) {
            throw notLicensed("Identity Protection risky users need Microsoft Entra ID P2.");
        }
        return items(call.tenant, path);
    }

    /**
     * Risk detections, as "List riskDetection" answers: with Entra ID P1 or P2; a P1 tenant gets each detection with
     * its risk level and detail {@code hidden}.
     */
    private static List<ObjectNode> riskDetections(Call call) {
        if (!Licences.p1(call.tenant)) {
            throw notLicensed("The risk detection API needs Microsoft Entra ID P1 or P2.");
        }
        List<ObjectNode> detections = items(call.tenant, Directory.RISK_DETECTIONS);
        if (!Licences.p2(call.tenant)) {
            detections.forEach(detection -> P2_DETAILS.forEach(field -> detection.put(field, "hidden")));
        }
        return detections;
    }

    private static GraphError notLicensed(String reason) {
        return new GraphError(403, "Forbidden", "Your tenant is not licensed for this feature. " + reason);
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
