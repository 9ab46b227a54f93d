package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;
import static dev.tenantry.emulator.graph.OData.copies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.PermissionCatalogue;
import dev.tenantry.emulator.http.Json;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Service principals (each resource's with the scopes and app roles the catalogue holds for it), their app role
 * assignments, and delegated permission grants ({@code oauth2PermissionGrants}).
 */
final class ServicePrincipalRoutes implements Routes.Area {

    /**
     * Who may update or delete a delegated permission grant with delegated access: the roles "Update
     * oAuth2PermissionGrant" and "Delete oAuth2PermissionGrant" name, and Global Administrator.
     */
    static final Set<String> GRANT_WRITERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.APPLICATION_ADMINISTRATOR, DirectoryRoles.APPLICATION_DEVELOPER,
            DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR, DirectoryRoles.DIRECTORY_WRITERS,
            DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR, DirectoryRoles.USER_ADMINISTRATOR);
    /** Who may read delegated permission grants: the writers, Global Reader and Directory Readers ("List"/"Get"). */
    static final Set<String> GRANT_READERS = union(GRANT_WRITERS, Set.of(DirectoryRoles.GLOBAL_READER,
            DirectoryRoles.DIRECTORY_READERS));
    /**
     * Who may delete an app role assignment with delegated access: the roles "Delete appRoleAssignment" names, and
     * Global Administrator.
     */
    static final Set<String> ASSIGNMENT_WRITERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.DIRECTORY_SYNCHRONIZATION_ACCOUNTS, DirectoryRoles.DIRECTORY_WRITERS,
            DirectoryRoles.HYBRID_IDENTITY_ADMINISTRATOR, DirectoryRoles.IDENTITY_GOVERNANCE_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR, DirectoryRoles.USER_ADMINISTRATOR,
            DirectoryRoles.APPLICATION_ADMINISTRATOR, DirectoryRoles.CLOUD_APPLICATION_ADMINISTRATOR);
    /**
     * An app role of Microsoft Graph's (or Azure AD Graph's, not emulated) takes more: Privileged Role Administrator
     * is the least privileged role for those, as the same page says.
     */
    static final Set<String> GRAPH_ASSIGNMENT_WRITERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR);

    private final Directory directory;
    private final OData odata;

    ServicePrincipalRoutes(Directory directory, OData odata) {
        this.directory = directory;
        this.odata = odata;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/servicePrincipals", Set.of(), call -> odata.collection(call, "servicePrincipals",
                call.tenant.servicePrincipals().stream().map(this::servicePrincipalJson).toList(),
                Set.of("id", "appId", "displayName", "servicePrincipalType"), null));
        routes.add("GET", "/servicePrincipals(appId='{id}')", Set.of(), call -> odata.single(call,
                "servicePrincipals/$entity", servicePrincipalJson(byAppId(call)), null));
        routes.add("GET", "/servicePrincipals/{id}", Set.of(), call -> odata.single(call, "servicePrincipals/$entity",
                servicePrincipalJson(servicePrincipal(call, call.parameter(0))), null));
        routes.add("GET", "/servicePrincipals/{id}/appRoleAssignments", Set.of(), call -> appRoleAssignments(call,
                servicePrincipal(call, call.parameter(0))));
        // Microsoft addresses a service principal's navigation properties by its appId too ("You can address the
        // service principal using either its id or appId"), so a client that knows only the appId needs no lookup first
        routes.add("GET", "/servicePrincipals(appId='{id}')/appRoleAssignments", Set.of(), call -> appRoleAssignments(
                call, byAppId(call)));
        routes.add("GET", "/servicePrincipals(appId='{id}')/oauth2PermissionGrants", GRANT_READERS, call -> {
            String id = byAppId(call).get("id").asText();
            return odata.collection(call, "oauth2PermissionGrants", copies(call.tenant.permissionGrants().stream()
                    .filter(grant -> grant.path("clientId").asText().equals(id)).toList()),
                    Set.of("clientId", "resourceId", "consentType", "principalId"), null);
        });
        routes.add("DELETE", "/servicePrincipals/{id}/appRoleAssignments/{id}", ASSIGNMENT_WRITERS, call -> {
            String id = servicePrincipal(call, call.parameter(0)).get("id").asText();
            String graphSpId = directory.graphServicePrincipal(call.tenant).get("id").asText();
            boolean graphRole = call.tenant.appRoleAssignments().stream().anyMatch(assignment -> assignment
                    .path("id").asText().equals(call.parameter(1))
                    && assignment.path("resourceId").asText().equals(graphSpId));
            if (graphRole) {
                call.requireDirectoryRole(GRAPH_ASSIGNMENT_WRITERS);
            }
            if (!directory.deleteAppRoleAssignment(call.tenant, id, call.parameter(1))) {
                throw GraphError.notFound(call.parameter(1));
            }
            return Response.noContent();
        });
        routes.add("GET", "/oauth2PermissionGrants", GRANT_READERS, call -> odata.collection(call, "oauth2PermissionGrants",
                copies(call.tenant.permissionGrants()), Set.of("clientId", "resourceId", "consentType", "principalId"),
                null));
        routes.add("GET", "/oauth2PermissionGrants/{id}", GRANT_READERS, call -> odata.single(call,
                "oauth2PermissionGrants/$entity", grant(call), null));
        routes.add("PATCH", "/oauth2PermissionGrants/{id}", GRANT_WRITERS, this::updateGrant);
        routes.add("DELETE", "/oauth2PermissionGrants/{id}", GRANT_WRITERS, call -> {
            grant(call);
            directory.deletePermissionGrant(call.tenant, call.parameter(0));
            return Response.noContent();
        });
    }

    private static Set<String> union(Set<String> one, Set<String> other) {
        Set<String> both = new HashSet<>(one);
        both.addAll(other);
        return Set.copyOf(both);
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

    /** A service principal's app role assignments (it is the principal), as "List appRoleAssignments" answers. */
    private Response appRoleAssignments(Call call, ObjectNode servicePrincipal) {
        String id = servicePrincipal.get("id").asText();
        return odata.collection(call, "servicePrincipals('" + id + "')/appRoleAssignments", copies(call.tenant
                .appRoleAssignments().stream().filter(a -> a.path("principalId").asText().equals(id)).toList()),
                Set.of("resourceId", "appRoleId"), null);
    }

    private static ObjectNode byAppId(Call call) {
        return call.tenant.servicePrincipalByAppId(call.parameter(0))
                .orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }

    private static ObjectNode servicePrincipal(Call call, String id) {
        return call.tenant.servicePrincipals().stream().filter(sp -> sp.path("id").asText().equalsIgnoreCase(id))
                .findFirst().orElseThrow(() -> GraphError.notFound(id));
    }

    /** A service principal with the permissions its resource publishes, from the catalogue. */
    private ObjectNode servicePrincipalJson(ObjectNode sp) {
        ObjectNode json = sp.deepCopy();
        Optional<PermissionCatalogue.Resource> resource = directory.catalogue().resource(sp.path("appId").asText());
        json.set("oauth2PermissionScopes", resource.map(PermissionCatalogue.Resource::scopesJson).orElse(Json.array()));
        json.set("appRoles", resource.map(PermissionCatalogue.Resource::appRolesJson).orElse(Json.array()));
        return json;
    }

    private ObjectNode grant(Call call) {
        return directory.permissionGrant(call.tenant, call.parameter(0))
                .orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }
}
