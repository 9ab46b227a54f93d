package dev.tenantry.plugins.usermanagement.actions;

import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugins.usermanagement.UserIds;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a member of staff does to one user, each action the same way: <em>authorise first</em> (the action's portal
 * permission in the user's tenant, and {@code user-management:manage-admins} as well when the user holds a directory
 * role, read live from Microsoft so a role granted since the last sync counts), then Microsoft with the action's own
 * scope set only, then the stored user brought up to date, a line in the user's history, and <em>audit last</em>.
 * Nothing here throws for what staff can correct or Microsoft refuses: the {@link Outcome} says it, with the scope set
 * to grant when consent is missing. A password is never stored, logged, audited or put in the history.
 */
public final class UserActions {

    static final Pattern OBJECT_ID = ActionSteps.OBJECT_ID;
    static final Pattern ADDRESS = ActionSteps.ADDRESS;

    private final GraphAccess graph;
    private final UserStore store;
    private final History history;
    private final PluginAudit audit;
    private final PortalUser person;
    private final Clock clock;
    private final ActionSteps steps;
    private final PasswordMailer mailer;

    /** Actions that mail no password through Tenantry's mail server (a job's work); the rest is the same. */
    public UserActions(GraphAccess graph, UserStore store, History history, PluginAudit audit, PortalUser person,
            Clock clock) {
        this(graph, null, store, history, audit, person, clock);
    }

    /** Actions that may mail a new password through Tenantry's mail server ({@code notifications}) too. */
    public UserActions(GraphAccess graph, PluginNotifications notifications, UserStore store, History history,
            PluginAudit audit, PortalUser person, Clock clock) {
        this.graph = graph;
        this.store = store;
        this.history = history;
        this.audit = audit;
        this.person = person;
        this.clock = clock;
        this.steps = new ActionSteps(graph, store, history, audit, person, clock);
        this.mailer = new PasswordMailer(graph, notifications, history, audit, person, clock);
    }

    /**
     * What an action came to.
     *
     * @param done            whether Microsoft made the change
     * @param message         what to tell the member of staff
     * @param consentScopeSet the scope set to grant for it to work; empty otherwise
     * @param password        the new password of a reset, to show once; empty otherwise
     */
    public record Outcome(boolean done, String message, String consentScopeSet, String password) {

        static Outcome done(String message) {
            return new Outcome(true, message, "", "");
        }

        static Outcome refused(String message) {
            return new Outcome(false, message, "", "");
        }
    }

    /**
     * Sets a new generated password that the user must change at the next sign-in, and mails it to {@code mailTo}
     * (when given) by {@code route}: from the tenant's integration account, which needs its scope set granted first,
     * or through Tenantry's mail server, which needs none.
     */
    public Outcome resetPassword(String tenantId, String userId, String mailTo, MailRoute route) {
        String to = mailTo == null ? "" : mailTo.strip();
        MailRoute how = route == null ? MailRoute.INTEGRATION_ACCOUNT : route;
        if (!to.isEmpty() && !ADDRESS.matcher(to).matches()) {
            return Outcome.refused("'" + to + "' is not a mail address; nothing was changed.");
        }
        if (!to.isEmpty() && mailer.unavailable(how).isPresent()) {
            return Outcome.refused(mailer.unavailable(how).get() + "; nothing was changed.");
        }
        if (!to.isEmpty() && how == MailRoute.INTEGRATION_ACCOUNT && person.holds(UserIds.RESET_PASSWORD, tenantId)
                && !graph.consent(tenantId, UserIds.MAIL_SCOPES).granted()) {
            // Asked first, so that a reset never happens with a mail that cannot go
            return new Outcome(false, "Mailing the new password needs the scope set " + UserIds.MAIL_SCOPES
                    + " (Mail.Send) granted first, or choose Tenantry's mail server; nothing was changed.",
                    UserIds.MAIL_SCOPES, "");
        }
        String password = Passwords.generate();
        Outcome outcome = act(tenantId, userId, UserIds.RESET_PASSWORD, "reset-password", UserIds.PASSWORD_SCOPES,
                (client, user, says) -> {
                    PasswordProfile profile = new PasswordProfile();
                    profile.setPassword(password);
                    profile.setForceChangePasswordNextSignIn(true);
                    User change = new User();
                    change.setPasswordProfile(profile);
                    client.users().byUserId(user.id()).patch(change);
                    return user;
                }, "Password reset; " + "it must be changed at the next sign-in");
        if (!outcome.done()) {
            return outcome;
        }
        String message = outcome.message();
        if (!to.isEmpty()) {
            message = message + ". " + mailer.mail(tenantId, store.get(tenantId, userId).orElseThrow(), to, password,
                    how, false);
        }
        return new Outcome(true, message, "", password);
    }

