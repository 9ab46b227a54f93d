package dev.tenantry.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.PermissionCatalogue.EndpointPermissions;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Exchanges;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.emulator.http.Json;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.emulator.identity.Tokens;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph v1.0, the subset Tenantry uses, with Graph's conventions: bearer tokens checked like Graph checks
 * them, per-endpoint permissions from Microsoft's permissions reference ({@link PermissionCatalogue}), directory roles
 * for delegated writes, OData paging, {@code $select}, {@code $filter}, {@code $top}, {@code $count}, {@code $search},
 * delta queries, JSON {@code $batch}, and Graph's error body and {@code request-id} headers.
 *
 * <p>Every endpoint is one {@link Route} in {@link #routes()}: its method, path template (as Microsoft's reference
 * writes it, so its permissions are found in the catalogue), the directory roles a delegated caller needs, and its
 * handler. Adding an endpoint means adding a route and, if it is new to the catalogue, its path to the derivation
 * script.
 */
public final class GraphEndpoints {

    /** One request (top-level or inside {@code $batch}), authenticated and routed. */
    static final class Call {
        final String method;
        final String path;
        final Map<String, String> query;
        final Map<String, String> headers;
        final String body;
        final Tenant tenant;
        final JWTClaimsSet claims;
        final String requestId;
        DirectoryUser user;
        List<String> parameters = List.of();

        Call(String method, String path, Map<String, String> query, Map<String, String> headers, String body,
                Tenant tenant, JWTClaimsSet claims, String requestId) {
            this.requestId = requestId;
            this.method = method;
            this.path = path;
            this.query = query;
            this.headers = headers;
            this.body = body;
            this.tenant = tenant;
            this.claims = claims;
        }

        String parameter(int index) {
            return parameters.get(index);
        }

