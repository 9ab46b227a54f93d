package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tenantry.emulator.http.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The resources the emulated tenants know (Microsoft Graph, Office 365 Exchange Online) with the permissions each
 * publishes as Microsoft publishes them: every delegated scope and application role with its real id, consent texts
 * and admin-consent flag; and, for Graph, which permissions each emulated endpoint accepts.
 *
 * <p>Graph's data is {@code graph-permissions.json}, derived by {@code src/build/derive-graph-permissions.py} from
 * Microsoft's permission map (the file records the source commit), plus {@code graph-permissions-supplement.json} for
 * the few endpoints the map omits (each entry names its reference page). Exchange Online's is
 * {@code exchange-permissions.json}, which records its source.
 */
public final class PermissionCatalogue {

    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    public static final String GRAPH_RESOURCE = "https://graph.microsoft.com";
    public static final String EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000";

    /** The OpenID Connect scopes; Microsoft Graph's service principal publishes them, so consent to them is on Graph. */
    public static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    /** A delegated permission, as in a service principal's {@code oauth2PermissionScopes}. */
    public record Scope(String id, String value, boolean adminConsentRequired, String adminConsentDisplayName,
            String adminConsentDescription, String userConsentDisplayName, String userConsentDescription) {
    }

    /** An application permission, as in a service principal's {@code appRoles}. */
    public record AppRole(String id, String value, String displayName, String description) {
    }

    /** The permissions a Graph endpoint accepts, as in Microsoft's permissions reference. */
    public record EndpointPermissions(String method, String path, List<String> delegated, List<String> application,
            List<String> leastDelegated, List<String> leastApplication) {
    }

    /** A resource (an API with a service principal in every tenant) and the permissions it publishes. */
    public static final class Resource {
        private final String appId;
        private final String displayName;
        private final List<String> identifierUris;
        private final Map<String, Scope> scopes;
        private final Map<String, AppRole> appRoles;

        Resource(String appId, String displayName, List<String> identifierUris, Collection<Scope> scopes,
                Collection<AppRole> appRoles) {
            this.appId = appId;
            this.displayName = displayName;
            this.identifierUris = List.copyOf(identifierUris);
            Map<String, Scope> scopeMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            scopes.forEach(scope -> scopeMap.put(scope.value(), scope));
            Map<String, AppRole> roleMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            appRoles.forEach(role -> roleMap.put(role.value(), role));
            this.scopes = Collections.unmodifiableMap(scopeMap);
            this.appRoles = Collections.unmodifiableMap(roleMap);
        }

        public String appId() {
            return appId;
        }

        public String displayName() {
            return displayName;
        }

        /** Application ID URIs; the first is the audience of the access tokens issued for this resource. */
        public List<String> identifierUris() {
            return identifierUris;
        }

        public String audience() {
            return identifierUris.get(0);
        }

        public boolean isGraph() {
            return appId.equals(GRAPH_APP_ID);
        }

        /** How a permission of this resource is written in a {@code scope} parameter or token response. */
        public String qualified(String permission) {
            return isGraph() ? permission : audience() + "/" + permission;
        }

        public Optional<Scope> scope(String value) {
            return Optional.ofNullable(scopes.get(value));
        }

        public Optional<AppRole> appRole(String value) {
            return Optional.ofNullable(appRoles.get(value));
        }

        public Optional<AppRole> appRoleById(String id) {
            return appRoles.values().stream().filter(role -> role.id().equals(id)).findFirst();
        }

        /** {@code oauth2PermissionScopes} in Graph's JSON shape. */
        public ArrayNode scopesJson() {
            ArrayNode array = Json.array();
            for (Scope scope : scopes.values()) {
                array.addObject()
                        .put("id", scope.id())
                        .put("value", scope.value())
                        .put("type", scope.adminConsentRequired() ? "Admin" : "User")
                        .put("isEnabled", true)
                        .put("adminConsentDisplayName", scope.adminConsentDisplayName())
                        .put("adminConsentDescription", scope.adminConsentDescription())
                        .put("userConsentDisplayName", scope.userConsentDisplayName())
                        .put("userConsentDescription", scope.userConsentDescription())
                        .put("origin", "Application");
            }
            return array;
        }

        /** {@code appRoles} in Graph's JSON shape. */
        public ArrayNode appRolesJson() {
            ArrayNode array = Json.array();
            for (AppRole role : appRoles.values()) {
                array.addObject()
                        .put("id", role.id())
                        .put("value", role.value())
                        .put("displayName", role.displayName())
                        .put("description", role.description())
                        .put("isEnabled", true)
                        .put("origin", "Application")
                        .putArray("allowedMemberTypes").add("Application");
            }
            return array;
        }
    }

    private final Map<String, Resource> resources;
    private final Map<String, EndpointPermissions> endpoints;
    private final JsonNode graphSource;

    private PermissionCatalogue(Map<String, Resource> resources, Map<String, EndpointPermissions> endpoints,
            JsonNode graphSource) {
        this.resources = resources;
        this.endpoints = endpoints;
        this.graphSource = graphSource;
    }

