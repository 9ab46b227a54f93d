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
import dev.tenantry.emulator.identity.Tokens;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph v1.0, the subset Tenantry uses, with Graph's conventions: bearer tokens checked like Graph checks
 * them, per-endpoint permissions from Microsoft's permissions reference ({@link PermissionCatalogue}), directory roles
 * for delegated writes, OData paging, {@code $select}, {@code $filter}, {@code $top}, {@code $count}, and Graph's error
 * body and {@code request-id} headers.
 *
 * <p>Every endpoint is one {@link Route} in {@link #routes()}: its method, path template (as Microsoft's reference
 * writes it, so its permissions are found in the catalogue), the directory roles a delegated caller needs, and its
 * handler. Adding an endpoint means adding a route and, if it is new to the catalogue, its path to the derivation
 * script.
 */
public final class GraphEndpoints {

    /** One request, authenticated and routed. */
    static final class Call {
        final HttpServerExchange exchange;
        final Tenant tenant;
        final JWTClaimsSet claims;
        final List<String> parameters;
        final DirectoryUser user;

        Call(HttpServerExchange exchange, Tenant tenant, JWTClaimsSet claims, List<String> parameters, DirectoryUser user) {
            this.exchange = exchange;
            this.tenant = tenant;
            this.claims = claims;
            this.parameters = parameters;
            this.user = user;
        }

        boolean delegated() {
            return user != null;
        }

        String parameter(int index) {
            return parameters.get(index);
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(Call call);
    }

    /** An endpoint: what it answers, and who may call it. */
    record Route(String method, String template, Pattern pattern, Set<String> delegatedDirectoryRoles, Handler handler) {
    }

