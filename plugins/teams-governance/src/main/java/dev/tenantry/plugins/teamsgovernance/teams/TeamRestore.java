package dev.tenantry.plugins.teamsgovernance.teams;

import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugins.teamsgovernance.TeamsIds;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Teams deleted in the last 30 days, which Microsoft keeps as deleted Microsoft 365 groups, and their restore (the
 * group and its team come back with their content), as the tenant's integration account: Microsoft lets a Groups
 * Administrator restore a group, which the service account (a Teams Administrator) need not be.
 */
public final class TeamRestore {

    private TeamRestore() {
    }

    /** A deleted team. */
    public record Deleted(String id, String displayName, Instant deletedAt) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The deleted groups that were teams, latest first (Microsoft's first page of 999). */
    public static List<Deleted> deleted(GraphAccess graph, String tenantId) throws Exception {
        return graph.call(tenantId, TeamsIds.RESTORE_SCOPES, client -> {
            GroupCollectionResponse page = client.directory().deletedItems().graphGroup().get(request -> {
                request.queryParameters.top = 999;
                request.queryParameters.select = new String[] {"id", "displayName", "deletedDateTime",
                    "resourceProvisioningOptions"};
            });
            List<Deleted> teams = new ArrayList<>();
            for (Group group : page == null || page.getValue() == null ? List.<Group>of() : page.getValue()) {
                if (group.getResourceProvisioningOptions() != null
                        && group.getResourceProvisioningOptions().contains("Team")) {
                    teams.add(new Deleted(group.getId(), group.getDisplayName(), group.getDeletedDateTime() == null
                            ? null : group.getDeletedDateTime().toInstant()));
                }
            }
            teams.sort(java.util.Comparator.comparing(Deleted::deletedAt, java.util.Comparator.nullsLast(
                    java.util.Comparator.reverseOrder())));
            return teams;
        });
    }

    /** Restores a deleted team's group, and with it the team. */
    public static void restore(GraphAccess graph, String tenantId, String groupId) throws Exception {
        graph.call(tenantId, TeamsIds.RESTORE_SCOPES, client -> client.directory().deletedItems()
                .byDirectoryObjectId(groupId).restore().post());
    }
}