    /** Loads the catalogue from the emulator's class path. */
    public static PermissionCatalogue load() {
        JsonNode graph = data("graph-permissions.json");
        List<Scope> graphScopes = new ArrayList<>(openIdScopes());
        graph.get("oauth2PermissionScopes").forEach(node -> graphScopes.add(scope(node)));
        List<AppRole> graphRoles = new ArrayList<>();
        graph.get("appRoles").forEach(node -> graphRoles.add(appRole(node)));

        JsonNode exchange = data("exchange-permissions.json");
        List<Scope> exchangeScopes = new ArrayList<>();
        exchange.get("oauth2PermissionScopes").forEach(node -> exchangeScopes.add(scope(node)));
        List<AppRole> exchangeRoles = new ArrayList<>();
        exchange.get("appRoles").forEach(node -> exchangeRoles.add(appRole(node)));
        List<String> exchangeUris = new ArrayList<>();
        exchange.get("identifierUris").forEach(node -> exchangeUris.add(node.asText()));

        Map<String, Resource> resources = new LinkedHashMap<>();
        resources.put(GRAPH_APP_ID, new Resource(GRAPH_APP_ID, "Microsoft Graph", List.of(GRAPH_RESOURCE),
                graphScopes, graphRoles));
        resources.put(EXCHANGE_APP_ID, new Resource(EXCHANGE_APP_ID, exchange.get("displayName").asText(),
                exchangeUris, exchangeScopes, exchangeRoles));

        List<JsonNode> endpointNodes = new ArrayList<>();
        graph.get("endpoints").forEach(endpointNodes::add);
        data("graph-permissions-supplement.json").get("endpoints").forEach(endpointNodes::add);
        Map<String, EndpointPermissions> endpoints = new LinkedHashMap<>();
        for (JsonNode node : endpointNodes) {
            EndpointPermissions endpoint = new EndpointPermissions(node.get("method").asText(),
                    node.get("path").asText(), strings(node.get("delegated")), strings(node.get("application")),
                    strings(node.get("leastDelegated")), strings(node.get("leastApplication")));
            String type = node.path("objectType").asText("");
            endpoints.putIfAbsent(key(endpoint.method(), endpoint.path()) + (type.isEmpty() ? "" : "#" + type),
                    endpoint);
        }
        return new PermissionCatalogue(Collections.unmodifiableMap(resources), Collections.unmodifiableMap(endpoints),
                graph.get("source"));
    }

    public Resource graph() {
        return resources.get(GRAPH_APP_ID);
    }

    public Collection<Resource> resources() {
        return resources.values();
    }

    public Optional<Resource> resource(String appId) {
        return Optional.ofNullable(appId == null ? null : resources.get(appId.toLowerCase(Locale.ROOT)));
    }

    /** The resource an application ID URI or app id names, as the {@code scope} parameter and {@code /.default} do. */
    public Optional<Resource> resourceByIdentifier(String identifier) {
        String normalised = identifier.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        return resources.values().stream().filter(resource -> resource.appId().equals(normalised)
                || resource.identifierUris().stream().anyMatch(uri -> uri.toLowerCase(Locale.ROOT).equals(normalised)))
                .findFirst();
    }

    public Optional<EndpointPermissions> endpoint(String method, String path) {
        return Optional.ofNullable(endpoints.get(key(method, path)));
    }

    /**
     * The permissions of an endpoint for one type of the object it addresses (the reference pages of deleted items
     * list them per type, as {@code objectType} entries of the supplement), else the endpoint's own.
     */
    public Optional<EndpointPermissions> endpoint(String method, String path, String objectType) {
        EndpointPermissions typed = objectType == null ? null
                : endpoints.get(key(method, path) + "#" + objectType.toLowerCase(Locale.ROOT));
        return typed != null ? Optional.of(typed) : endpoint(method, path);
    }

    /** The object types an endpoint has permissions of its own for. */
    public List<String> objectTypes(String method, String path) {
        String prefix = key(method, path) + "#";
        return endpoints.keySet().stream().filter(key -> key.startsWith(prefix))
                .map(key -> key.substring(prefix.length())).sorted().toList();
    }

    /** The commit of Microsoft's permission map the Graph catalogue was derived from. */
    public String graphSourceCommit() {
        return graphSource.get("commit").asText();
    }

    /** Microsoft's OpenID Connect permissions on the Microsoft Graph service principal, with their real ids and texts. */
    private static List<Scope> openIdScopes() {
        return List.of(
                new Scope("37f7f235-527c-4136-accd-4a02d197296e", "openid", false, "Sign users in",
                        "Allows users to sign in to the app with their work or school accounts and allows the app to see basic user profile information.",
                        "Sign in as you", "Allows you to sign in to the app with your work or school account and allows the app to read your basic profile information."),
                new Scope("14dad69e-099b-42c9-810b-d002981feec1", "profile", false, "View users' basic profile",
                        "Allows the app to see your users' basic profile (e.g., name, picture, user name, email address)",
                        "View your basic profile", "Allows the app to see your basic profile (e.g., name, picture, user name, email address)"),
                new Scope("64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "email", false, "View users' email address",
                        "Allows the app to read your users' primary email address",
                        "View your email address", "Allows the app to read your primary email address"),
                new Scope("7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "offline_access", false,
                        "Maintain access to data you have given it access to",
                        "Allows the app to see and update the data you gave it access to, even when users are not currently using the app. This does not give the app any additional permissions.",
                        "Maintain access to data you have given it access to",
                        "Allows the app to see and update the data you gave it access to, even when you are not currently using the app. This does not give the app any additional permissions."));
    }

    private static Scope scope(JsonNode node) {
        return new Scope(node.get("id").asText(), node.get("value").asText(), "Admin".equals(node.get("type").asText()),
                node.get("adminConsentDisplayName").asText(), node.get("adminConsentDescription").asText(),
                node.get("userConsentDisplayName").asText(), node.get("userConsentDescription").asText());
    }

    private static AppRole appRole(JsonNode node) {
        return new AppRole(node.get("id").asText(), node.get("value").asText(), node.get("displayName").asText(),
                node.get("description").asText());
    }

    private static JsonNode data(String name) {
        InputStream in = PermissionCatalogue.class.getResourceAsStream("/dev/tenantry/emulator/" + name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the emulator's class path");
        }
        return Json.read(in);
    }

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path.toLowerCase(Locale.ROOT);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return List.copyOf(values);
    }
}