    /** Allows or blocks the user's sign-in. */
    public Outcome setSignIn(String tenantId, String userId, boolean allowed) {
        return act(tenantId, userId, UserIds.SIGN_IN, allowed ? "unblock-sign-in" : "block-sign-in",
                UserIds.SIGN_IN_BLOCK_SCOPES, (client, user, says) -> {
                    User change = new User();
                    change.setAccountEnabled(allowed);
                    client.users().byUserId(user.id()).patch(change);
                    return withSignIn(user, allowed);
                }, allowed ? "Sign-in allowed" : "Sign-in blocked");
    }

    /** Ends the user's sessions: refresh tokens and session cookies stop working (access tokens live out their hour). */
    public Outcome revokeSessions(String tenantId, String userId) {
        return act(tenantId, userId, UserIds.SIGN_IN, "revoke-sessions", UserIds.SESSION_SCOPES, (client, user, says) -> {
            client.users().byUserId(user.id()).revokeSignInSessions().post();
            return user;
        }, "Sessions revoked");
    }

    /**
     * Assigns a licence of the tenant's subscriptions, once it is known to have a free one and the user a usage location
     * (Microsoft refuses a licence to a user without one: CIPP's most common failure, said before Microsoft is asked).
     */
    public Outcome assignLicence(String tenantId, String userId, String skuId) {
        Optional<UserStore.Subscription> sku = store.subscriptions(tenantId).skus().stream()
                .filter(one -> one.skuId().equalsIgnoreCase(skuId == null ? "" : skuId)).findFirst();
        if (sku.isEmpty()) {
            return Outcome.refused("The tenant has no such subscription (sync it to see its licences).");
        }
        Optional<ManagedUser> found = store.get(tenantId, userId == null ? "" : userId);
        if (found.isPresent() && (found.get().usageLocation() == null || found.get().usageLocation().isBlank())) {
            return Outcome.refused(found.get().userPrincipalName() + " has no usage location: Microsoft assigns "
                    + "licences only to users with one. Set it first; nothing was changed.");
        }
        if (found.isPresent() && found.get().licences().stream().anyMatch(held -> held.skuId().equalsIgnoreCase(
                skuId))) {
            return Outcome.refused(found.get().userPrincipalName() + " holds " + sku.get().name() + " already.");
        }
        if (sku.get().available() <= 0) {
            return Outcome.refused("No " + sku.get().name() + " licence is free (" + sku.get().consumed() + " of "
                    + sku.get().enabled() + " assigned); nothing was changed.");
        }
        return act(tenantId, userId, UserIds.LICENCES, "assign-licence", UserIds.LICENCE_SCOPES, false, false,
                (client, user, says) -> {
                    com.microsoft.graph.users.item.assignlicense.AssignLicensePostRequestBody body =
                            new com.microsoft.graph.users.item.assignlicense.AssignLicensePostRequestBody();
                    com.microsoft.graph.models.AssignedLicense licence = new com.microsoft.graph.models
                            .AssignedLicense();
                    licence.setSkuId(java.util.UUID.fromString(sku.get().skuId()));
                    licence.setDisabledPlans(List.of());
                    body.setAddLicenses(List.of(licence));
                    body.setRemoveLicenses(List.of());
                    client.users().byUserId(user.id()).assignLicense().post(body);
                    store.consumed(tenantId, sku.get().skuId(), 1);
                    List<ManagedUser.Licence> held = new java.util.ArrayList<>(user.licences());
                    held.add(new ManagedUser.Licence(sku.get().skuId(), sku.get().name()));
                    return user.withLicences(held);
                }, "Licence assigned: " + sku.get().name());
    }

