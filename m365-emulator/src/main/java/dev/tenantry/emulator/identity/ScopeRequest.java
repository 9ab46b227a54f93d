package dev.tenantry.emulator.identity;

import dev.tenantry.emulator.directory.Application;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code scope} parameter understood the way the v2.0 endpoint does: OpenID scopes, and permissions of exactly one
 * resource, named {@code <resource>/<permission>} or bare (bare names mean Microsoft Graph); {@code <resource>/.default}
 * stands for the permissions the app registration lists for that resource.
 *
 * @param openId  the OpenID Connect scopes asked for
 * @param scopes  delegated permissions of the resource (OpenID scopes included, as Graph publishes them)
 * @param roles   application permissions, only from {@code .default} in admin consent
 */
record ScopeRequest(Set<String> openId, Set<String> scopes, Set<String> roles, String asRequested) {

    static ScopeRequest parse(String scope, PermissionCatalogue catalogue, Application client) {
        Set<String> openId = new LinkedHashSet<>();
        Set<String> scopes = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        Set<String> resources = new LinkedHashSet<>();
        for (String value : Directory.splitScopes(scope)) {
            if (PermissionCatalogue.OPENID_SCOPES.contains(value.toLowerCase(Locale.ROOT))) {
                openId.add(value.toLowerCase(Locale.ROOT));
                scopes.add(value.toLowerCase(Locale.ROOT));
                continue;
            }
            int slash = value.lastIndexOf('/');
            String resource = slash < 0 ? PermissionCatalogue.GRAPH_APP_ID : resourceOf(value.substring(0, slash));
            String name = slash < 0 ? value : value.substring(slash + 1);
            resources.add(resource);
            if (name.equals(".default")) {
                Application.RequiredAccess listed = client.requiredResourceAccess().get(resource);
                if (listed != null) {
                    scopes.addAll(listed.scopes());
                    roles.addAll(listed.roles());
                }
                continue;
            }
            PermissionCatalogue.Scope known = catalogue.scope(name).orElseThrow(() -> new OAuthError(400,
                    "invalid_client", 650053, "The application '" + client.displayName() + "' asked for scope '" + name
                            + "' that doesn't exist on the resource '" + resource + "'. Contact the app vendor."));
            scopes.add(known.value());
        }
        if (resources.size() > 1) {
            throw new OAuthError(400, "invalid_scope", 28000, "Provided value for the input parameter scope is not "
                    + "valid because it contains more than one resource. Scope " + scope + " is not valid.");
        }
        return new ScopeRequest(openId, scopes, roles, scope);
    }

    /** The resource app id of a resource identifier (application ID URI or app id). */
    static String resourceOf(String identifier) {
        String normalised = identifier.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (normalised.equals(PermissionCatalogue.GRAPH_RESOURCE) || normalised.equals(PermissionCatalogue.GRAPH_APP_ID)) {
            return PermissionCatalogue.GRAPH_APP_ID;
        }
        throw new OAuthError(400, "invalid_resource", 500011, "The resource principal named " + identifier
                + " was not found in the tenant. This can happen if the application has not been installed by the "
                + "administrator of the tenant or consented to by any user in the tenant.");
    }
}
