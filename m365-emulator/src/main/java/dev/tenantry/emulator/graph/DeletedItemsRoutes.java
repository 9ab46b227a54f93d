package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.DirectoryRoutes.GROUP_ADMINISTRATORS;
import static dev.tenantry.emulator.graph.DirectoryRoutes.USER_ADMINISTRATORS;
import static dev.tenantry.emulator.graph.DirectoryRoutes.USER_DEFAULT_PROPERTIES;
import static dev.tenantry.emulator.graph.DirectoryRoutes.USER_FILTERABLE;
import static dev.tenantry.emulator.graph.OData.copies;
import static dev.tenantry.emulator.graph.OData.select;
import static dev.tenantry.emulator.graph.OData.withDeletedDate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Deleted items ({@code /directory/deletedItems}): deleted users and Microsoft 365 groups, kept 30 days (on the
 * emulator's clock) before Entra deletes them for good, restored with their group memberships or deleted permanently
 * before that. Restore and permanent delete take the permissions and roles their reference pages give per type: for a
 * user the map's (User.DeleteRestore.All least) and User Administrator, for a group Group.ReadWrite.All and Groups
 * Administrator.
 */
final class DeletedItemsRoutes implements Routes.Area {

    private static final Set<String> GROUP_PURGERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.GROUPS_ADMINISTRATOR);
    /** Restoring or purging a user who held an administrator role is a sensitive action. */
    private static final Set<String> PRIVILEGED_USER_ADMINISTRATORS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);

    private final Directory directory;
    private final OData odata;
    private final Supplier<String> graphBase;

    DeletedItemsRoutes(Directory directory, OData odata, Supplier<String> graphBase) {
        this.directory = directory;
        this.odata = odata;
        this.graphBase = graphBase;
    }

    @Override
    public void register(Routes routes) {
        routes.add("GET", "/directory/deletedItems/microsoft.graph.user", Set.of(), call -> {
            List<ObjectNode> users;
            synchronized (directory) {
                directory.purgeExpired(call.tenant);
                users = call.tenant.deletedUsers().stream().map(user -> user.json().deepCopy()).toList();
            }
            return odata.collection(call, "users", users, USER_FILTERABLE, withDeletedDate(USER_DEFAULT_PROPERTIES));
        });
        routes.add("GET", "/directory/deletedItems/microsoft.graph.group", Set.of(), call -> {
            List<ObjectNode> groups;
            synchronized (directory) {
                directory.purgeExpired(call.tenant);
                groups = copies(call.tenant.deletedGroups());
            }
            return odata.collection(call, "groups", groups, Set.of("id", "displayName", "mailNickname",
                    "deletedDateTime"), null);
        });
        routes.add("POST", "/directory/deletedItems/{id}/restore", Set.of(), this::type, this::restore);
        routes.add("DELETE", "/directory/deletedItems/{id}", Set.of(), this::type, call -> {
            synchronized (directory) {
                directory.purgeExpired(call.tenant);
                String type = directory.deletedItemType(call.tenant, call.parameter(0))
                        .orElseThrow(() -> GraphError.notFound(call.parameter(0)));
                if (type.equals("user")) {
                    DirectoryUser user = call.tenant.deletedUsers().stream()
                            .filter(deleted -> deleted.id().equals(call.parameter(0))).findFirst().orElseThrow();
                    call.requireDirectoryRole(user.directoryRoles().isEmpty() ? USER_ADMINISTRATORS
                            : PRIVILEGED_USER_ADMINISTRATORS);
                } else {
                    call.requireDirectoryRole(GROUP_PURGERS);
                }
                directory.purge(call.tenant, call.parameter(0));
            }
            return Response.noContent();
        });
    }

    private Optional<String> type(Call call) {
        synchronized (directory) {
            return directory.deletedItemType(call.tenant, call.parameter(0));
        }
    }

    /**
     * Restores a user (its user principal name must still be free, else Graph's 400 for a conflicting object) or a
     * Microsoft 365 group; answers the restored object.
     */
    private Response restore(Call call) {
        ObjectNode answer = Json.object().put("@odata.context", graphBase.get()
                + "/$metadata#directoryObjects/$entity");
        synchronized (directory) {
            directory.purgeExpired(call.tenant);
            String id = call.parameter(0);
            String type = directory.deletedItemType(call.tenant, id).orElseThrow(() -> GraphError.notFound(id));
            if (type.equals("group")) {
                call.requireDirectoryRole(GROUP_ADMINISTRATORS);
                ObjectNode group = directory.restoreGroup(call.tenant, id).orElseThrow();
                answer.put("@odata.type", "#microsoft.graph.group").setAll(group.deepCopy());
                return Response.json(200, answer);
            }
            DirectoryUser deleted = call.tenant.deletedUsers().stream().filter(user -> user.id().equals(id))
                    .findFirst().orElseThrow();
            call.requireDirectoryRole(deleted.directoryRoles().isEmpty() ? USER_ADMINISTRATORS
                    : PRIVILEGED_USER_ADMINISTRATORS);
            if (call.tenant.user(deleted.userPrincipalName()).isPresent()) {
                throw GraphError.badRequest("A conflicting object with one or more of the specified property values "
                        + "is present in the directory.");
            }
            DirectoryUser restored = directory.restoreUser(call.tenant, id).orElseThrow();
            answer.put("@odata.type", "#microsoft.graph.user");
            answer.setAll(select(restored.json(), null, USER_DEFAULT_PROPERTIES));
        }
        return Response.json(200, answer);
    }
}
