package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tenantry.emulator.http.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Microsoft Graph's permissions as Microsoft publishes them: every delegated scope and application role with its real
 * id, consent texts and admin-consent flag, and which permissions each emulated endpoint accepts. Loaded from
 * {@code graph-permissions.json}, which {@code src/build/derive-graph-permissions.py} derives from Microsoft's
 * permission map (the file records the source commit), plus {@code graph-permissions-supplement.json} for the few
 * endpoints the map omits (each entry names the reference page it comes from).
 */
public final class PermissionCatalogue {

    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    public static final String GRAPH_RESOURCE = "https://graph.microsoft.com";

    /** The OpenID Connect scopes, which Microsoft Graph's service principal publishes too (not in the map's files). */
    public static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    /** A delegated permission, as in a service principal's {@code oauth2PermissionScopes}. */
    public record Scope(String id, String value, boolean adminConsentRequired, String adminConsentDisplayName,
            String adminConsentDescription, String userConsentDisplayName, String userConsentDescription) {
    }

    /** An application permission, as in a service principal's {@code appRoles}. */
    public record AppRole(String id, String value, String displayName, String description) {
    }

    /** The permissions an endpoint accepts, as in Microsoft's permissions reference. */
    public record EndpointPermissions(String method, String path, List<String> delegated, List<String> application,
            List<String> leastDelegated, List<String> leastApplication) {
    }

    private final Map<String, Scope> scopes;
    private final Map<String, AppRole> appRoles;
    private final Map<String, EndpointPermissions> endpoints;
    private final JsonNode source;

    private PermissionCatalogue(Map<String, Scope> scopes, Map<String, AppRole> appRoles,
            Map<String, EndpointPermissions> endpoints, JsonNode source) {
        this.scopes = scopes;
        this.appRoles = appRoles;
        this.endpoints = endpoints;
        this.source = source;
    }

    public static PermissionCatalogue graph() {
        InputStream in = PermissionCatalogue.class.getResourceAsStream("/dev/tenantry/emulator/graph-permissions.json");
        if (in == null) {
            throw new IllegalStateException("graph-permissions.json is missing from the emulator's class path");
        }
        JsonNode root = Json.read(in);
        Map<String, Scope> scopes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        openIdScopes().forEach(scope -> scopes.put(scope.value(), scope));
        for (JsonNode node : root.get("oauth2PermissionScopes")) {
            scopes.put(node.get("value").asText(), new Scope(node.get("id").asText(), node.get("value").asText(),
                    "Admin".equals(node.get("type").asText()), node.get("adminConsentDisplayName").asText(),
                    node.get("adminConsentDescription").asText(), node.get("userConsentDisplayName").asText(),
                    node.get("userConsentDescription").asText()));
        }
        Map<String, AppRole> roles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (JsonNode node : root.get("appRoles")) {
            roles.put(node.get("value").asText(), new AppRole(node.get("id").asText(), node.get("value").asText(),
                    node.get("displayName").asText(), node.get("description").asText()));
        }
        Map<String, EndpointPermissions> endpoints = new LinkedHashMap<>();
        InputStream supplement = PermissionCatalogue.class.getResourceAsStream(
                "/dev/tenantry/emulator/graph-permissions-supplement.json");
        List<JsonNode> endpointNodes = new ArrayList<>();
        root.get("endpoints").forEach(endpointNodes::add);
        if (supplement != null) {
            Json.read(supplement).get("endpoints").forEach(endpointNodes::add);
        }
        for (JsonNode node : endpointNodes) {
            EndpointPermissions endpoint = new EndpointPermissions(node.get("method").asText(),
                    node.get("path").asText(), strings(node.get("delegated")), strings(node.get("application")),
                    strings(node.get("leastDelegated")), strings(node.get("leastApplication")));
            endpoints.putIfAbsent(key(endpoint.method(), endpoint.path()), endpoint);
        }
        return new PermissionCatalogue(Collections.unmodifiableMap(scopes), Collections.unmodifiableMap(roles),
                Collections.unmodifiableMap(endpoints), root.get("source"));
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

    public Optional<Scope> scope(String value) {
        return Optional.ofNullable(scopes.get(value));
    }

    public Optional<AppRole> appRole(String value) {
        return Optional.ofNullable(appRoles.get(value));
    }

    public Optional<AppRole> appRoleById(String id) {
        return appRoles.values().stream().filter(role -> role.id().equals(id)).findFirst();
    }

    public Optional<EndpointPermissions> endpoint(String method, String path) {
        return Optional.ofNullable(endpoints.get(key(method, path)));
    }

    /** The commit of Microsoft's permission map this catalogue was derived from. */
    public String sourceCommit() {
        return source.get("commit").asText();
    }

    /** The Graph service principal's {@code oauth2PermissionScopes} in Graph's JSON shape. */
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

    /** The Graph service principal's {@code appRoles} in Graph's JSON shape. */
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

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path.toLowerCase(Locale.ROOT);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return List.copyOf(values);
    }
}