    /** Removes a licence the user holds. */
    public Outcome removeLicence(String tenantId, String userId, String skuId) {
        return act(tenantId, userId, UserIds.LICENCES, "remove-licence", UserIds.LICENCE_SCOPES, false, false,
                (client, user, says) -> {
                    ManagedUser.Licence held = user.licences().stream().filter(one -> one.skuId()
                            .equalsIgnoreCase(skuId == null ? "" : skuId)).findFirst().orElseThrow(
                                    () -> new IllegalArgumentException("the user does not hold this licence"));
                    com.microsoft.graph.users.item.assignlicense.AssignLicensePostRequestBody body =
                            new com.microsoft.graph.users.item.assignlicense.AssignLicensePostRequestBody();
                    body.setAddLicenses(List.of());
                    body.setRemoveLicenses(List.of(java.util.UUID.fromString(held.skuId())));
                    client.users().byUserId(user.id()).assignLicense().post(body);
                    store.consumed(tenantId, held.skuId(), -1);
                    says.accept("Licence removed: " + held.name());
                    return user.withLicences(user.licences().stream().filter(one -> one != held).toList());
                }, "Licence removed");
    }

    /** Adds the user to a group (its id and, for the history, its name). */
    public Outcome addToGroup(String tenantId, String userId, String groupId, String groupName) {
        if (groupId == null || !OBJECT_ID.matcher(groupId).matches()) {
            return Outcome.refused("Choose a group first.");
        }
        return act(tenantId, userId, UserIds.GROUPS, "add-to-group", UserIds.GROUP_SCOPES, false, false,
                (client, user, says) -> {
                    com.microsoft.graph.models.ReferenceCreate member = new com.microsoft.graph.models
                            .ReferenceCreate();
                    member.setOdataId(client.getRequestAdapter().getBaseUrl() + "/directoryObjects/" + user.id());
                    client.groups().byGroupId(groupId).members().ref().post(member);
                    return user;
                }, "Added to " + name(groupName, groupId));
    }

    /** Removes the user from a group. */
    public Outcome removeFromGroup(String tenantId, String userId, String groupId, String groupName) {
        if (groupId == null || !OBJECT_ID.matcher(groupId).matches()) {
            return Outcome.refused("No such group.");
        }
        return act(tenantId, userId, UserIds.GROUPS, "remove-from-group", UserIds.GROUP_SCOPES, false, false,
                (client, user, says) -> {
                    client.groups().byGroupId(groupId).members().byDirectoryObjectId(user.id()).ref().delete();
                    return user;
                }, "Removed from " + name(groupName, groupId));
    }

    /**
     * Resets MFA: removes every authentication method but the password, so the user registers again at the next
     * sign-in (the default method last, as Microsoft requires).
     */
    public Outcome resetMfa(String tenantId, String userId) {
        return act(tenantId, userId, UserIds.MFA, "reset-mfa", UserIds.METHOD_SCOPES, (client, user, says) -> {
            List<com.microsoft.graph.models.AuthenticationMethod> methods = client.users().byUserId(user.id())
                    .authentication().methods().get().getValue();
            List<com.microsoft.graph.models.AuthenticationMethod> again = new java.util.ArrayList<>();
            List<String> removed = new java.util.ArrayList<>();
            for (com.microsoft.graph.models.AuthenticationMethod method : methods == null
                    ? List.<com.microsoft.graph.models.AuthenticationMethod>of() : methods) {
                String kind = AuthenticationMethods.kind(method);
                if (kind == null || kind.equals(AuthenticationMethods.PASSWORD)) {
                    continue;
                }
                try {
                    AuthenticationMethods.delete(client, user.id(), method);
                    removed.add(kind);
                } catch (ODataError e) {
                    if (e.getResponseStatusCode() != 400) {
                        throw e;
                    }
                    again.add(method);
                }
            }
            for (com.microsoft.graph.models.AuthenticationMethod method : again) {
                AuthenticationMethods.delete(client, user.id(), method);
                removed.add(AuthenticationMethods.kind(method));
            }
            says.accept(removed.isEmpty() ? "MFA reset: no method to remove" : "MFA reset: removed "
                    + String.join(", ", removed));
            return user.withRegistration(false, List.of());
        }, "MFA reset");
    }

