package dev.tenantry.plugins.usermanagement.actions;

import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Microsoft 365 groups deleted and restored within Microsoft's 30 days (a deleted security group is gone at once, so
 * only Microsoft 365 groups are offered): found by the start of their name (the directory scope set), deleted and
 * restored with the group lifecycle scope set; authorised first ({@code user-management:delete} in the tenant),
 * audited last. Nothing throws for what staff can correct or Microsoft refuses: the {@link UserActions.Outcome} says it.
 */
public final class GroupLifecycle {

    /** The most groups a search or the deleted list shows. */
    public static final int SHOWN = 50;

    private final GraphAccess graph;
    private final PluginAudit audit;
    private final PortalUser person;

    public GroupLifecycle(GraphAccess graph, PluginAudit audit, PortalUser person) {
        this.graph = graph;
        this.audit = audit;
        this.person = person;
    }

    /** A Microsoft 365 group as the page lists it. */
    public record M365Group(String id, String displayName, String mail, Instant deletedAt) implements Serializable {
    }

    /** What a read came to: the groups, or why they could not be read (and the scope set to grant, if that is why). */
    public record Found(List<M365Group> groups, String problem, String consentScopeSet) implements Serializable {
    }

    /** The tenant's Microsoft 365 groups whose name starts with {@code text}. */
    public Found search(String tenantId, String text) {
        String prefix = text == null ? "" : text.strip().replace("'", "''");
        if (!person.holds(UserIds.DELETE, tenantId)) {
            return new Found(List.of(), "You may not delete groups in this tenant.", "");
        }
        return read(tenantId, UserIds.DIRECTORY_SCOPES, () -> graph.call(tenantId, UserIds.DIRECTORY_SCOPES,
                client -> client.groups().get(request -> {
                    if (!prefix.isEmpty()) {
                        request.queryParameters.filter = "startswith(displayName,'" + prefix + "')";
                    }
                    request.queryParameters.select = new String[] {"id", "displayName", "mail", "groupTypes"};
                    request.queryParameters.top = 999;
                })));
    }

    /** The Microsoft 365 groups deleted in the last 30 days. */
    public Found deleted(String tenantId) {
        if (!person.holds(UserIds.DELETE, tenantId)) {
            return new Found(List.of(), "You may not restore groups in this tenant.", "");
        }
        return read(tenantId, UserIds.GROUP_LIFECYCLE_SCOPES, () -> graph.call(tenantId,
                UserIds.GROUP_LIFECYCLE_SCOPES, client -> client.directory().deletedItems().graphGroup().get(
                        request -> request.queryParameters.top = 999)));
    }

    @FunctionalInterface
    private interface Read {
        GroupCollectionResponse get() throws Exception;
    }

    private static Found read(String tenantId, String scopeSet, Read read) {
        try {
            GroupCollectionResponse page = read.get();
            List<M365Group> groups = new ArrayList<>();
            for (Group group : page == null || page.getValue() == null ? List.<Group>of() : page.getValue()) {
                if (unified(group) && groups.size() < SHOWN) {
                    groups.add(new M365Group(group.getId(), group.getDisplayName(), group.getMail(),
                            group.getDeletedDateTime() == null ? null : group.getDeletedDateTime().toInstant()));
                }
            }
            return new Found(groups, "", "");
        } catch (ConsentRequiredException e) {
            return new Found(List.of(), e.getMessage(), scopeSet);
        } catch (Exception e) {
            return new Found(List.of(), said(e), "");
        }
    }

    /** Deletes a Microsoft 365 group; Microsoft keeps it 30 days. */
    public UserActions.Outcome delete(String tenantId, String groupId, String name) {
        return change(tenantId, groupId, name, "delete-group", client -> {
            Group group = client.groups().byGroupId(groupId).get(request -> request.queryParameters.select =
                    new String[] {"id", "groupTypes"});
            if (!unified(group)) {
                return "Only Microsoft 365 groups are deleted here: a deleted security group cannot be restored";
            }
            client.groups().byGroupId(groupId).delete();
            return null;
        }, "Group deleted (restorable for 30 days): ");
    }

    /** Restores a deleted Microsoft 365 group. */
    public UserActions.Outcome restore(String tenantId, String groupId, String name) {
        return change(tenantId, groupId, name, "restore-group", client -> {
            DirectoryObject restored = client.directory().deletedItems().byDirectoryObjectId(groupId).restore().post();
            return restored == null ? "Microsoft restored nothing" : null;
        }, "Group restored: ");
    }

    @FunctionalInterface
    private interface Change {
        /** Returns why it was not done, or null when it was. */
        String apply(com.microsoft.graph.serviceclient.GraphServiceClient client) throws Exception;
    }

    private UserActions.Outcome change(String tenantId, String groupId, String name, String action, Change change,
            String done) {
        if (!person.holds(UserIds.DELETE, tenantId)) {
            return UserActions.Outcome.refused("You may not do this in this tenant (it needs " + UserIds.DELETE + ").");
        }
        if (groupId == null || !UserActions.OBJECT_ID.matcher(groupId).matches()) {
            return UserActions.Outcome.refused("No such group.");
        }
        try {
            String refused = graph.call(tenantId, UserIds.GROUP_LIFECYCLE_SCOPES, MicrosoftRefusedException.caught(
                    change::apply));
            if (refused != null) {
                return UserActions.Outcome.refused(refused);
            }
            audit.record(action, tenantId, name, Map.of("group", groupId));
            return new UserActions.Outcome(true, done + name, "", "");
        } catch (ConsentRequiredException e) {
            return new UserActions.Outcome(false, "Consent is needed first: " + e.getMessage(),
                    UserIds.GROUP_LIFECYCLE_SCOPES, "");
        } catch (MicrosoftRefusedException e) {
            return UserActions.Outcome.refused(ActionSteps.refusal(e));
        } catch (Exception e) {
            return UserActions.Outcome.refused(said(e));
        }
    }

    private static boolean unified(Group group) {
        return group != null && group.getGroupTypes() != null && group.getGroupTypes().contains("Unified");
    }

    private static String said(Exception e) {
        if (e instanceof GraphUnavailableException) {
            return "Microsoft Graph is unavailable now; nothing was changed. Try again in a minute.";
        }
        if (e instanceof ODataError error) {
            return "Microsoft refused (HTTP " + error.getResponseStatusCode() + "): " + (error.getError() == null
                    ? error.getMessage() : error.getError().getMessage());
        }
        return "It could not be done: " + e.getMessage();
    }
}
