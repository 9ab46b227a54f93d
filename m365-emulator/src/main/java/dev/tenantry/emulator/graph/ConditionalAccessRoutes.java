package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;
import static dev.tenantry.emulator.graph.OData.containsIgnoreCase;
import static dev.tenantry.emulator.graph.OData.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Conditional Access (policies, read and written with Graph's validation, and named locations) and the tenant's
 * authorization policy.
 */
final class ConditionalAccessRoutes implements Routes.Area {

    static final String POLICIES = "/identity/conditionalAccess/policies";
    private static final Set<String> CONDITIONAL_ACCESS_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.CONDITIONAL_ACCESS_ADMINISTRATOR, DirectoryRoles.SECURITY_ADMINISTRATOR);
    /**
     * Who may read Conditional Access policies and named locations with delegated access: the roles "List policies",
     * "Get conditionalAccessPolicy" and "List namedLocations" name (Global Secure Access Administrator, Security
     * Reader, Security Administrator, Global Reader, Conditional Access Administrator), and Global Administrator.
     */
    static final Set<String> CONDITIONAL_ACCESS_READERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.GLOBAL_SECURE_ACCESS_ADMINISTRATOR, DirectoryRoles.SECURITY_READER,
            DirectoryRoles.SECURITY_ADMINISTRATOR, DirectoryRoles.GLOBAL_READER,
            DirectoryRoles.CONDITIONAL_ACCESS_ADMINISTRATOR);
    private static final Set<String> STATES = Set.of("enabled", "disabled", "enabledForReportingButNotEnforced");
    private static final Set<String> APPLICATION_KEYWORDS = Set.of("all", "none", "office365",
            "microsoftadminportals");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Directory directory;
    private final OData odata;
    private final Supplier<String> graphBase;

    ConditionalAccessRoutes(Directory directory, OData odata, Supplier<String> graphBase) {
        this.directory = directory;
        this.odata = odata;
        this.graphBase = graphBase;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/policies/authorizationPolicy", Set.of(), call -> odata.single(call,
                "policies/authorizationPolicy/$entity", authorizationPolicy(call.tenant), null));
        routes.add("GET", POLICIES, CONDITIONAL_ACCESS_READERS, call -> odata.collection(call,
                "identity/conditionalAccess/policies", items(call.tenant, POLICIES),
                Set.of("id", "displayName", "state"), null));
        routes.add("POST", POLICIES, CONDITIONAL_ACCESS_ADMINISTRATORS, this::createPolicy);
        routes.add("GET", POLICIES + "/{id}", CONDITIONAL_ACCESS_READERS, call -> odata.single(call,
                "identity/conditionalAccess/policies/$entity", policy(call).deepCopy(), null));
        routes.add("PATCH", POLICIES + "/{id}", CONDITIONAL_ACCESS_ADMINISTRATORS, this::updatePolicy);
        routes.add("GET", "/identity/conditionalAccess/namedLocations", CONDITIONAL_ACCESS_READERS,
                call -> odata.collection(call, "identity/conditionalAccess/namedLocations", items(call.tenant,
                        "/identity/conditionalAccess/namedLocations"), Set.of("id", "displayName"), null));
    }

    private static ObjectNode policy(Call call) {
        return call.tenant.collection(POLICIES).flatMap(collection -> {
            for (JsonNode item : collection.path("value")) {
                if (item.path("id").asText().equalsIgnoreCase(call.parameter(0))) {
                    return Optional.of((ObjectNode) item);
                }
            }
            return Optional.empty();
        }).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }

    private Response createPolicy(Call call) {
        ObjectNode body = (ObjectNode) body(call);
        if (!body.path("displayName").isTextual() || body.path("displayName").asText().isBlank()) {
            throw GraphError.badRequest("The property 'displayName' is required.");
        }
        if (!body.hasNonNull("state")) {
            throw GraphError.badRequest("The property 'state' is required.");
        }
        JsonNode conditions = body.path("conditions");
        if (!conditions.path("users").isObject() || !conditions.path("applications").isObject()) {
            throw GraphError.badRequest("The policy needs conditions with users and applications.");
        }
        if (!body.path("grantControls").isObject() && !body.path("sessionControls").isObject()) {
            throw GraphError.badRequest("The policy needs grantControls or sessionControls.");
        }
        validatePolicy(call, body);
        ObjectNode policy = body.deepCopy();
        policy.remove("@odata.type");
        policy.put("id", UUID.randomUUID().toString());
        policy.put("createdDateTime", directory.now().toString());
        policy.putNull("modifiedDateTime");
        policy.putNull("templateId");
        directory.addToCollection(call.tenant, POLICIES, policy);
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get()
                + "/$metadata#identity/conditionalAccess/policies/$entity");
        answer.setAll(policy.deepCopy());
        return Response.json(201, answer);
    }

    private Response updatePolicy(Call call) {
        policy(call);
        ObjectNode changes = (ObjectNode) body(call);
        changes.remove(List.of("id", "createdDateTime", "modifiedDateTime", "templateId", "@odata.type"));
        validatePolicy(call, changes);
        changes.put("modifiedDateTime", directory.now().toString());
        directory.updateInCollection(call.tenant, POLICIES, call.parameter(0), changes);
        return Response.noContent();
    }

    /** Graph's checks of a policy (or the part of one being updated): its state, role and group ids, applications. */
    private static void validatePolicy(Call call, ObjectNode policy) {
        if (policy.has("state") && !STATES.contains(policy.path("state").asText())) {
            throw GraphError.badRequest("Invalid value '" + policy.path("state").asText() + "' for state: one of "
                    + "enabled, disabled, enabledForReportingButNotEnforced.");
        }
        JsonNode users = policy.path("conditions").path("users");
        for (String field : List.of("includeRoles", "excludeRoles")) {
            for (JsonNode role : users.path(field)) {
                if (!GUID.matcher(role.asText()).matches()) {
                    throw GraphError.badRequest("Invalid role template id '" + role.asText() + "' in " + field + ".");
                }
            }
        }
        for (String field : List.of("includeGroups", "excludeGroups")) {
            for (JsonNode group : users.path(field)) {
                if (call.tenant.group(group.asText()).isEmpty()) {
                    throw GraphError.badRequest("Invalid group id '" + group.asText() + "' in " + field
                            + ": no such group in the tenant.");
                }
            }
        }
        requireApplicationRead(call, policy.path("conditions").path("applications"));
    }

    /** A policy naming applications (not All, None, Office365, the admin portals) needs Application.Read.All too. */
    private static void requireApplicationRead(Call call, JsonNode applications) {
        boolean names = false;
        for (String field : List.of("includeApplications", "excludeApplications")) {
            for (JsonNode application : applications.path(field)) {
                names |= !APPLICATION_KEYWORDS.contains(application.asText().toLowerCase(Locale.ROOT));
            }
        }
        if (names && !containsIgnoreCase(Set.copyOf(Directory.splitScopes(Call.tokenPermissions(call.claims))),
                "Application.Read.All")) {
            throw GraphError.denied();
        }
    }

    /**
     * The tenant's authorization policy: seeded ({@code /policies/authorizationPolicy}), else as the tenant's user
     * consent setting implies — users may consent to low-impact permissions from verified publishers
     * ({@code ManagePermissionGrantsForSelf.microsoft-user-default-low}) or not at all.
     */
    private static ObjectNode authorizationPolicy(Tenant tenant) {
        List<ObjectNode> seeded = items(tenant, "/policies/authorizationPolicy");
        if (!seeded.isEmpty()) {
            return seeded.get(0);
        }
        ObjectNode policy = Json.object().put("id", "authorizationPolicy").put("displayName", "Authorization Policy")
                .put("allowInvitesFrom", "everyone").put("allowedToSignUpEmailBasedSubscriptions", true)
                .put("allowEmailVerifiedUsersToJoinOrganization", false).put("blockMsolPowerShell", false);
        ObjectNode defaults = policy.putObject("defaultUserRolePermissions").put("allowedToCreateApps", true)
                .put("allowedToCreateSecurityGroups", true).put("allowedToReadOtherUsers", true);
        var grants = defaults.putArray("permissionGrantPoliciesAssigned");
        if (tenant.userConsentAllowed()) {
            grants.add("ManagePermissionGrantsForSelf.microsoft-user-default-low");
        }
        return policy;
    }
}
