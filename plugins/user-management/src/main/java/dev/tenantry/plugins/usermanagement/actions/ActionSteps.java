package dev.tenantry.plugins.usermanagement.actions;

import com.microsoft.graph.models.UnifiedRoleAssignment;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every action on a user shares, whichever Microsoft service it asks: the authorisation that comes first (the
 * action's portal permission in the user's tenant, the user found, and for a user holding a directory role
 * {@code user-management:manage-admins} as well), then, once Microsoft answered, the line in the user's history and
 * the audit record that comes last. It never asks Microsoft for anything but the user's directory roles.
 */
final class ActionSteps {

    static final Pattern OBJECT_ID = Pattern.compile("[0-9a-fA-F-]{36}");
    static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+");

    private final GraphAccess graph;
    private final UserStore store;
    private final History history;
    private final PluginAudit audit;
    private final PortalUser person;
    private final Clock clock;

    ActionSteps(GraphAccess graph, UserStore store, History history, PluginAudit audit, PortalUser person,
            Clock clock) {
        this.graph = graph;
        this.store = store;
        this.history = history;
        this.audit = audit;
        this.person = person;
        this.clock = clock;
    }

    /** The user an action may go on with, or why it may not: exactly one of them is present. */
    record Authorised(Optional<ManagedUser> user, Optional<UserActions.Outcome> refused) {

        static Authorised of(ManagedUser user) {
            return new Authorised(Optional.of(user), Optional.empty());
        }

        static Authorised refusing(UserActions.Outcome refused) {
            return new Authorised(Optional.empty(), Optional.of(refused));
        }
    }

    /**
     * Authorises an action before anything is asked of Microsoft.
     *
     * @param guarded   whether acting on an administrator also needs {@code manage-admins}
     * @param ofDeleted whether the action is for a deleted user (a restore), not an active one
     */
    Authorised authorise(String tenantId, String userId, String permission, boolean guarded, boolean ofDeleted) {
        if (!person.holds(permission, tenantId)) {
            return Authorised.refusing(UserActions.Outcome.refused("You may not do this in this tenant (it needs "
                    + permission + ")."));
        }
        Optional<ManagedUser> found = userId == null || !OBJECT_ID.matcher(userId).matches() ? Optional.empty()
                : store.get(tenantId, userId);
        if (found.isEmpty() || found.get().deleted() != ofDeleted) {
            return Authorised.refusing(UserActions.Outcome.refused(ofDeleted ? "No such deleted user in this tenant."
                    : "No such user in this tenant (a deleted user is restored first)."));
        }
        Optional<UserActions.Outcome> refused = guarded ? guard(tenantId, found.get()) : Optional.empty();
        return refused.map(Authorised::refusing).orElseGet(() -> Authorised.of(found.get()));
    }

    /** Records what Microsoft did: a line in the user's history, then the audit record; says it was done. */
    UserActions.Outcome done(String tenantId, ManagedUser user, String action, String scopeSet, String message) {
        history.add(tenantId, new History.Change(user.id(), clock.instant(), person.userPrincipalName(), action,
                "done", message));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("user", user.userPrincipalName());
        details.put("scopeSet", scopeSet);
        details.put("outcome", message);
        audit.record(action, tenantId, user.userPrincipalName(), details);
        return UserActions.Outcome.done(message + " for " + user.userPrincipalName());
    }

    /** Records in the user's history that Microsoft did not do it (only what was done is audited). */
    UserActions.Outcome failed(String tenantId, ManagedUser user, String action, String message) {
        history.add(tenantId, new History.Change(user.id(), clock.instant(), person.userPrincipalName(), action,
                "failed", message));
        return UserActions.Outcome.refused(message);
    }

    /**
     * What to say of Microsoft's 403 to a change: its words, and what is likely missing. The scope set was granted (the
     * host asks for consent before the call otherwise), so it is the integration account's directory role, which
     * granting consent again does not give.
     */
    static String refusal(MicrosoftRefusedException e) {
        return e.getMessage() + " The tenant's integration account may lack the directory role this needs; nothing "
                + "was changed.";
    }

    /** The outcome of a call the tenant has not granted the scope set for: its consent link, nothing recorded. */
    static UserActions.Outcome consentNeeded(String reason, String scopeSet) {
        return new UserActions.Outcome(false, "Consent is needed first: " + reason, scopeSet, "");
    }

    /**
     * Refuses, before anything is changed, to act on a user who holds a directory role unless the person holds
     * {@code user-management:manage-admins} in the tenant. The roles are read live; when they cannot be read, the
     * user counts as an administrator.
     */
    private Optional<UserActions.Outcome> guard(String tenantId, ManagedUser user) {
        if (person.holds(UserIds.MANAGE_ADMINS, tenantId)) {
            return Optional.empty();
        }
        List<String> roles;
        try {
            roles = graph.call(tenantId, UserIds.DIRECTORY_SCOPES, client -> client.roleManagement().directory()
                    .roleAssignments().get(request -> request.queryParameters.filter = "principalId eq '" + user.id()
                            + "'").getValue()).stream().map(UnifiedRoleAssignment::getRoleDefinitionId).toList();
        } catch (Exception e) {
            return Optional.of(UserActions.Outcome.refused("Whether " + user.userPrincipalName() + " holds an "
                    + "administrator role could not be read (" + e.getMessage() + "); acting on administrators needs "
                    + UserIds.MANAGE_ADMINS + "."));
        }
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        List<String> named = user.roles().isEmpty() ? List.of("a directory role") : user.roles();
        return Optional.of(UserActions.Outcome.refused(user.userPrincipalName() + " holds " + String.join(", ", named)
                + " in this tenant: acting on administrators needs " + UserIds.MANAGE_ADMINS + "."));
    }
}
