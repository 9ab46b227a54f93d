package dev.tenantry.emulator.graph;

import static dev.tenantry.emulator.graph.OData.body;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.emulator.directory.Directory;
import dev.tenantry.emulator.directory.DirectoryRoles;
import dev.tenantry.emulator.directory.DirectoryUser;
import dev.tenantry.emulator.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Group membership by reference ({@code POST /groups/{id}/members/$ref}, {@code DELETE
 * /groups/{id}/members/{id}/$ref}) and a user's {@code memberOf} (groups and directory roles). As "Add members"
 * documents it, a delegated caller changing a group's members is one of its owners or holds a role that manages
 * groups (Exchange and Teams Administrators only Microsoft 365 groups); a role-assignable group takes, on top,
 * RoleManagement.ReadWrite.Directory and, delegated, Privileged Role Administrator. Membership changes are not changes
 * of the user for {@code /users/delta}, as in Graph.
 */
final class MembershipRoutes implements Routes.Area {

    private static final Set<String> MEMBER_MANAGERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.GROUPS_ADMINISTRATOR, DirectoryRoles.USER_ADMINISTRATOR, DirectoryRoles.DIRECTORY_WRITERS,
            DirectoryRoles.IDENTITY_GOVERNANCE_ADMINISTRATOR);
    private static final Set<String> UNIFIED_MEMBER_MANAGERS = Set.of(DirectoryRoles.EXCHANGE_ADMINISTRATOR,
            DirectoryRoles.TEAMS_ADMINISTRATOR);
    private static final Set<String> ROLE_GROUP_MANAGERS = Set.of(DirectoryRoles.GLOBAL_ADMINISTRATOR,
            DirectoryRoles.PRIVILEGED_ROLE_ADMINISTRATOR);
    private static final Pattern REFERENCE = Pattern.compile("(?i)/(?:directoryObjects|users)/([^/?]+)$");

    private final Directory directory;
    private final OData odata;

    MembershipRoutes(Directory directory, OData odata) {
        this.directory = directory;
        this.odata = odata;
    }

    @Override
    public void register(Routes routes) {
        routes.add("POST", "/groups/{id}/members/$ref", Set.of(), call -> {
            String reference = body(call).path("@odata.id").asText("");
            Matcher matcher = REFERENCE.matcher(reference);
            if (!matcher.find()) {
                throw GraphError.badRequest("Invalid URL format specified in @odata.id for members.");
            }
            synchronized (directory) {
                ObjectNode group = group(call);
                requireMemberManager(call, group);
                DirectoryUser member = call.tenant.user(matcher.group(1))
                        .orElseThrow(() -> GraphError.notFound(matcher.group(1)));
                if (!directory.addGroupMember(call.tenant, call.parameter(0), member.id())) {
                    throw GraphError.badRequest("One or more added object references already exist for the following "
                            + "modified properties: 'members'.");
                }
            }
            return Response.noContent();
        });
        routes.add("DELETE", "/groups/{id}/members/{id}/$ref", Set.of(), call -> {
            synchronized (directory) {
                ObjectNode group = group(call);
                requireMemberManager(call, group);
                if (!directory.removeGroupMember(call.tenant, call.parameter(0), call.parameter(1))) {
                    throw GraphError.notFound(call.parameter(1));
                }
            }
            return Response.noContent();
        });
        routes.add("GET", "/me/memberOf", Set.of(), call -> memberOf(call, call.user));
        routes.add("GET", "/users/{id}/memberOf", Set.of(), call -> {
            DirectoryUser user;
            synchronized (directory) {
                user = call.tenant.user(call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
                call.requireSelfUnlessAll(user, directory.catalogue().endpoint("GET", "/users/{id}/memberOf")
                        .orElseThrow().delegated());
            }
            return memberOf(call, user);
        });
    }

    /** The groups and directory roles {@code user} is a direct member of. */
    private Response memberOf(Call call, DirectoryUser user) {
        List<ObjectNode> memberships = new ArrayList<>();
        synchronized (directory) {
            for (String groupId : directory.groupsOf(call.tenant, user)) {
                call.tenant.group(groupId).ifPresent(group -> memberships.add(Json.object()
                        .put("@odata.type", "#microsoft.graph.group").setAll(group.deepCopy())));
            }
            for (String role : user.directoryRoles()) {
                DirectoryRoles.templateId(role).ifPresent(template -> memberships.add(Json.object()
                        .put("@odata.type", "#microsoft.graph.directoryRole")
                        .put("id", Directory.stableId(call.tenant.id(), "directoryRole", template))
                        .put("displayName", role).put("description", role).put("roleTemplateId", template)));
            }
        }
        return odata.collection(call, "directoryObjects", memberships, Set.of("id", "displayName"), null);
    }

    private static ObjectNode group(Call call) {
        return call.tenant.group(call.parameter(0)).orElseThrow(() -> GraphError.notFound(call.parameter(0)));
    }

    private static void requireMemberManager(Call call, ObjectNode group) {
        if (group.path("isAssignableToRole").asBoolean(false)) {
            if (!call.holds("RoleManagement.ReadWrite.Directory")) {
                throw GraphError.denied();
            }
            call.requireDirectoryRole(ROLE_GROUP_MANAGERS);
            return;
        }
        if (call.user == null || call.tenant.groupOwners(group.path("id").asText()).contains(call.user.id())) {
            return;
        }
        Set<String> roles = new LinkedHashSet<>(MEMBER_MANAGERS);
        if (Directory.isUnified(group)) {
            roles.addAll(UNIFIED_MEMBER_MANAGERS);
        }
        call.requireDirectoryRole(roles);
    }
}