        String query(String name) {
            return query.get(name);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What an endpoint answers; a null body means no content. */
    record Response(int status, Map<String, String> headers, JsonNode body) {

        static Response json(int status, JsonNode body) {
            return new Response(status, new LinkedHashMap<>(), body);
        }

        static Response noContent() {
            return new Response(204, new LinkedHashMap<>(), null);
        }

        Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    @FunctionalInterface
    interface Handler {
        Response handle(Call call);
    }

    /** An endpoint: what it answers, and who may call it. */
    record Route(String method, String template, Pattern pattern, Set<String> delegatedDirectoryRoles, Handler handler) {
    }

    /** Raised after the connection was closed on purpose; nothing more is written. */
    public static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final Set<String> USER_DEFAULT_PROPERTIES = Set.of("businessPhones", "displayName", "givenName",
            "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
    private static final Set<String> USER_FILTERABLE = Set.of("id", "userPrincipalName", "displayName", "givenName",
            "surname", "mail", "mailNickname", "accountEnabled", "userType", "jobTitle", "department", "usageLocation",
            "createdDateTime", "companyName", "country", "city");
    private static final Set<String> USER_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR);
    private static final Set<String> GROUP_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR, "Groups Administrator");
    private static final Set<String> CONSENT_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR, DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR,
            DirectoryRoles.APPLICATION_ADMINISTRATOR);
    private static final Set<String> SESSION_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR, "Helpdesk Administrator", "Authentication Administrator");
    private static final Set<String> CONDITIONAL_ACCESS_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.CONDITIONAL_ACCESS_ADMINISTRATOR, DirectoryRoles.SECURITY_ADMINISTRATOR);
    private static final String CA_POLICIES = "/identity/conditionalAccess/policies";
    private static final Set<String> RISK_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.SECURITY_ADMINISTRATOR, "Security Operator");
    /** Who may read sign-in logs: the roles Microsoft lists for "List signIns" with delegated access. */
    private static final Set<String> SIGN_IN_READERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.SECURITY_ADMINISTRATOR, "Security Reader", "Security Operator", "Reports Reader",
            "Global Reader");
    /** Subscriptions that include Microsoft Entra ID P1 (sign-in logs through the API). */
    private static final Set<String> P1_SKUS = Set.of("AAD_PREMIUM", "SPE_E3", "EMS", "O365_BUSINESS_PREMIUM",
            "SPB", "M365_F1", "SPE_F1");
    /** Subscriptions that include Microsoft Entra ID P2 (Identity Protection's risk data). */
    private static final Set<String> P2_SKUS = Set.of("AAD_PREMIUM_P2", "SPE_E5", "SPE_E5_NOPSTNCONF", "EMSPREMIUM",
            "IDENTITY_THREAT_PROTECTION", "M365_E5_SUITE_COMPONENTS", "Microsoft_Entra_Suite");
    /**
     * Endpoints Microsoft's reference lists several permissions for that are needed together, not any one of them:
     * creating or updating a Conditional Access policy takes Policy.ReadWrite.ConditionalAccess and Policy.Read.All
     * ("Create conditionalAccessPolicy", "Update conditionalAccessPolicy": both listed as required), while the
     * permission map lists them, with Application.Read.All, as alternatives. Application.Read.All is asked on top only
     * when the policy names applications ({@link #requireApplicationRead}).
     */
    private static final Map<String, List<String>> ALL_REQUIRED = Map.of(
            "POST " + CA_POLICIES, List.of("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"),
            "PATCH " + CA_POLICIES + "/{id}", List.of("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"));
    private static final Set<String> CA_STATES = Set.of("enabled", "disabled", "enabledForReportingButNotEnforced");
    private static final Set<String> CA_APPLICATION_KEYWORDS = Set.of("all", "none", "office365",
            "microsoftadminportals");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_PAGE = 999;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_BATCH = 20;

    private final Directory directory;
    private final Tokens tokens;
    private final Faults faults;
    private final RequestLog requestLog;
    private final Supplier<String> graphBase;
    private final Consumer<DirectoryUser> revokeSessions;
    private final List<Route> routes;

    public GraphEndpoints(Directory directory, Tokens tokens, Faults faults, RequestLog requestLog,
            Supplier<String> graphBase, Consumer<DirectoryUser> revokeSessions) {
        this.directory = directory;
        this.tokens = tokens;
        this.faults = faults;
        this.requestLog = requestLog;
        this.graphBase = graphBase;
        this.revokeSessions = revokeSessions;
        this.routes = routes();
    }

    private List<Route> routes() {
        List<Route> table = new ArrayList<>();
        add(table, "GET", "/me", Set.of(), call -> single(call, "users/$entity", call.user.json(), USER_DEFAULT_PROPERTIES));
        add(table, "GET", "/organization", Set.of(), call -> collection(call, "organization",
                List.of(call.tenant.organization().deepCopy()), Set.of("id", "displayName"), null));
        add(table, "GET", "/users", Set.of(), call -> collection(call, "users", usersJson(call.tenant),
                USER_FILTERABLE, USER_DEFAULT_PROPERTIES));
        add(table, "POST", "/users", USER_ADMINISTRATORS, this::createUser);
        add(table, "GET", "/users/delta", Set.of(), this::usersDelta);
        add(table, "GET", "/users/{id}", Set.of(), call -> single(call, "users/$entity",
                user(call, call.parameter(0)).json(), USER_DEFAULT_PROPERTIES));
        add(table, "PATCH", "/users/{id}", USER_ADMINISTRATORS, this::updateUser);
        add(table, "DELETE", "/users/{id}", USER_ADMINISTRATORS, this::deleteUser);
        add(table, "POST", "/users/{id}/revokeSignInSessions", SESSION_ADMINISTRATORS, call -> {
            revokeSessions.accept(user(call, call.parameter(0)));
            ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#Edm.Boolean")
                    .put("value", true);
            return Response.json(200, answer);
        });
        add(table, "GET", "/directory/deletedItems/microsoft.graph.user", Set.of(), call -> collection(call,
                "directoryObjects/microsoft.graph.user", call.tenant.deletedUsers().stream()
                        .map(user -> user.json().deepCopy()).toList(), USER_FILTERABLE,
                withDeletedDate(USER_DEFAULT_PROPERTIES)));
        add(table, "POST", "/directory/deletedItems/{id}/restore", USER_ADMINISTRATORS, call -> {
            DirectoryUser restored = directory.restoreUser(call.tenant, call.parameter(0))
                    .orElseThrow(() -> GraphError.notFound(call.parameter(0)));
            ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#directoryObjects/$entity")
                    .put("@odata.type", "#microsoft.graph.user");
            answer.setAll(select(restored.json(), null, USER_DEFAULT_PROPERTIES));
            return Response.json(200, answer);
        });
        add(table, "GET", "/groups", Set.of(), call -> collection(call, "groups", copies(call.tenant.groups()),
                Set.of("id", "displayName", "mailNickname", "mailEnabled", "securityEnabled", "groupTypes"), null));
        add(table, "GET", "/groups/{id}", Set.of(), call -> single(call, "groups/$entity", group(call), null));
        add(table, "DELETE", "/groups/{id}", GROUP_ADMINISTRATORS, call -> {
            group(call);
            directory.deleteGroup(call.tenant, call.parameter(0));
            return Response.noContent();
        });
        add(table, "GET", "/groups/{id}/members", Set.of(), call -> {
            group(call);
            List<ObjectNode> members = call.tenant.groupMembers(call.parameter(0)).stream()
                    .map(id -> call.tenant.user(id)).flatMap(Optional::stream).map(user -> {
                        ObjectNode json = Json.object().put("@odata.type", "#microsoft.graph.user");
                        json.setAll(user.json().deepCopy());
                        return json;
                    }).toList();
            return collection(call, "directoryObjects", members, USER_FILTERABLE, withType(USER_DEFAULT_PROPERTIES));
        });
        add(table, "GET", "/directoryRoles", Set.of(), call -> collection(call, "directoryRoles",
                activatedRoles(call.tenant), Set.of("id", "displayName", "roleTemplateId"), null));
        add(table, "GET", "/roleManagement/directory/roleAssignments", Set.of(), call -> collection(call,
                "roleManagement/directory/roleAssignments", roleAssignments(call.tenant),
                Set.of("id", "principalId", "roleDefinitionId", "directoryScopeId"), null));
        add(table, "GET", "/subscribedSkus", Set.of(), call -> collection(call, "subscribedSkus",
                items(call.tenant, "/subscribedSkus"), Set.of("skuId", "skuPartNumber"), null));
        add(table, "GET", "/servicePrincipals", Set.of(), call -> collection(call, "servicePrincipals",
                call.tenant.servicePrincipals().stream().map(this::servicePrincipalJson).toList(),
                Set.of("id", "appId", "displayName", "servicePrincipalType"), null));
        add(table, "GET", "/servicePrincipals(appId='{id}')", Set.of(), call -> single(call, "servicePrincipals/$entity",
                servicePrincipalJson(call.tenant.servicePrincipalByAppId(call.parameter(0))
                        .orElseThrow(() -> GraphError.notFound(call.parameter(0)))), null));
        add(table, "GET", "/servicePrincipals/{id}", Set.of(), call -> single(call, "servicePrincipals/$entity",
                servicePrincipalJson(servicePrincipal(call, call.parameter(0))), null));
        add(table, "GET", "/servicePrincipals/{id}/appRoleAssignments", Set.of(), call -> {
            String id = servicePrincipal(call, call.parameter(0)).get("id").asText();
            return collection(call, "servicePrincipals('" + id + "')/appRoleAssignments", copies(call.tenant
                    .appRoleAssignments().stream().filter(a -> a.path("principalId").asText().equals(id)).toList()),
                    Set.of("resourceId", "appRoleId"), null);
        });
        add(table, "GET", "/organization/{id}/branding", Set.of(), call -> {
            if (!call.tenant.id().equalsIgnoreCase(call.parameter(0))) {
                throw GraphError.notFound(call.parameter(0));
            }
            ObjectNode branding = call.tenant.branding().orElseThrow(() -> new GraphError(404, "NotFound",
                    "The organization has no branding configured."));
            return single(call, "organization('" + call.tenant.id() + "')/branding/$entity", branding.deepCopy(),
                    null);
        });
        add(table, "GET", "/policies/authorizationPolicy", Set.of(), call -> single(call,
                "policies/authorizationPolicy/$entity", authorizationPolicy(call.tenant), null));
        add(table, "GET", "/identity/conditionalAccess/policies", Set.of(), call -> collection(call,
                "identity/conditionalAccess/policies", items(call.tenant, "/identity/conditionalAccess/policies"),
                Set.of("id", "displayName", "state"), null));
        add(table, "GET", "/identityProtection/riskDetections", Set.of(), call -> collection(call,
                "identityProtection/riskDetections", identityProtection(call, Directory.RISK_DETECTIONS),
                Set.of("id", "userId", "userPrincipalName", "riskLevel", "riskState", "riskEventType",
                        "detectedDateTime", "activityDateTime", "lastUpdatedDateTime", "ipAddress"), null));
        add(table, "POST", "/identityProtection/riskyUsers/confirmCompromised", RISK_ADMINISTRATORS,
                call -> judgeRiskyUsers(call, true));
        add(table, "POST", "/identityProtection/riskyUsers/dismiss", RISK_ADMINISTRATORS,
                call -> judgeRiskyUsers(call, false));
        add(table, "GET", "/identityProtection/riskyUsers", Set.of(), call -> collection(call,
                "identityProtection/riskyUsers", identityProtection(call, Directory.RISKY_USERS),
                Set.of("id", "userPrincipalName", "riskLevel", "riskState", "riskDetail", "riskLastUpdatedDateTime"),
                null));
        add(table, "GET", "/identityProtection/riskyUsers/{id}", Set.of(), call -> {
            identityProtection(call, Directory.RISKY_USERS);
            return single(call, "identityProtection/riskyUsers/$entity", directory.riskyUser(call.tenant,
                    call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0))).deepCopy(), null);
        });
        add(table, "GET", "/identityProtection/riskyUsers/{id}/history", Set.of(), call -> {
            identityProtection(call, Directory.RISKY_USERS);
            directory.riskyUser(call.tenant, call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
            return collection(call, "identityProtection/riskyUsers('" + call.parameter(0) + "')/history",
                    items(call.tenant, Directory.riskHistory(call.parameter(0))),
                    Set.of("id", "riskLevel", "riskState", "riskLastUpdatedDateTime"), null);
        });
        add(table, "GET", "/auditLogs/signIns", SIGN_IN_READERS, call -> {
            boolean premium = items(call.tenant, "/subscribedSkus").stream().map(sku -> sku.path("skuPartNumber")
                    .asText()).anyMatch(sku -> P1_SKUS.stream().anyMatch(sku::equalsIgnoreCase)
                    || P2_SKUS.stream().anyMatch(sku::equalsIgnoreCase));
            if (!premium) {
                throw new GraphError(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                        "Neither tenant is B2C or tenant doesn't have premium license");
            }
            List<ObjectNode> newestFirst = new ArrayList<>(items(call.tenant, Directory.SIGN_INS));
            java.util.Collections.reverse(newestFirst);
            return collection(call, "auditLogs/signIns", newestFirst, Set.of("id", "userId", "userPrincipalName",
                    "appId", "createdDateTime", "ipAddress"), null);
        });
        add(table, "POST", CA_POLICIES, CONDITIONAL_ACCESS_ADMINISTRATORS, this::createPolicy);
        add(table, "GET", CA_POLICIES + "/{id}", Set.of(), call -> single(call,
                "identity/conditionalAccess/policies/$entity", policy(call).deepCopy(), null));
        add(table, "PATCH", CA_POLICIES + "/{id}", CONDITIONAL_ACCESS_ADMINISTRATORS, this::updatePolicy);
        add(table, "POST", "/groups", GROUP_ADMINISTRATORS, this::createGroup);
        add(table, "GET", "/identity/conditionalAccess/namedLocations", Set.of(), call -> collection(call,
                "identity/conditionalAccess/namedLocations", items(call.tenant,
                        "/identity/conditionalAccess/namedLocations"), Set.of("id", "displayName"), null));
        add(table, "GET", "/reports/authenticationMethods/userRegistrationDetails", Set.of(), call -> collection(call,
                "reports/authenticationMethods/userRegistrationDetails", registrationDetails(call.tenant),
                Set.of("id", "userPrincipalName", "isAdmin", "isMfaRegistered", "isSsprRegistered", "isSsprEnabled",
                        "isMfaCapable", "isPasswordlessCapable"), null));
        add(table, "GET", "/security/secureScores", Set.of(), call -> collection(call, "security/secureScores",
                items(call.tenant, "/security/secureScores"), Set.of("id", "createdDateTime"), null));
        add(table, "GET", "/security/secureScoreControlProfiles", Set.of(), call -> collection(call,
                "security/secureScoreControlProfiles", items(call.tenant, "/security/secureScoreControlProfiles"),
                Set.of("id", "controlCategory", "tier"), null));
        add(table, "DELETE", "/servicePrincipals/{id}/appRoleAssignments/{id}", CONSENT_ADMINISTRATORS, call -> {
            String id = servicePrincipal(call, call.parameter(0)).get("id").asText();
            if (!directory.deleteAppRoleAssignment(call.tenant, id, call.parameter(1))) {
                throw GraphError.notFound(call.parameter(1));
            }
            return Response.noContent();
        });
        add(table, "GET", "/oauth2PermissionGrants", Set.of(), call -> collection(call, "oauth2PermissionGrants",
                copies(call.tenant.permissionGrants()), Set.of("clientId", "resourceId", "consentType", "principalId"), null));
        add(table, "GET", "/oauth2PermissionGrants/{id}", Set.of(), call -> single(call,
                "oauth2PermissionGrants/$entity", grant(call), null));
        add(table, "PATCH", "/oauth2PermissionGrants/{id}", CONSENT_ADMINISTRATORS, this::updateGrant);
        add(table, "DELETE", "/oauth2PermissionGrants/{id}", CONSENT_ADMINISTRATORS, call -> {
            grant(call);
            directory.deletePermissionGrant(call.tenant, call.parameter(0));
            return Response.noContent();
        });
        return List.copyOf(table);
    }

    private static void add(List<Route> table, String method, String template, Set<String> roles, Handler handler) {
        String regex = Pattern.quote(template).replace("{id}", "\\E([^/()']+)\\Q");
        table.add(new Route(method, template, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), roles, handler));
    }

    // ---------------------------------------------------------------- the HTTP side

    /** Answers a request under {@code /v1.0}. */
    public void handle(HttpServerExchange exchange) {
        Exchanges.Info info = Exchanges.info(exchange);
        info.kind = "graph";
        info.requestId = UUID.randomUUID().toString();
        Map<String, String> headers = headers(exchange);
        Response response;
        try {
            JWTClaimsSet claims = authenticate(headers.get("authorization"), info);
            Tenant tenant = directory.tenant(String.valueOf(claims.getClaim("tid"))).orElseThrow(() -> new GraphError(401,
                    "InvalidAuthenticationToken", "Access token validation failure. Invalid tenant."));
            info.tenant = tenant.id();
            String path = canonicalPath(exchange.getRelativePath().replaceFirst("(?i)^/v1\\.0", ""));
            Map<String, String> query = new LinkedHashMap<>();
            exchange.getQueryParameters().forEach((name, values) -> query.put(name, values.getFirst()));
            String method = exchange.getRequestMethod().toString();
            String body = method.equals("GET") || method.equals("DELETE") ? "" : Exchanges.body(exchange);
            Call call = new Call(method, path, query, headers, body, tenant, claims, info.requestId);
            Optional<Response> fault = fault(tenant.id(), path, exchange, info.requestId);
            if (fault.isPresent()) {
                response = fault.get();
            } else if (path.equalsIgnoreCase("/$batch") && method.equals("POST")) {
                response = batch(call);
            } else {
                response = dispatch(call);
            }
        } catch (GraphError error) {
            response = errorResponse(error, info.requestId, headers.get("client-request-id"));
        }
        write(exchange, response, info.requestId, headers.get("client-request-id"));
    }

    private static Map<String, String> headers(HttpServerExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), values.getFirst());
        }
        return headers;
    }

    private static void write(HttpServerExchange exchange, Response response, String requestId, String clientRequestId) {
        exchange.getResponseHeaders().put(new HttpString("request-id"), requestId);
        if (clientRequestId != null) {
            exchange.getResponseHeaders().put(new HttpString("client-request-id"), clientRequestId);
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        if (response.body() == null) {
            Exchanges.responding(exchange, response.status());
            exchange.setStatusCode(response.status());
            exchange.endExchange();
        } else {
            Exchanges.json(exchange, response.status(), response.body());
        }
    }

    /** Routes an authenticated request and checks that its token may call the endpoint. */
    private Response dispatch(Call call) {
        try {
            Route route = null;
            boolean pathKnown = false;
            List<String> parameters = new ArrayList<>();
            for (Route candidate : routes) {
                Matcher matcher = candidate.pattern().matcher(call.path);
                if (matcher.matches()) {
                    pathKnown = true;
                    if (candidate.method().equalsIgnoreCase(call.method)) {
                        route = candidate;
                        for (int i = 1; i <= matcher.groupCount(); i++) {
                            parameters.add(URLDecoder.decode(matcher.group(i), StandardCharsets.UTF_8));
                        }
                        break;
                    }
                }
            }
            if (route == null) {
                if (pathKnown) {
                    throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
                }
                String[] segments = call.path.replaceFirst("^/", "").split("/");
                throw new GraphError(400, "BadRequest", "Resource not found for the segment '"
                        + (segments.length == 0 ? "" : segments[segments.length - 1]) + "'.");
            }
            call.parameters = parameters;
            if (call.claims.getClaim("scp") != null) {
                call.user = call.tenant.user(String.valueOf(call.claims.getClaim("oid"))).orElseThrow(() -> new GraphError(
                        401, "InvalidAuthenticationToken", "Access token validation failure. The user does not exist."));
            } else if (route.template().equals("/me")) {
                throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
            }
            authorize(route, call);
            return route.handler().handle(call);
        } catch (GraphError error) {
            return errorResponse(error, call.requestId, call.header("client-request-id"));
        }
    }

    private JWTClaimsSet authenticate(String header, Exchanges.Info info) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        info.bearer = true;
        Tokens.Verification verification = tokens.verify(header.substring(7).trim(),
                List.of(PermissionCatalogue.GRAPH_RESOURCE, PermissionCatalogue.GRAPH_RESOURCE + "/",
                        PermissionCatalogue.GRAPH_APP_ID));
        if (verification instanceof Tokens.Verification.Invalid invalid) {
            throw new GraphError(401, "InvalidAuthenticationToken", invalid.reason());
        }
        JWTClaimsSet claims = ((Tokens.Verification.Valid) verification).claims();
        info.appId = String.valueOf(claims.getClaim("appid"));
        info.scopes = tokenPermissions(claims);
        return claims;
    }

    private static String tokenPermissions(JWTClaimsSet claims) {
        try {
            if (claims.getStringClaim("scp") != null) {
                return claims.getStringClaim("scp");
            }
            return claims.getStringListClaim("roles") == null ? "" : String.join(" ", claims.getStringListClaim("roles"));
        } catch (ParseException e) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure.");
        }
    }

    /** Permission check as Graph does it: one accepted permission of the token's kind, plus roles for delegated writes. */
    private void authorize(Route route, Call call) {
        EndpointPermissions accepted = directory.catalogue().endpoint(route.method(), route.template())
                .orElseThrow(GraphError::denied);
        Set<String> held = Set.copyOf(Directory.splitScopes(tokenPermissions(call.claims)));
        List<String> acceptable = call.user != null ? accepted.delegated() : accepted.application();
        if (acceptable.stream().noneMatch(permission -> containsIgnoreCase(held, permission))) {
            throw GraphError.denied();
        }
        List<String> together = ALL_REQUIRED.getOrDefault(route.method() + " " + route.template(), List.of());
        if (together.stream().anyMatch(permission -> !containsIgnoreCase(held, permission))) {
            throw GraphError.denied();
        }
        if (call.user != null && !route.delegatedDirectoryRoles().isEmpty()
                && !call.user.hasAnyRole(route.delegatedDirectoryRoles())) {
            throw GraphError.denied();
        }
    }

    private Optional<Response> fault(String tenantId, String path, HttpServerExchange exchange, String requestId) {
        Duration latency = faults.latency(tenantId, path);
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Optional<Faults.Decision> failure = faults.failure(tenantId, path);
        if (failure.isEmpty()) {
            return Optional.empty();
        }
        return switch (failure.get().kind()) {
            case THROTTLE -> Optional.of(errorResponse(new GraphError(429, "TooManyRequests",
                    "Too many requests are being made to the service. Please retry after some time."), requestId, null)
                    .header("Retry-After", String.valueOf(Math.max(1, failure.get().amount().toSeconds()))));
            case SERVICE_UNAVAILABLE -> Optional.of(errorResponse(new GraphError(503, "serviceNotAvailable",
                    "The service is temporarily unavailable. Please try again later."), requestId, null)
                    .header("Retry-After", "1"));
            case GATEWAY_TIMEOUT -> Optional.of(errorResponse(new GraphError(504, "UnknownError",
                    "The gateway timed out."), requestId, null));
            case DROP_CONNECTION -> {
                if (exchange == null) {
                    yield Optional.of(errorResponse(new GraphError(503, "serviceNotAvailable",
                            "The service is temporarily unavailable. Please try again later."), requestId, null));
                }
                // Logged before closing: the client sees the close at once and may read the log straight after.
                Exchanges.responding(exchange, 0);
                try {
                    exchange.getConnection().close();
                } catch (IOException ignored) {
                    // The connection is gone either way, which is the point.
                }
                throw new DroppedConnection();
            }
            default -> Optional.empty();
        };
    }

    // ---------------------------------------------------------------- $batch

    /**
     * JSON batching: at most 20 requests, run in order of their {@code dependsOn}; a request whose dependency failed
     * answers 424. Each inner request is authorised, throttled and logged like a top-level one.
     */
    private Response batch(Call call) {
        JsonNode payload = body(call);
        JsonNode requests = payload.get("requests");
        if (requests == null || !requests.isArray()) {
            throw GraphError.badRequest("Invalid batch payload format.");
        }
        if (requests.size() > MAX_BATCH) {
            throw new GraphError(400, "BadRequest", "Limit of " + MAX_BATCH + " requests per batch exceeded.");
        }
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode request : requests) {
            String id = request.path("id").asText("");
            if (id.isEmpty() || byId.containsKey(id)) {
                throw GraphError.badRequest("Every request of a batch needs a unique id.");
            }
            if (!request.hasNonNull("method") || !request.hasNonNull("url")) {
                throw GraphError.badRequest("Request '" + id + "' of the batch needs a method and a url.");
            }
            byId.put(id, request);
        }
        Map<String, Integer> statuses = new LinkedHashMap<>();
        ArrayNode responses = Json.array();
        for (String id : executionOrder(byId)) {
            JsonNode request = byId.get(id);
            Response response;
            boolean dependencyFailed = false;
            for (JsonNode dependency : request.path("dependsOn")) {
                Integer status = statuses.get(dependency.asText());
                dependencyFailed |= status == null || status >= 400;
            }
            long started = System.nanoTime();
            Call inner = innerCall(call, request);
            if (dependencyFailed) {
                response = errorResponse(new GraphError(424, "BadRequest",
                        "Dependency failed: a request this one depends on did not succeed."), inner.requestId, null);
            } else {
                response = fault(call.tenant.id(), inner.path, null, inner.requestId).orElseGet(() -> dispatch(inner));
            }
            statuses.put(id, response.status());
            requestLog.add(new RequestLog.Entry(directory.now(), "graph-batch", inner.method, "/v1.0" + inner.path,
                    null, call.tenant.id(), String.valueOf(call.claims.getClaim("appid")), tokenPermissions(call.claims),
                    true, response.status(), Duration.ofNanos(System.nanoTime() - started), null));
            ObjectNode answer = responses.addObject().put("id", id).put("status", response.status());
            ObjectNode headers = answer.putObject("headers");
            response.headers().forEach(headers::put);
            if (response.body() != null) {
                headers.put("Content-Type", "application/json; charset=utf-8");
                answer.set("body", response.body());
            }
        }
        ObjectNode result = Json.object();
        result.set("responses", responses);
        return Response.json(200, result);
    }

    private static List<String> executionOrder(Map<String, JsonNode> byId) {
        List<String> order = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : byId.keySet()) {
            visit(id, byId, order, visiting);
        }
        return order;
    }

    private static void visit(String id, Map<String, JsonNode> byId, List<String> order, Set<String> visiting) {
        if (order.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw GraphError.badRequest("The batch's dependsOn references form a cycle at request '" + id + "'.");
        }
        for (JsonNode dependency : byId.get(id).path("dependsOn")) {
            if (!byId.containsKey(dependency.asText())) {
                throw GraphError.badRequest("Request '" + id + "' depends on unknown request '" + dependency.asText() + "'.");
            }
            visit(dependency.asText(), byId, order, visiting);
        }
        visiting.remove(id);
        order.add(id);
    }

    /**
     * Graph accepts a function without arguments with or without parentheses ({@code delta()}) and a type cast with
     * or without the {@code microsoft.} namespace ({@code graph.user}); routes use one spelling.
     */
    static String canonicalPath(String path) {
        return path.replaceAll("(?i)/delta\\(\\)$", "/delta")
                .replaceAll("(?i)/graph\\.([a-z]+)$", "/microsoft.graph.$1");
    }

    private static Call innerCall(Call outer, JsonNode request) {
        String url = request.get("url").asText().replaceFirst("(?i)^(https://[^/]+)?(/v1\\.0)?", "");
        if (!url.startsWith("/")) {
            url = "/" + url;
        }
        String path = canonicalPath(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        Map<String, String> query = new LinkedHashMap<>();
        if (url.contains("?")) {
            for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        Map<String, String> headers = new HashMap<>(outer.headers);
        request.path("headers").properties().forEach(field ->
                headers.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue().asText()));
        String body = request.has("body") ? Json.write(request.get("body")) : "";
        return new Call(request.get("method").asText().toUpperCase(Locale.ROOT), path, query, headers, body,
                outer.tenant, outer.claims, UUID.randomUUID().toString());
    }

    // ---------------------------------------------------------------- handlers

    private Response createUser(Call call) {
        JsonNode body = body(call);
        for (String required : List.of("accountEnabled", "displayName", "mailNickname", "userPrincipalName", "passwordProfile")) {
            if (!body.hasNonNull(required)) {
                throw GraphError.badRequest("Invalid value specified for property '" + required + "' of resource 'User'.");
            }
        }
        String upn = body.get("userPrincipalName").asText();
        int at = upn.indexOf('@');
        if (at <= 0 || !call.tenant.ownsDomain(upn.substring(at + 1))) {
            throw GraphError.badRequest("Property userPrincipalName is invalid.");
        }
        DirectoryUser created;
        synchronized (directory) {
            if (call.tenant.user(upn).isPresent()) {
                throw GraphError.badRequest("Another object with the same value for property userPrincipalName already exists.");
            }
            ObjectNode json = (ObjectNode) body.deepCopy();
            String password = json.path("passwordProfile").path("password").asText(null);
            json.remove(List.of("passwordProfile", "id"));
            json.put("id", UUID.randomUUID().toString());
            created = directory.addUser(call.tenant, json, password, List.of());
        }
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#users/$entity");
        answer.setAll(select(created.json(), null, USER_DEFAULT_PROPERTIES));
        return Response.json(201, answer).header("Location", graphBase.get() + "/users/" + created.id());
    }

    private Response updateUser(Call call) {
        JsonNode body = body(call);
        synchronized (directory) {
            DirectoryUser user = user(call, call.parameter(0));
            body.properties().forEach(field -> {
                if (field.getKey().equalsIgnoreCase("passwordProfile")) {
                    JsonNode profile = field.getValue();
                    if (profile.hasNonNull("password")) {
                        directory.setPassword(user, profile.path("password").asText());
                    }
                    // The flags are kept (the password never is): forceChangePasswordNextSignIn[WithMfa]
                    ObjectNode kept = user.json().path("passwordProfile") instanceof ObjectNode existing ? existing
                            : user.json().putObject("passwordProfile");
                    profile.properties().stream().filter(flag -> flag.getKey().startsWith("forceChangePassword"))
                            .forEach(flag -> kept.set(flag.getKey(), flag.getValue()));
                } else if (!field.getKey().equalsIgnoreCase("id")) {
                    user.json().set(field.getKey(), field.getValue());
                }
            });
            directory.touch(call.tenant, user);
        }
        return Response.noContent();
    }

    private Response deleteUser(Call call) {
        synchronized (directory) {
            directory.deleteUser(call.tenant, user(call, call.parameter(0)));
        }
        return Response.noContent();
    }

    private Response updateGrant(Call call) {
        JsonNode body = body(call);
        synchronized (directory) {
            ObjectNode grant = grant(call);
            if (body.has("scope")) {
                grant.put("scope", body.get("scope").asText());
            }
        }
        return Response.noContent();
    }

    /**
     * {@code /users/delta}: the first round returns every user and a {@code @odata.deltaLink}; following that link
     * returns the users changed since, and deleted ones as {@code @removed}.
     */
    private Response usersDelta(Call call) {
        long since = 0;
        String deltaToken = call.query("$deltatoken");
        if (deltaToken != null) {
            since = decodeToken(deltaToken, "delta:");
        }
        List<ObjectNode> changes = new ArrayList<>();
        long current;
        synchronized (directory) {
            current = call.tenant.changeCounter();
            for (DirectoryUser user : call.tenant.users()) {
                if (user.version() > since) {
                    changes.add(select(user.json(), call.query("$select"), USER_DEFAULT_PROPERTIES));
                }
            }
            if (since > 0) {
                for (DirectoryUser user : call.tenant.deletedUsers()) {
                    if (user.version() > since) {
                        ObjectNode removed = Json.object().put("id", user.id());
                        removed.putObject("@removed").put("reason", "changed");
                        changes.add(removed);
                    }
                }
            }
        }
        int offset = call.query("$skiptoken") == null ? 0 : (int) decodeToken(call.query("$skiptoken"), "offset:");
        int end = Math.min(changes.size(), offset + DEFAULT_PAGE);
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#users");
        if (end < changes.size()) {
            answer.put("@odata.nextLink", link(call, Map.of("$skiptoken", token("offset:" + end))));
        } else {
            Map<String, String> keep = new LinkedHashMap<>();
            if (call.query("$select") != null) {
                keep.put("$select", call.query("$select"));
            }
            keep.put("$deltatoken", token("delta:" + current));
            answer.put("@odata.deltaLink", graphBase.get() + "/users/delta?" + encodeQuery(keep));
        }
        ArrayNode value = answer.putArray("value");
        changes.subList(offset, end).forEach(value::add);
        return Response.json(200, answer);
    }

    // ---------------------------------------------------------------- OData

    private Response collection(Call call, String entitySet, List<ObjectNode> items, Set<String> filterable,
            Set<String> defaultProperties) {
        List<ObjectNode> result = items;
        String filter = call.query("$filter");
        if (filter != null) {
            Predicate<JsonNode> predicate;
            try {
                predicate = Filter.parse(filter, filterable);
            } catch (Filter.Invalid invalid) {
                throw new GraphError(400, invalid.unsupportedProperty ? "Request_UnsupportedQuery" : "BadRequest",
                        invalid.getMessage());
            }
            result = result.stream().filter(predicate).toList();
        }
        boolean eventual = "eventual".equalsIgnoreCase(call.header("ConsistencyLevel"));
        String search = call.query("$search");
        if (search != null) {
            if (!eventual) {
                throw new GraphError(400, "Request_UnsupportedQuery", "Request with $search query parameter only works "
                        + "through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }
            result = result.stream().filter(searchPredicate(search)).toList();
        }
        boolean count = "true".equalsIgnoreCase(call.query("$count"));
        if (count && !eventual) {
            throw new GraphError(400, "Request_BadRequest", "$count is not currently supported without the "
                    + "'ConsistencyLevel: eventual' header.");
        }
        int top = top(call.query("$top"));
        int offset = call.query("$skiptoken") == null ? 0 : (int) decodeToken(call.query("$skiptoken"), "offset:");
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#" + entitySet);
        if (count) {
            answer.put("@odata.count", result.size());
        }
        int end = Math.min(result.size(), offset + top);
        if (end < result.size()) {
            answer.put("@odata.nextLink", link(call, Map.of("$skiptoken", token("offset:" + end))));
        }
        ArrayNode value = answer.putArray("value");
        for (ObjectNode item : result.subList(Math.min(offset, result.size()), end)) {
            value.add(select(item, call.query("$select"), defaultProperties));
        }
        return Response.json(200, answer);
    }

    private Response single(Call call, String context, ObjectNode item, Set<String> defaultProperties) {
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#" + context);
        answer.setAll(select(item, call.query("$select"), defaultProperties));
        return Response.json(200, answer);
    }

    /** {@code $select}, or the entity's default properties; Graph answers {@code null} for selected but unset ones. */
    private static ObjectNode select(ObjectNode item, String selection, Set<String> defaultProperties) {
        Collection<String> properties = selection != null && !selection.isBlank()
                ? new LinkedHashSet<>(List.of(selection.split("\\s*,\\s*")))
                : defaultProperties;
        if (properties == null) {
            return item.deepCopy();
        }
        ObjectNode selected = Json.object();
        for (String name : properties) {
            String actual = fieldNames(item).stream().filter(field -> field.equalsIgnoreCase(name.trim())).findFirst()
                    .orElse(null);
            if (actual == null) {
                selected.putNull(name.trim());
            } else {
                selected.set(actual, item.get(actual).deepCopy());
            }
        }
        return selected;
    }

    private static int top(String top) {
        if (top == null) {
            return DEFAULT_PAGE;
        }
        try {
            int value = Integer.parseInt(top);
            if (value >= 1 && value <= MAX_PAGE) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below, as Graph does
        }
        throw new GraphError(400, "Request_UnsupportedQuery", "Invalid page size specified: '" + top
                + "'. Must be between 1 and " + MAX_PAGE + " inclusive.");
    }

    private static String token(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static long decodeToken(String token, String prefix) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(prefix)) {
                return Long.parseLong(decoded.substring(prefix.length()));
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new GraphError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no "
                + "longer be included in your request.");
    }

    /** The request's own URL with {@code replaced} query options swapped in, for next and delta links. */
    private String link(Call call, Map<String, String> replaced) {
        Map<String, String> query = new LinkedHashMap<>(call.query);
        query.remove("$skiptoken");
        query.putAll(replaced);
        return graphBase.get() + call.path + "?" + encodeQuery(query);
    }

    private static String encodeQuery(Map<String, String> query) {
        StringBuilder text = new StringBuilder();
        query.forEach((name, value) -> text.append(text.length() == 0 ? "" : "&").append(name).append('=')
                .append(Exchanges.encode(value)));
        return text.toString();
    }

    private static Predicate<JsonNode> searchPredicate(String search) {
        String trimmed = search.trim();
        if (!trimmed.startsWith("\"") || !trimmed.endsWith("\"") || !trimmed.contains(":")) {
            throw new GraphError(400, "Request_UnsupportedQuery", "Syntax error: invalid $search clause '" + search + "'.");
        }
        String clause = trimmed.substring(1, trimmed.length() - 1);
        String property = clause.substring(0, clause.indexOf(':'));
        String term = clause.substring(clause.indexOf(':') + 1).toLowerCase(Locale.ROOT);
        return node -> {
            String value = node.path(property).asText("").toLowerCase(Locale.ROOT);
            return value.startsWith(term) || List.of(value.split("[\\s._@-]+")).stream().anyMatch(word -> word.startsWith(term));
        };
    }

    // ---------------------------------------------------------------- lookups and answers

    private List<ObjectNode> usersJson(Tenant tenant) {
        synchronized (directory) {
            return tenant.users().stream().map(user -> user.json().deepCopy()).toList();
        }
    }

    private static DirectoryUser user(Call call, String idOrUpn) {
        return call.tenant.user(idOrUpn).orElseThrow(() -> GraphError.notFound(idOrUpn));
    }

    // ---------------------------------------------------------------- Identity Protection

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

    // ---------------------------------------------------------------- Conditional Access and groups (writes)

    private static ObjectNode policy(Call call) {
        return call.tenant.collection(CA_POLICIES).flatMap(collection -> {
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
        directory.addToCollection(call.tenant, CA_POLICIES, policy);
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
        directory.updateInCollection(call.tenant, CA_POLICIES, call.parameter(0), changes);
        return Response.noContent();
    }

    /** Graph's checks of a policy (or the part of one being updated): its state, role and group ids, applications. */
    private static void validatePolicy(Call call, ObjectNode policy) {
        if (policy.has("state") && !CA_STATES.contains(policy.path("state").asText())) {
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
                names |= !CA_APPLICATION_KEYWORDS.contains(application.asText().toLowerCase(Locale.ROOT));
            }
        }
        if (names && !containsIgnoreCase(Set.copyOf(Directory.splitScopes(tokenPermissions(call.claims))),
                "Application.Read.All")) {
            throw GraphError.denied();
        }
    }

    private Response createGroup(Call call) {
        ObjectNode body = (ObjectNode) body(call);
        for (String property : List.of("displayName", "mailNickname")) {
            if (!body.path(property).isTextual() || body.path(property).asText().isBlank()) {
                throw GraphError.badRequest("Property '" + property + "' is required and cannot be empty.");
            }
        }
        for (String property : List.of("mailEnabled", "securityEnabled")) {
            if (!body.path(property).isBoolean()) {
                throw GraphError.badRequest("Property '" + property + "' is required.");
            }
        }
        ObjectNode group = body.deepCopy();
        group.remove("@odata.type");
        group.put("id", UUID.randomUUID().toString());
        ObjectNode created = directory.addGroup(call.tenant, group, List.of());
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get() + "/$metadata#groups/$entity");
        answer.setAll(created.deepCopy());
        return Response.json(201, answer);
    }

    private static ObjectNode group(Call call) {
        return call.tenant.group(call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }

    private static ObjectNode servicePrincipal(Call call, String id) {
        return call.tenant.servicePrincipals().stream().filter(sp -> sp.path("id").asText().equalsIgnoreCase(id))
                .findFirst().orElseThrow(() -> GraphError.notFound(id));
    }

    private ObjectNode servicePrincipalJson(ObjectNode sp) {
        ObjectNode json = sp.deepCopy();
        Optional<PermissionCatalogue.Resource> resource = directory.catalogue().resource(sp.path("appId").asText());
        json.set("oauth2PermissionScopes", resource.map(PermissionCatalogue.Resource::scopesJson).orElse(Json.array()));
        json.set("appRoles", resource.map(PermissionCatalogue.Resource::appRolesJson).orElse(Json.array()));
        return json;
    }

    private ObjectNode grant(Call call) {
        return directory.permissionGrant(call.tenant, call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }

    /** Directory roles with at least one member, as {@code /directoryRoles} lists activated roles. */
    private static List<ObjectNode> activatedRoles(Tenant tenant) {
        Set<String> names = new LinkedHashSet<>();
        tenant.users().forEach(user -> names.addAll(user.directoryRoles()));
        List<ObjectNode> roles = new ArrayList<>();
        for (String name : names) {
            DirectoryRoles.templateId(name).ifPresent(template -> roles.add(Json.object()
                    .put("id", Directory.stableId(tenant.id(), "directoryRole", template)).put("displayName", name)
                    .put("description", name).put("roleTemplateId", template)));
        }
        return roles;
    }

    private static List<ObjectNode> roleAssignments(Tenant tenant) {
        List<ObjectNode> assignments = new ArrayList<>();
        for (DirectoryUser user : tenant.users()) {
            for (String role : user.directoryRoles()) {
                DirectoryRoles.templateId(role).ifPresent(template -> assignments.add(Json.object()
                        .put("id", Directory.stableId(tenant.id(), "roleAssignment", user.id(), template))
                        .put("principalId", user.id()).put("roleDefinitionId", template).put("directoryScopeId", "/")));
            }
        }
        return assignments;
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

    /**
     * {@code userRegistrationDetails}: one entry per user of the tenant, its registration state from the seeded
     * collection of the same path (matched by user principal name; unregistered when absent), {@code isAdmin} from the
     * user's directory roles.
     */
    private static List<ObjectNode> registrationDetails(Tenant tenant) {
        Map<String, ObjectNode> seeded = new HashMap<>();
        items(tenant, "/reports/authenticationMethods/userRegistrationDetails").forEach(entry -> seeded.put(
                entry.path("userPrincipalName").asText().toLowerCase(Locale.ROOT), entry));
        List<ObjectNode> details = new ArrayList<>();
        for (DirectoryUser user : tenant.users()) {
            ObjectNode entry = Json.object().put("id", user.id())
                    .put("userPrincipalName", user.userPrincipalName())
                    .put("userDisplayName", user.json().path("displayName").asText())
                    .put("userType", "member").put("isAdmin", !user.directoryRoles().isEmpty())
                    .put("isMfaRegistered", false).put("isMfaCapable", false).put("isSsprRegistered", false)
                    .put("isSsprEnabled", false).put("isSsprCapable", false).put("isPasswordlessCapable", false)
                    .put("isSystemPreferredAuthenticationMethodEnabled", false);
            entry.putArray("methodsRegistered");
            ObjectNode known = seeded.get(user.userPrincipalName().toLowerCase(Locale.ROOT));
            if (known != null) {
                known.properties().forEach(property -> {
                    if (!property.getKey().equals("userPrincipalName")) {
                        entry.set(property.getKey(), property.getValue().deepCopy());
                    }
                });
            }
            entry.put("lastUpdatedDateTime", "2026-11-01T00:00:00Z");
            details.add(entry);
        }
        return details;
    }

    private static List<ObjectNode> items(Tenant tenant, String path) {
        return tenant.collection(path).map(collection -> {
            List<ObjectNode> list = new ArrayList<>();
            collection.path("value").forEach(node -> list.add((ObjectNode) node.deepCopy()));
            return list;
        }).orElse(List.of());
    }

    private static List<ObjectNode> copies(List<ObjectNode> nodes) {
        return nodes.stream().map(node -> node.deepCopy()).toList();
    }

    private static Set<String> withDeletedDate(Set<String> properties) {
        Set<String> extended = new LinkedHashSet<>(properties);
        extended.add("deletedDateTime");
        return extended;
    }

    private static Set<String> withType(Set<String> properties) {
        Set<String> extended = new LinkedHashSet<>(List.of("@odata.type"));
        extended.addAll(properties);
        return extended;
    }

    private static JsonNode body(Call call) {
        try {
            JsonNode node = Json.parse(call.body == null || call.body.isBlank() ? "{}" : call.body);
            if (!node.isObject()) {
                throw GraphError.badRequest("The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type "
                    + "header is set and payload is of valid JSON format.");
        }
    }

    private static Response errorResponse(GraphError error, String requestId, String clientRequestId) {
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error").put("code", error.code).put("message", error.getMessage())
                .putObject("innerError");
        inner.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""))
                .put("request-id", requestId == null ? UUID.randomUUID().toString() : requestId);
        if (clientRequestId != null) {
            inner.put("client-request-id", clientRequestId);
        }
        Response response = Response.json(error.status, body);
        if (error.status == 401) {
            response.header(Headers.WWW_AUTHENTICATE_STRING, "Bearer realm=\"\", authorization_uri="
                    + "\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\""
                    + PermissionCatalogue.GRAPH_APP_ID + "\"");
        }
        return response;
    }

    private static boolean containsIgnoreCase(Collection<String> values, String wanted) {
        return values.stream().anyMatch(value -> value.equalsIgnoreCase(wanted));
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