    private static final Set<String> USER_DEFAULT_PROPERTIES = Set.of("businessPhones", "displayName", "givenName",
            "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id");
    private static final Set<String> USER_FILTERABLE = Set.of("id", "userPrincipalName", "displayName", "givenName",
            "surname", "mail", "mailNickname", "accountEnabled", "userType", "jobTitle", "department", "usageLocation",
            "createdDateTime", "companyName", "country", "city");
    private static final Set<String> USER_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.USER_ADMINISTRATOR);
    private static final Set<String> CONSENT_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR, DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR,
            DirectoryRoles.APPLICATION_ADMINISTRATOR);
    private static final int MAX_PAGE = 999;
    private static final int DEFAULT_PAGE = 100;

    private final Directory directory;
    private final Tokens tokens;
    private final Faults faults;
    private final Supplier<String> graphBase;
    private final List<Route> routes;

    public GraphEndpoints(Directory directory, Tokens tokens, Faults faults, Supplier<String> graphBase) {
        this.directory = directory;
        this.tokens = tokens;
        this.faults = faults;
        this.graphBase = graphBase;
        this.routes = routes();
    }

    private List<Route> routes() {
        List<Route> table = new ArrayList<>();
        add(table, "GET", "/me", Set.of(), this::me);
        add(table, "GET", "/organization", Set.of(), call -> collection(call, "organization",
                List.of(call.tenant.organization().deepCopy()), Set.of("id", "displayName"), null, DEFAULT_PAGE));
        add(table, "GET", "/users", Set.of(), call -> collection(call, "users", usersJson(call.tenant),
                USER_FILTERABLE, USER_DEFAULT_PROPERTIES, DEFAULT_PAGE));
        add(table, "POST", "/users", USER_ADMINISTRATORS, this::createUser);
        add(table, "GET", "/users/{id}", Set.of(), call -> single(call, "users/$entity",
                user(call, call.parameter(0)).json(), USER_DEFAULT_PROPERTIES));
        add(table, "PATCH", "/users/{id}", USER_ADMINISTRATORS, this::updateUser);
        add(table, "DELETE", "/users/{id}", USER_ADMINISTRATORS, this::deleteUser);
        add(table, "GET", "/subscribedSkus", Set.of(), call -> collection(call, "subscribedSkus",
                items(call.tenant, "/subscribedSkus"), Set.of("skuId", "skuPartNumber"), null, DEFAULT_PAGE));
        add(table, "GET", "/servicePrincipals", Set.of(), call -> collection(call, "servicePrincipals",
                call.tenant.servicePrincipals().stream().map(this::servicePrincipalJson).toList(),
                Set.of("id", "appId", "displayName", "servicePrincipalType"), null, DEFAULT_PAGE));
        add(table, "GET", "/servicePrincipals(appId='{id}')", Set.of(), call -> single(call, "servicePrincipals/$entity",
                servicePrincipalJson(call.tenant.servicePrincipalByAppId(call.parameter(0))
                        .orElseThrow(() -> GraphError.notFound(call.parameter(0)))), null));
        add(table, "GET", "/servicePrincipals/{id}", Set.of(), call -> single(call, "servicePrincipals/$entity",
                servicePrincipalJson(servicePrincipal(call, call.parameter(0))), null));
        add(table, "GET", "/servicePrincipals/{id}/appRoleAssignments", Set.of(), call -> {
            String id = servicePrincipal(call, call.parameter(0)).get("id").asText();
            collection(call, "servicePrincipals('" + id + "')/appRoleAssignments", call.tenant.appRoleAssignments()
                    .stream().filter(a -> a.path("principalId").asText().equals(id)).map(ObjectNode::deepCopy)
                    .map(ObjectNode.class::cast).toList(), Set.of("resourceId", "appRoleId"), null, DEFAULT_PAGE);
        });
        add(table, "GET", "/oauth2PermissionGrants", Set.of(), call -> collection(call, "oauth2PermissionGrants",
                call.tenant.permissionGrants().stream().map(ObjectNode::deepCopy).map(ObjectNode.class::cast).toList(),
                Set.of("clientId", "resourceId", "consentType", "principalId"), null, DEFAULT_PAGE));
        add(table, "GET", "/oauth2PermissionGrants/{id}", Set.of(), call -> single(call,
                "oauth2PermissionGrants/$entity", grant(call), null));
        add(table, "PATCH", "/oauth2PermissionGrants/{id}", CONSENT_ADMINISTRATORS, this::updateGrant);
        add(table, "DELETE", "/oauth2PermissionGrants/{id}", CONSENT_ADMINISTRATORS, call -> {
            grant(call);
            directory.deletePermissionGrant(call.tenant, call.parameter(0));
            noContent(call);
        });
        return List.copyOf(table);
    }

    private static void add(List<Route> table, String method, String template, Set<String> roles, Handler handler) {
        String regex = Pattern.quote(template).replace("{id}", "\\E([^/()']+)\\Q");
        table.add(new Route(method, template, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), roles, handler));
    }

    /** Answers a request under {@code /v1.0}. */
    public void handle(HttpServerExchange exchange) {
        Exchanges.Info info = Exchanges.info(exchange);
        info.kind = "graph";
        String requestId = UUID.randomUUID().toString();
        info.requestId = requestId;
        exchange.getResponseHeaders().put(new HttpString("request-id"), requestId);
        String clientRequestId = exchange.getRequestHeaders().getFirst("client-request-id");
        if (clientRequestId != null) {
            exchange.getResponseHeaders().put(new HttpString("client-request-id"), clientRequestId);
        }
        try {
            serve(exchange, info);
        } catch (GraphError error) {
            error(exchange, error);
        }
    }

    private void serve(HttpServerExchange exchange, Exchanges.Info info) {
        String path = exchange.getRelativePath().replaceFirst("(?i)^/v1\\.0", "");
        JWTClaimsSet claims = authenticate(exchange, info);
        String tenantId = String.valueOf(claims.getClaim("tid"));
        Tenant tenant = directory.tenant(tenantId).orElseThrow(() -> new GraphError(401, "InvalidAuthenticationToken",
                "Access token validation failure. Invalid tenant."));
        info.tenant = tenant.id();
        applyFaults(exchange, tenant.id(), path);

        String method = exchange.getRequestMethod().toString();
        Route route = null;
        List<String> parameters = new ArrayList<>();
        boolean pathKnown = false;
        for (Route candidate : routes) {
            Matcher matcher = candidate.pattern().matcher(path);
            if (matcher.matches()) {
                pathKnown = true;
                if (candidate.method().equalsIgnoreCase(method)) {
                    route = candidate;
                    for (int i = 1; i <= matcher.groupCount(); i++) {
                        parameters.add(java.net.URLDecoder.decode(matcher.group(i), java.nio.charset.StandardCharsets.UTF_8));
                    }
                    break;
                }
            }
        }
        if (route == null) {
            if (pathKnown) {
                throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
            }
            String[] segments = path.replaceFirst("^/", "").split("/");
            throw new GraphError(400, "BadRequest", "Resource not found for the segment '"
                    + (segments.length == 0 ? "" : segments[segments.length - 1]) + "'.");
        }
        DirectoryUser user = null;
        if (claims.getClaim("scp") != null) {
            user = tenant.user(String.valueOf(claims.getClaim("oid"))).orElseThrow(() -> new GraphError(401,
                    "InvalidAuthenticationToken", "Access token validation failure. The user does not exist."));
        } else if (route.template().equals("/me")) {
            throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
        }
        authorize(route, claims, user);
        route.handler().handle(new Call(exchange, tenant, claims, parameters, user));
    }

    private JWTClaimsSet authenticate(HttpServerExchange exchange, Exchanges.Info info) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
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
        try {
            info.scopes = claims.getStringClaim("scp") != null ? claims.getStringClaim("scp")
                    : claims.getStringListClaim("roles") == null ? "" : String.join(" ", claims.getStringListClaim("roles"));
        } catch (ParseException e) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure.");
        }
        return claims;
    }

    /** Permission check as Graph does it: one accepted permission of the token's kind, plus roles for delegated writes. */
    private void authorize(Route route, JWTClaimsSet claims, DirectoryUser user) {
        EndpointPermissions accepted = directory.catalogue().endpoint(route.method(), route.template())
                .orElseThrow(GraphError::denied);
        try {
            if (user != null) {
                Set<String> scopes = Set.copyOf(Directory.splitScopes(claims.getStringClaim("scp")));
                if (accepted.delegated().stream().noneMatch(permission -> containsIgnoreCase(scopes, permission))) {
                    throw GraphError.denied();
                }
                if (!route.delegatedDirectoryRoles().isEmpty() && !user.hasAnyRole(route.delegatedDirectoryRoles())) {
                    throw GraphError.denied();
                }
            } else {
                List<String> roles = Optional.ofNullable(claims.getStringListClaim("roles")).orElse(List.of());
                if (accepted.application().stream().noneMatch(permission -> containsIgnoreCase(roles, permission))) {
                    throw GraphError.denied();
                }
            }
        } catch (ParseException e) {
            throw new GraphError(401, "InvalidAuthenticationToken", "Access token validation failure.");
        }
    }

    private void applyFaults(HttpServerExchange exchange, String tenantId, String path) {
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
            return;
        }
        switch (failure.get().kind()) {
            case THROTTLE -> {
                exchange.getResponseHeaders().put(new HttpString("Retry-After"),
                        String.valueOf(Math.max(1, failure.get().amount().toSeconds())));
                throw new GraphError(429, "TooManyRequests",
                        "Too many requests are being made to the service. Please retry after some time.");
            }
            case SERVICE_UNAVAILABLE -> throw new GraphError(503, "serviceNotAvailable",
                    "The service is temporarily unavailable. Please try again later.");
            case GATEWAY_TIMEOUT -> throw new GraphError(504, "UnknownError", "The gateway timed out.");
            case DROP_CONNECTION -> {
                try {
                    exchange.getConnection().close();
                } catch (IOException ignored) {
                    // The connection is gone either way, which is the point.
                }
                throw new DroppedConnection();
            }
            default -> {
            }
        }
    }

    /** Raised after the connection was closed on purpose; nothing more is written. */
    public static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    // ---------------------------------------------------------------- handlers

    private void me(Call call) {
        single(call, "users/$entity", call.user.json(), USER_DEFAULT_PROPERTIES);
    }

    private void createUser(Call call) {
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
            ObjectNode json = ((ObjectNode) body.deepCopy());
            String password = json.path("passwordProfile").path("password").asText(null);
            json.remove(List.of("passwordProfile", "id"));
            json.put("id", UUID.randomUUID().toString());
            created = directory.addUser(call.tenant, json, password, List.of());
        }
        call.exchange.getResponseHeaders().put(Headers.LOCATION, graphBase.get() + "/users/" + created.id());
        ObjectNode answer = select(created.json(), null, USER_DEFAULT_PROPERTIES);
        answer.put("@odata.context", graphBase.get() + "/$metadata#users/$entity");
        Exchanges.json(call.exchange, 201, answer);
    }

    private void updateUser(Call call) {
        JsonNode body = body(call);
        synchronized (directory) {
            DirectoryUser user = user(call, call.parameter(0));
            body.fields().forEachRemaining(field -> {
                if (field.getKey().equalsIgnoreCase("passwordProfile")) {
                    directory.setPassword(user, field.getValue().path("password").asText());
                } else if (!field.getKey().equalsIgnoreCase("id")) {
                    user.json().set(field.getKey(), field.getValue());
                }
            });
            directory.touch(call.tenant, user);
        }
        noContent(call);
    }

    private void deleteUser(Call call) {
        synchronized (directory) {
            directory.deleteUser(call.tenant, user(call, call.parameter(0)));
        }
        noContent(call);
    }

    private void updateGrant(Call call) {
        JsonNode body = body(call);
        synchronized (directory) {
            ObjectNode grant = grant(call);
            if (body.has("scope")) {
                grant.put("scope", body.get("scope").asText());
            }
        }
        noContent(call);
    }

    // ---------------------------------------------------------------- OData

    private void collection(Call call, String entitySet, List<ObjectNode> items, Set<String> filterable,
            Set<String> defaultProperties, int defaultPage) {
        HttpServerExchange exchange = call.exchange;
        List<ObjectNode> result = items;
        String filter = Exchanges.query(exchange, "$filter");
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
        boolean eventual = "eventual".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("ConsistencyLevel"));
        String search = Exchanges.query(exchange, "$search");
        if (search != null) {
            if (!eventual) {
                throw new GraphError(400, "Request_UnsupportedQuery", "Request with $search query parameter only works "
                        + "through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            }
            result = result.stream().filter(searchPredicate(search)).toList();
        }
        String count = Exchanges.query(exchange, "$count");
        if ("true".equalsIgnoreCase(count) && !eventual) {
            throw new GraphError(400, "Request_BadRequest", "$count is not currently supported without the "
                    + "'ConsistencyLevel: eventual' header.");
        }
        int top = top(exchange, defaultPage);
        int offset = skip(exchange);
        ObjectNode answer = Json.object();
        answer.put("@odata.context", graphBase.get() + "/$metadata#" + entitySet);
        if ("true".equalsIgnoreCase(count)) {
            answer.put("@odata.count", result.size());
        }
        int end = Math.min(result.size(), offset + top);
        if (end < result.size()) {
            answer.put("@odata.nextLink", nextLink(exchange, end));
        }
        ArrayNode value = answer.putArray("value");
        String selection = Exchanges.query(exchange, "$select");
        for (ObjectNode item : result.subList(Math.min(offset, result.size()), end)) {
            value.add(select(item, selection, defaultProperties));
        }
        Exchanges.json(exchange, 200, answer);
    }

    private void single(Call call, String context, ObjectNode item, Set<String> defaultProperties) {
        ObjectNode answer = Json.object();
        answer.put("@odata.context", graphBase.get() + "/$metadata#" + context);
        answer.setAll(select(item, Exchanges.query(call.exchange, "$select"), defaultProperties));
        Exchanges.json(call.exchange, 200, answer);
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

    private static int top(HttpServerExchange exchange, int defaultPage) {
        String top = Exchanges.query(exchange, "$top");
        if (top == null) {
            return defaultPage;
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

    private static int skip(HttpServerExchange exchange) {
        String token = Exchanges.query(exchange, "$skiptoken");
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
            if (decoded.startsWith("offset:")) {
                return Integer.parseInt(decoded.substring("offset:".length()));
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new GraphError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no "
                + "longer be included in your request.");
    }

    private String nextLink(HttpServerExchange exchange, int offset) {
        StringBuilder link = new StringBuilder(graphBase.get())
                .append(exchange.getRelativePath().replaceFirst("(?i)^/v1\\.0", ""));
        char separator = '?';
        for (Map.Entry<String, Deque<String>> parameter : exchange.getQueryParameters().entrySet()) {
            if (parameter.getKey().equals("$skiptoken")) {
                continue;
            }
            link.append(separator).append(Exchanges.encode(parameter.getKey())).append('=')
                    .append(Exchanges.encode(parameter.getValue().getFirst()));
            separator = '&';
        }
        String token = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return link.append(separator).append("$skiptoken=").append(token).toString();
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
            return List.of(value.split("[\\s._@-]+")).stream().anyMatch(word -> word.startsWith(term))
                    || value.startsWith(term);
        };
    }

    // ---------------------------------------------------------------- lookups and answers

    private List<ObjectNode> usersJson(Tenant tenant) {
        synchronized (directory) {
            return tenant.users().stream().map(user -> (ObjectNode) user.json().deepCopy()).toList();
        }
    }

    private DirectoryUser user(Call call, String idOrUpn) {
        return call.tenant.user(idOrUpn).orElseThrow(() -> GraphError.notFound(idOrUpn));
    }

    private ObjectNode servicePrincipal(Call call, String id) {
        return call.tenant.servicePrincipals().stream().filter(sp -> sp.path("id").asText().equalsIgnoreCase(id))
                .findFirst().orElseThrow(() -> GraphError.notFound(id));
    }

    private ObjectNode servicePrincipalJson(ObjectNode sp) {
        ObjectNode json = sp.deepCopy();
        boolean graph = PermissionCatalogue.GRAPH_APP_ID.equalsIgnoreCase(sp.path("appId").asText());
        json.set("oauth2PermissionScopes", graph ? directory.catalogue().scopesJson() : Json.array());
        json.set("appRoles", graph ? directory.catalogue().appRolesJson() : Json.array());
        return json;
    }

    private ObjectNode grant(Call call) {
        return directory.permissionGrant(call.tenant, call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }

    private static List<ObjectNode> items(Tenant tenant, String path) {
        return tenant.collection(path).map(collection -> {
            List<ObjectNode> list = new ArrayList<>();
            collection.path("value").forEach(node -> list.add((ObjectNode) node.deepCopy()));
            return list;
        }).orElse(List.of());
    }

    private static JsonNode body(Call call) {
        String text = Exchanges.body(call.exchange);
        try {
            JsonNode node = Json.parse(text.isBlank() ? "{}" : text);
            if (!node.isObject()) {
                throw GraphError.badRequest("The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type "
                    + "header is set and payload is of valid JSON format.");
        }
    }

    private static void noContent(Call call) {
        call.exchange.setStatusCode(204);
        call.exchange.endExchange();
    }

    private void error(HttpServerExchange exchange, GraphError error) {
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error").put("code", error.code).put("message", error.getMessage())
                .putObject("innerError");
        inner.put("date", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace("Z", ""))
                .put("request-id", Exchanges.info(exchange).requestId);
        String clientRequestId = exchange.getRequestHeaders().getFirst("client-request-id");
        if (clientRequestId != null) {
            inner.put("client-request-id", clientRequestId);
        }
        if (error.status == 401) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"\", authorization_uri="
                    + "\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"" + PermissionCatalogue.GRAPH_APP_ID + "\"");
        }
        Exchanges.json(exchange, error.status, body);
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
