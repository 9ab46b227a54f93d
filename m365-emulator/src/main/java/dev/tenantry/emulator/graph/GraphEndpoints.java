package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.containsIgnoreCase;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.PermissionCatalogue.EndpointPermissions;
import dev.tenantry.emulator.directory.Tenant;
import dev.tenantry.emulator.http.Exchanges;
import dev.tenantry.emulator.http.Faults;
import dev.tenantry.emulator.http.RequestLog;
import dev.tenantry.emulator.identity.Tokens;
import dev.tenantry.emulator.mail.MailStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * Microsoft Graph v1.0, the subset Tenantry uses, with Graph's conventions: bearer tokens checked like Graph checks
 * them, per-endpoint permissions from Microsoft's permissions reference ({@link PermissionCatalogue}), directory roles
 * for delegated writes, OData paging, {@code $select}, {@code $filter}, {@code $top}, {@code $count}, {@code $search},
 * delta queries, JSON {@code $batch}, and Graph's error body and {@code request-id} headers.
 *
 * <p>This class is the HTTP side: authentication, routing, the permission check, faults and {@link Batch}. The
 * endpoints are in one class per Graph area ({@link DirectoryRoutes}, {@link ServicePrincipalRoutes}, ...), composed
 * in the constructor. Every endpoint is one {@link Route} its area adds in {@code register}: its method, path template
 * (as Microsoft's reference writes it, so its permissions are found in the catalogue), the directory roles a delegated
 * caller needs, and its handler ({@link OData} helps answer). Adding an endpoint means adding a route to its area (a
 * new area is a new class, listed in the constructor) and, if it is new to the catalogue, its path to the derivation
 * script; {@link #routeListing()} shows every route with the permissions it accepts.
 */
public final class GraphEndpoints {

    /** Raised after the connection was closed on purpose; nothing more is written. */
    public static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Endpoints Microsoft's reference lists several permissions for that are needed together, not any one of them:
     * creating or updating a Conditional Access policy takes Policy.ReadWrite.ConditionalAccess and Policy.Read.All
     * ("Create conditionalAccessPolicy", "Update conditionalAccessPolicy": both listed as required), while the
     * permission map lists them, with Application.Read.All, as alternatives. Application.Read.All is asked on top only
     * when the policy names applications ({@link ConditionalAccessRoutes#requireApplicationRead}).
     */
    private static final Map<String, List<String>> ALL_REQUIRED = Map.of(
            "POST " + ConditionalAccessRoutes.POLICIES,
            List.of("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"),
            "PATCH " + ConditionalAccessRoutes.POLICIES + "/{id}",
            List.of("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"));

    private final Directory directory;
    private final Tokens tokens;
    private final Faults faults;
    private final List<Route> routes;
    private final Batch batch;

    public GraphEndpoints(Directory directory, Tokens tokens, Faults faults, RequestLog requestLog,
            Supplier<String> graphBase, Consumer<DirectoryUser> revokeSessions, MailStore mail) {
        this.directory = directory;
        this.tokens = tokens;
        this.faults = faults;
        OData odata = new OData(graphBase);
        List<Routes.Area> areas = List.of(
                new DirectoryRoutes(directory, odata, graphBase, revokeSessions),
                new DeletedItemsRoutes(directory, odata, graphBase),
                new LicenceRoutes(directory, odata, graphBase),
                new MembershipRoutes(directory, odata),
                new AuthenticationMethodRoutes(directory, odata, graphBase),
                new MailRoutes(directory, odata, mail),
                new ServicePrincipalRoutes(directory, odata),
                new ConditionalAccessRoutes(directory, odata, graphBase),
                new IdentityProtectionRoutes(directory, odata),
                new ReportsRoutes(odata),
                new SecurityRoutes(odata),
                new TeamsRoutes(directory, odata, graphBase),
                new GroupGovernanceRoutes(directory, odata, graphBase));
        Routes table = new Routes();
        areas.forEach(area -> area.register(table));
        this.routes = table.all();
        this.batch = new Batch(directory, requestLog, inner -> fault(inner.tenant.id(),
                String.valueOf(inner.claims.getClaim("appid")), inner.method, inner.path, null, inner.requestId)
                .orElseGet(() -> dispatch(inner)));
    }

    /**
     * Every route in matching order with who may call it, as the permission check reads the catalogue:
     * {@code METHOD /template  delegated: … | application: …}, then {@code | all required: …} and
     * {@code | roles: …} (the directory roles a delegated caller needs) where they apply.
     */
    public List<String> routeListing() {
        List<String> lines = new ArrayList<>();
        for (Route route : routes) {
            Optional<EndpointPermissions> accepted = directory.catalogue().endpoint(route.method(), route.template());
            StringBuilder line = new StringBuilder(route.method()).append(' ').append(route.template())
                    .append("  delegated: ").append(listed(accepted.map(EndpointPermissions::delegated)))
                    .append(" | application: ").append(listed(accepted.map(EndpointPermissions::application)));
            List<String> together = ALL_REQUIRED.get(route.method() + " " + route.template());
            if (together != null) {
                line.append(" | all required: ").append(String.join(", ", together));
            }
            for (String type : directory.catalogue().objectTypes(route.method(), route.template())) {
                Optional<EndpointPermissions> typed = directory.catalogue().endpoint(route.method(), route.template(),
                        type);
                line.append(" | ").append(type).append(": delegated: ")
                        .append(listed(typed.map(EndpointPermissions::delegated))).append("; application: ")
                        .append(listed(typed.map(EndpointPermissions::application)));
            }
            if (!route.delegatedDirectoryRoles().isEmpty()) {
                line.append(" | roles: ").append(String.join(", ", new TreeSet<>(route.delegatedDirectoryRoles())));
            }
            lines.add(line.toString());
        }
        return List.copyOf(lines);
    }

    private static String listed(Optional<List<String>> permissions) {
        return permissions.filter(list -> !list.isEmpty()).map(list -> String.join(", ", list)).orElse("none");
    }

    List<Route> routes() {
        return routes;
    }

    /**
     * Requests only Microsoft Graph's beta serves (a v1.0 request for them is refused as Graph refuses an unknown
     * segment): the sensitivity labels of Microsoft Purview Information Protection.
     */
    static final Set<String> BETA_ONLY = Set.of("/security/informationProtection/sensitivityLabels",
            "/me/security/informationProtection/sensitivityLabels",
            "/users/{id}/security/informationProtection/sensitivityLabels");

    /** Answers a request under {@code /v1.0} or {@code /beta}. */
    public void handle(HttpServerExchange exchange) {
        Exchanges.Info info = Exchanges.info(exchange);
        info.kind = "graph";
        info.requestId = UUID.randomUUID().toString();
        Map<String, String> headers = headers(exchange);
        Response response;
        try {
            JWTClaimsSet claims = authenticate(headers.get("authorization"), info);
            Tenant tenant = directory.tenant(String.valueOf(claims.getClaim("tid"))).orElseThrow(() -> new GraphError(
                    401, "InvalidAuthenticationToken", "Access token validation failure. Invalid tenant."));
            info.tenant = tenant.id();
            boolean beta = exchange.getRelativePath().toLowerCase(Locale.ROOT).startsWith("/beta");
            String path = Routes.canonicalPath(exchange.getRelativePath().replaceFirst("(?i)^/(v1\\.0|beta)", ""));
            Map<String, String> query = new LinkedHashMap<>();
            exchange.getQueryParameters().forEach((name, values) -> query.put(name, values.getFirst()));
            String method = exchange.getRequestMethod().toString();
            String body = method.equals("GET") || method.equals("DELETE") ? "" : Exchanges.body(exchange);
            Call call = new Call(method, path, query, headers, body, tenant, claims, info.requestId);
            call.beta = beta;
            Optional<Response> fault = info.refusal != null
                    ? Optional.of(throttled(info.refusal.amount(), info.requestId))
                    : fault(tenant.id(), info.appId, method, path, exchange, info.requestId);
            if (fault.isPresent()) {
                response = fault.get();
            } else if (path.equalsIgnoreCase("/$batch") && method.equals("POST")) {
                response = batch.handle(call);
            } else {
                response = dispatch(call);
            }
        } catch (GraphError error) {
            response = Response.error(error, info.requestId, headers.get("client-request-id"));
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

    private static void write(HttpServerExchange exchange, Response response, String requestId,
            String clientRequestId) {
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
                    throw new GraphError(405, "Request_BadRequest",
                            "Specified HTTP method is not allowed for the request target.");
                }
                String[] segments = call.path.replaceFirst("^/", "").split("/");
                throw new GraphError(400, "BadRequest", "Resource not found for the segment '"
                        + (segments.length == 0 ? "" : segments[segments.length - 1]) + "'.");
            }
            if (!call.beta && BETA_ONLY.contains(route.template())) {
                throw new GraphError(400, "BadRequest", "Resource not found for the segment 'informationProtection'.");
            }
            call.parameters = parameters;
            if (call.claims.getClaim("scp") != null) {
                call.user = call.tenant.user(String.valueOf(call.claims.getClaim("oid"))).orElseThrow(
                        () -> new GraphError(401, "InvalidAuthenticationToken",
                                "Access token validation failure. The user does not exist."));
            } else if (route.template().equals("/me") || route.template().startsWith("/me/")) {
                throw new GraphError(400, "BadRequest",
                        "/me request is only valid with delegated authentication flow.");
            }
            authorize(route, call);
            return route.handler().handle(call);
        } catch (GraphError error) {
            return Response.error(error, call.requestId, call.header("client-request-id"));
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
        info.scopes = Call.tokenPermissions(claims);
        return claims;
    }

    /**
     * Permission check as Graph does it: one accepted permission of the token's kind, plus roles for delegated
     * writes.
     */
    private void authorize(Route route, Call call) {
        EndpointPermissions accepted = directory.catalogue().endpoint(route.method(), route.template(),
                route.objectType().apply(call).orElse(null)).orElseThrow(GraphError::denied);
        Set<String> held = Set.copyOf(Directory.splitScopes(Call.tokenPermissions(call.claims)));
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

    private static Response throttled(Duration retryAfter, String requestId) {
        return Response.error(new GraphError(429, "TooManyRequests",
                "Too many requests are being made to the service. Please retry after some time."), requestId, null)
                .header("Retry-After", String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }

    /**
     * The failure {@link Faults} has for the request (its latency was waited out when it arrived), else the 429 of
     * Teams' service limits when they are on.
     */
    private Optional<Response> fault(String tenantId, String appId, String method, String path,
            HttpServerExchange exchange, String requestId) {
        Optional<Faults.Decision> failure = faults.failure(tenantId, appId, path);
        if (failure.isEmpty()) {
            failure = faults.teamsLimit(tenantId, appId, method, path);
        }
        if (failure.isEmpty()) {
            return Optional.empty();
        }
        return switch (failure.get().kind()) {
            case THROTTLE -> Optional.of(throttled(failure.get().amount(), requestId));
            case SERVICE_UNAVAILABLE -> Optional.of(Response.error(new GraphError(503, "serviceNotAvailable",
                    "The service is temporarily unavailable. Please try again later."), requestId, null)
                    .header("Retry-After", String.valueOf(Math.max(1, failure.get().amount().toSeconds()))));
            case GATEWAY_TIMEOUT -> Optional.of(Response.error(new GraphError(504, "UnknownError",
                    "The gateway timed out."), requestId, null));
            case DROP_CONNECTION -> {
                if (exchange == null) {
                    yield Optional.of(Response.error(new GraphError(503, "serviceNotAvailable",
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
}
