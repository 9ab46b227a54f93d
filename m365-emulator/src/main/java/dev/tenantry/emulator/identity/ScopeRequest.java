package dev.tenantry.emulator.identity;

import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.directory.PermissionCatalogue.Resource;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code scope} parameter understood the way the v2.0 endpoint does: OpenID scopes, and permissions named
 * {@code <application ID URI>/<permission>} or bare (bare names mean Microsoft Graph); {@code <resource>/.default}
 * stands for the permissions the app registration lists for that resource. {@code /authorize} accepts permissions of
 * several resources (to consent to them in one go); the token endpoint issues a token for one resource only
 * ({@link #requireSingleResource()}).
 *
 * @param resource  the first resource named (Microsoft Graph when only OpenID scopes are asked for): the token's
 * @param openId    the OpenID Connect scopes asked for; they are Microsoft Graph permissions
 * @param delegated delegated permissions by resource app id, OpenID scopes excluded
 * @param roles     application permissions of {@code resource}, only from {@code .default} in admin consent
 */
record ScopeRequest(Resource resource, Set<String> openId, Map<String, Set<String>> delegated, Set<String> roles,
        String asRequested) {

    static ScopeRequest parse(String scope, PermissionCatalogue catalogue, Application client) {
        Set<String> openId = new LinkedHashSet<>();
        Map<String, Set<String>> delegated = new LinkedHashMap<>();
        Set<String> roles = new LinkedHashSet<>();
        Resource first = null;
        for (String value : Directory.splitScopes(scope)) {
            if (isOpenId(value)) {
                openId.add(value.toLowerCase(Locale.ROOT));
                continue;
            }
            int slash = value.lastIndexOf('/');
            Resource resource = slash < 0 ? catalogue.graph() : resourceOf(value.substring(0, slash), catalogue);
            String name = slash < 0 ? value : value.substring(slash + 1);
            first = first == null ? resource : first;
            Set<String> permissions = delegated.computeIfAbsent(resource.appId(), key -> new LinkedHashSet<>());
            if (name.equals(".default")) {
                Application.RequiredAccess listed = client.requiredResourceAccess().get(resource.appId());
                if (listed != null) {
                    for (String permission : listed.scopes()) {
                        // Registrations list the OpenID scopes among Graph's permissions.
                        if (isOpenId(permission)) {
                            openId.add(permission.toLowerCase(Locale.ROOT));
                        } else {
                            permissions.add(permission);
                        }
                    }
                    roles.addAll(listed.roles());
                }
                continue;
            }
            PermissionCatalogue.Scope known = resource.scope(name).orElseThrow(() -> new OAuthError(400,
                    "invalid_client", 650053, "The application '" + client.displayName() + "' asked for scope '" + name
                            + "' that doesn't exist on the resource '" + resource.appId() + "'. Contact the app vendor."));
            permissions.add(known.value());
        }
        delegated.values().removeIf(Set::isEmpty);
        return new ScopeRequest(first == null ? catalogue.graph() : first, openId, delegated, roles, scope);
    }

    /** Delegated permissions of {@link #resource()}, the resource a token is for. */
    Set<String> scopes() {
        return delegated.getOrDefault(resource.appId(), Set.of());
    }

    /** As the token endpoint requires: one resource per access token. */
    ScopeRequest requireSingleResource() {
        if (delegated.size() > 1) {
            throw new OAuthError(400, "invalid_scope", 28000, "Provided value for the input parameter scope is not "
                    + "valid because it contains more than one resource. Scope " + asRequested + " is not valid.");
        }
        return this;
    }

    /** Every delegated permission asked for, by resource app id, the OpenID scopes counted as Microsoft Graph's. */
    Map<String, Set<String>> delegatedByResource() {
        Map<String, Set<String>> byResource = new LinkedHashMap<>();
        if (!openId.isEmpty()) {
            byResource.computeIfAbsent(PermissionCatalogue.GRAPH_APP_ID, key -> new LinkedHashSet<>()).addAll(openId);
        }
        delegated.forEach((resource, permissions) ->
                byResource.computeIfAbsent(resource, key -> new LinkedHashSet<>()).addAll(permissions));
        return byResource;
    }

    /** The resource an application ID URI or app id names. */
    static Resource resourceOf(String identifier, PermissionCatalogue catalogue) {
        return catalogue.resourceByIdentifier(identifier).orElseThrow(() -> new OAuthError(400, "invalid_resource",
                500011, "The resource principal named " + identifier + " was not found in the tenant. This can happen "
                        + "if the application has not been installed by the administrator of the tenant or consented "
                        + "to by any user in the tenant."));
    }

    private static boolean isOpenId(String value) {
        return PermissionCatalogue.OPENID_SCOPES.contains(value.toLowerCase(Locale.ROOT));
    }
}