    /** Issues a Temporary Access Pass, valid an hour and usable more than once, shown once. */
    public Outcome temporaryAccessPass(String tenantId, String userId) {
        String[] pass = {""};
        Outcome outcome = act(tenantId, userId, UserIds.MFA, "temporary-access-pass", UserIds.TAP_SCOPES,
                (client, user, says) -> {
                    com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod asked =
                            new com.microsoft.graph.models.TemporaryAccessPassAuthenticationMethod();
                    asked.setLifetimeInMinutes(60);
                    asked.setIsUsableOnce(false);
                    pass[0] = client.users().byUserId(user.id()).authentication().temporaryAccessPassMethods()
                            .post(asked).getTemporaryAccessPass();
                    return user;
                }, "Temporary Access Pass issued, valid one hour");
        return outcome.done() ? new Outcome(true, outcome.message(), "", pass[0] == null ? "" : pass[0]) : outcome;
    }

    /** Deletes the user; Microsoft keeps them 30 days, during which they can be restored. */
    public Outcome delete(String tenantId, String userId) {
        return act(tenantId, userId, UserIds.DELETE, "delete-user", UserIds.DELETE_SCOPES, (client, user, says) -> {
            client.users().byUserId(user.id()).delete();
            return user.deletedAt(clock.instant());
        }, "User deleted (restorable for 30 days)");
    }

    /** Restores a deleted user with everything Microsoft kept of them. */
    public Outcome restore(String tenantId, String userId) {
        return act(tenantId, userId, UserIds.DELETE, "restore-user", UserIds.DELETE_SCOPES, false, true,
                (client, user, says) -> {
                    client.directory().deletedItems().byDirectoryObjectId(user.id()).restore().post();
                    return user.deletedAt(null);
                }, "User restored");
    }

    private static String name(String groupName, String groupId) {
        return groupName == null || groupName.isBlank() ? "group " + groupId : groupName;
    }

    /**
     * A change Microsoft is asked to make; returns the user as stored after it, and may say what it did in more words
     * than the action's message (which methods were removed) through {@code says}.
     */
    @FunctionalInterface
    interface Change {
        ManagedUser apply(GraphServiceClient client, ManagedUser user, java.util.function.Consumer<String> says)
                throws Exception;
    }

    private Outcome act(String tenantId, String userId, String permission, String action, String scopeSet,
            Change change, String doneMessage) {
        return act(tenantId, userId, permission, action, scopeSet, true, false, change, doneMessage);
    }

    /**
     * @param guarded  whether acting on an administrator also needs {@code manage-admins}
     * @param ofDeleted whether the action is for a deleted user (a restore), not an active one
     */
    private Outcome act(String tenantId, String userId, String permission, String action, String scopeSet,
            boolean guarded, boolean ofDeleted, Change change, String doneMessage) {
        ActionSteps.Authorised authorised = steps.authorise(tenantId, userId, permission, guarded, ofDeleted);
        if (authorised.refused().isPresent()) {
            return authorised.refused().get();
        }
        ManagedUser user = authorised.user().orElseThrow();
        try {
            String[] said = {doneMessage};
            ManagedUser after = graph.call(tenantId, scopeSet, MicrosoftRefusedException.caught(
                    client -> change.apply(client, user, text -> said[0] = text)));
            store.put(tenantId, after);
            return steps.done(tenantId, user, action, scopeSet, said[0]);
        } catch (ConsentRequiredException e) {
            return ActionSteps.consentNeeded(e.getMessage(), scopeSet);
        } catch (MicrosoftRefusedException e) {
            return steps.failed(tenantId, user, action, ActionSteps.refusal(e));
        } catch (GraphUnavailableException e) {
            return steps.failed(tenantId, user, action, "Microsoft Graph is unavailable now; nothing was changed. Try "
                    + "again in a minute.");
        } catch (ODataError e) {
            return steps.failed(tenantId, user, action, "Microsoft refused (HTTP " + e.getResponseStatusCode() + "): "
                    + (e.getError() == null ? e.getMessage() : e.getError().getMessage()));
        } catch (Exception e) {
            return steps.failed(tenantId, user, action, "It could not be done: " + e.getMessage());
        }
    }

    private static ManagedUser withSignIn(ManagedUser user, boolean allowed) {
        return new ManagedUser(user.id(), user.displayName(), user.userPrincipalName(), user.mail(), allowed,
                user.userType(), user.department(), user.jobTitle(), user.usageLocation(), user.createdAt(),
                user.licences(), user.roles(), user.mfaRegistered(), user.methodsRegistered(), user.lastSignIn(),
                user.onPremisesSynced(), user.deletedAt());
    }
}
