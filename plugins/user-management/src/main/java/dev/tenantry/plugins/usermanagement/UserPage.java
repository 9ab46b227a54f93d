package dev.tenantry.plugins.usermanagement;

import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Group;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginTenants;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.SignInLog;
import dev.tenantry.plugins.usermanagement.actions.History;
import dev.tenantry.plugins.usermanagement.actions.MailRoute;
import dev.tenantry.plugins.usermanagement.actions.MicrosoftRefusedException;
import dev.tenantry.plugins.usermanagement.actions.UserActions;
import dev.tenantry.plugins.usermanagement.directory.ManagedUser;
import dev.tenantry.plugins.usermanagement.directory.UserStore;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * A user's page ({@code #{userPage}}): what the last sync read of them (profile, licences, directory roles, MFA
 * registration, last sign-in), the groups they belong to (read live when the page opens), Tenantry's history of
 * changes to them, and the actions the member of staff may take: reset the password (shown once, optionally mailed
 * from the tenant's integration account or through Tenantry's mail server), block or allow sign-in, revoke sessions.
 * Shown only to staff who may see users in the user's tenant; every action is authorised again on the server when it
 * runs.
 */
@Extension
@Model("userPage")
public class UserPage implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    /** The most groups the page lists; it says when there are more. */
    static final int GROUPS_SHOWN = 100;
    /** The sign-ins the page lists. */
    static final int SIGN_INS_SHOWN = 10;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginTenants tenants;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginNotifications notifications;

    private String tenant = "";
    private String id = "";
    private transient Optional<ManagedUser> shown;
    private transient Groups groups;
    private String mailTo = "";
    private MailRoute mailRoute = MailRoute.INTEGRATION_ACCOUNT;
    private String licence = "";
    private String group = "";
    private final java.util.Map<String, String> groupNames = new java.util.HashMap<>();
    private transient Methods methods;
    private transient SignInLog.Result signIns;
    private static final String SECRET_LABEL = "userPage.secretLabel";
    /** Where the last action's outcome is kept, for this response only: a new password never outlives it. */
    private static final String OUTCOME = "userPage.outcome";

    /** A group the user belongs to. */
    public record Membership(String id, String displayName, String kind) implements Serializable {
    }

    /** The groups as read, or why they could not be. */
    public record Groups(List<Membership> list, String problem, boolean consentMissing) implements Serializable {
    }

    /** The user, if they exist in a tenant the person may see. */
    public Optional<ManagedUser> getShown() {
        if (shown == null) {
            shown = tenant.isEmpty() || id.isEmpty() || !user.holds(UserIds.VIEW, tenant) ? Optional.empty()
                    : new UserStore(records).get(tenant, id);
        }
        return shown;
    }

    /** When the tenant's users were last read from Microsoft (what the page shows is as of then); null if never. */
    public java.time.Instant getSyncedAt() {
        if (getShown().isEmpty()) {
            return null;
        }
        dev.tenantry.plugins.usermanagement.directory.SyncState state = new UserStore(records).state(tenant);
        java.time.Instant full = state.lastFullAt();
        java.time.Instant delta = state.lastDeltaAt();
        return full == null ? delta : delta == null || full.isAfter(delta) ? full : delta;
    }

    public String getTenantName() {
        return tenants.find(tenant).map(PluginTenants.Tenant::displayName).orElse(tenant);
    }

    /** The groups the user belongs to, read from Microsoft when the page opens. */
    public Groups getGroups() {
        if (groups == null) {
            groups = readGroups();
        }
        return groups;
    }

    private Groups readGroups() {
        if (getShown().isEmpty() || getShown().get().deleted()) {
            return new Groups(List.of(), "", false);
        }
        try {
            List<DirectoryObject> found = graph.call(tenant, UserIds.DIRECTORY_SCOPES, client -> client.users()
                    .byUserId(id).memberOf().get(request -> request.queryParameters.top = GROUPS_SHOWN).getValue());
            List<Membership> list = new ArrayList<>();
            for (DirectoryObject object : found == null ? List.<DirectoryObject>of() : found) {
                if (object instanceof Group group) {
                    String kind = group.getGroupTypes() != null && group.getGroupTypes().contains("Unified")
                            ? "Microsoft 365" : Boolean.TRUE.equals(group.getSecurityEnabled()) ? "Security"
                            : "Distribution";
                    list.add(new Membership(group.getId(), group.getDisplayName(), kind));
                }
            }
            return new Groups(list, "", false);
        } catch (ConsentRequiredException e) {
            return new Groups(List.of(), e.getMessage(), true);
        } catch (com.microsoft.kiota.ApiException e) {
            return new Groups(List.of(), "Microsoft Graph refused the user's groups (HTTP "
                    + e.getResponseStatusCode() + ")", false);
        } catch (Exception e) {
            return new Groups(List.of(), "The user's groups could not be read: " + e.getMessage(), false);
        }
    }

    /**
     * The user's ten latest sign-ins, read when the page opens: the activity scope set granted (else the page offers
     * it), Entra ID P1 in the tenant and a reader role for the account (else Microsoft's refusal, said).
     */
    public SignInLog.Result getSignIns() {
        if (signIns == null) {
            signIns = getShown().isEmpty() || getShown().get().deleted() ? SignInLog.Result.none()
                    : SignInLog.read(graph, tenant, UserIds.ACTIVITY_SCOPES, getShown().get().id(), SIGN_INS_SHOWN);
        }
        return signIns;
    }

    /** Tenantry's latest changes to the user, newest first. */
    public List<History.Change> getHistory() {
        return getShown().isEmpty() ? List.of() : new History(records).of(tenant, id, 20);
    }

    public boolean isMayResetPassword() {
        return !tenant.isEmpty() && user.holds(UserIds.RESET_PASSWORD, tenant);
    }

    public boolean isMaySignIn() {
        return !tenant.isEmpty() && user.holds(UserIds.SIGN_IN, tenant);
    }

    public void resetPassword() {
        done(actions().resetPassword(tenant, id, mailTo, mailRoute));
        Pages.forThisRequest(SECRET_LABEL, "New password (shown once; it is not kept):");
        mailTo = "";
    }

    public boolean isMayCreate() {
        return !tenant.isEmpty() && user.holds(UserIds.CREATE, tenant) && getShown().isPresent()
                && !getShown().get().deleted();
    }

    public boolean isMayLicences() {
        return !tenant.isEmpty() && user.holds(UserIds.LICENCES, tenant);
    }

    public boolean isMayGroups() {
        return !tenant.isEmpty() && user.holds(UserIds.GROUPS, tenant);
    }

    public boolean isMayMfa() {
        return !tenant.isEmpty() && user.holds(UserIds.MFA, tenant);
    }

    public boolean isMayDelete() {
        return !tenant.isEmpty() && user.holds(UserIds.DELETE, tenant);
    }

    /** The tenant's subscriptions the user does not hold, with how many are free, for the licence picker. */
    public List<UserStore.Subscription> getAssignable() {
        if (getShown().isEmpty()) {
            return List.of();
        }
        List<String> held = getShown().get().licences().stream().map(ManagedUser.Licence::skuId).toList();
        return new UserStore(records).subscriptions(tenant).skus().stream().filter(sku -> !held.contains(sku.skuId()))
                .toList();
    }

    public void assignLicence() {
        done(actions().assignLicence(tenant, id, licence));
        licence = "";
    }

    public void removeLicence(String skuId) {
        done(actions().removeLicence(tenant, id, skuId));
    }

    /** Groups of the user's tenant whose name starts with {@code text}, read from Microsoft, for the group picker. */
    public List<String> completeGroup(String text) {
        String typed = text == null ? "" : text.strip().replace("'", "''");
        if (typed.isEmpty() || tenant.isEmpty() || !user.holds(UserIds.GROUPS, tenant)) {
            return List.of();
        }
        try {
            List<Group> found = graph.call(tenant, UserIds.DIRECTORY_SCOPES, client -> client.groups().get(request -> {
                request.queryParameters.filter = "startswith(displayName,'" + typed + "')";
                request.queryParameters.select = new String[] {"id", "displayName"};
                request.queryParameters.top = 15;
            }).getValue());
            List<String> ids = new ArrayList<>();
            for (Group group : found == null ? List.<Group>of() : found) {
                groupNames.put(group.getId(), group.getDisplayName());
                ids.add(group.getId());
            }
            return ids;
        } catch (Exception e) {
            return List.of();
        }
    }

    /** A group's name for the group picker. */
    public String groupName(String groupId) {
        return groupId == null ? "" : groupNames.getOrDefault(groupId, groupId);
    }

    public void addToGroup() {
        done(actions().addToGroup(tenant, id, group, groupName(group)));
        group = "";
        groups = null;
    }

    public void removeFromGroup(String groupId, String name) {
        done(actions().removeFromGroup(tenant, id, groupId, name));
        groups = null;
    }

    public void resetMfa() {
        done(actions().resetMfa(tenant, id));
        methods = null;
    }

    public void temporaryAccessPass() {
        done(actions().temporaryAccessPass(tenant, id));
        Pages.forThisRequest(SECRET_LABEL, "Temporary Access Pass (valid one hour, shown once):");
        methods = null;
    }

    public void delete() {
        done(actions().delete(tenant, id));
    }

    public void restore() {
        done(actions().restore(tenant, id));
    }

    /** What the secret shown once is: a password or a Temporary Access Pass. */
    public String getSecretLabel() {
        String label = Pages.ofThisRequest(SECRET_LABEL);
        return label == null ? "" : label;
    }

    /** The user's authentication methods, read live with the methods scope set (only for staff who may reset MFA). */
    public Methods getMethods() {
        if (methods == null) {
            methods = readMethods();
        }
        return methods;
    }

    /** Authentication methods as read, or why they could not be. */
    public record Methods(List<String> kinds, String problem, boolean consentMissing) implements Serializable {
    }

    private Methods readMethods() {
        if (getShown().isEmpty() || getShown().get().deleted() || !isMayMfa()) {
            return new Methods(List.of(), "", false);
        }
        try {
            List<com.microsoft.graph.models.AuthenticationMethod> found = graph.call(tenant, UserIds.METHOD_SCOPES,
                    MicrosoftRefusedException.caught(client -> client.users().byUserId(id).authentication().methods()
                            .get().getValue()));
            List<String> kinds = new ArrayList<>();
            for (com.microsoft.graph.models.AuthenticationMethod method : found == null
                    ? List.<com.microsoft.graph.models.AuthenticationMethod>of() : found) {
                String type = method.getOdataType() == null ? "" : method.getOdataType();
                kinds.add(type.substring(type.lastIndexOf('.') + 1).replace("AuthenticationMethod", ""));
            }
            return new Methods(kinds, "", false);
        } catch (ConsentRequiredException e) {
            return new Methods(List.of(), e.getMessage(), true);
        } catch (MicrosoftRefusedException e) {
            return new Methods(List.of(), "Microsoft Graph refused the user's methods (HTTP " + e.status() + "): the "
                    + "integration account needs a role that reads them (Authentication Administrator, Privileged "
                    + "Authentication Administrator or Global Reader)", false);
        } catch (com.microsoft.kiota.ApiException e) {
            return new Methods(List.of(), "Microsoft Graph refused the user's methods (HTTP "
                    + e.getResponseStatusCode() + ")", false);
        } catch (Exception e) {
            return new Methods(List.of(), "The user's methods could not be read: " + e.getMessage(), false);
        }
    }

    public String getLicence() {
        return licence;
    }

    public void setLicence(String value) {
        licence = value == null ? "" : value.strip();
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String value) {
        group = value == null ? "" : value.strip();
    }

    public void blockSignIn() {
        done(actions().setSignIn(tenant, id, false));
    }

    public void allowSignIn() {
        done(actions().setSignIn(tenant, id, true));
    }

    public void revokeSessions() {
        done(actions().revokeSessions(tenant, id));
    }

    private UserActions actions() {
        return new UserActions(graph, notifications, new UserStore(records), new History(records), audit, user,
                Clock.systemUTC());
    }

    private void done(UserActions.Outcome result) {
        Pages.said(OUTCOME, result);
        shown = null;
    }

    /** What the last action came to, in this response only (its password shown once). */
    public UserActions.Outcome getOutcome() {
        return Pages.outcome(OUTCOME);
    }

    /** The scope set the last action needs granted, if any. */
    public String getConsentNeeded() {
        return Pages.consentNeeded(OUTCOME);
    }

    public String getMailTo() {
        return mailTo;
    }

    public void setMailTo(String value) {
        mailTo = value == null ? "" : value.strip();
    }

    /** How the new password is mailed: {@code INTEGRATION_ACCOUNT} or {@code TENANTRY} ({@link MailRoute}). */
    public String getMailRoute() {
        return mailRoute.name();
    }

    public void setMailRoute(String value) {
        mailRoute = MailRoute.of(value);
    }

    /** Where the consent card returns to: this user. */
    public String getHere() {
        return UserIds.userPage(tenant, id);
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        tenant = value == null ? "" : value.strip();
        shown = null;
        groups = null;
        methods = null;
        signIns = null;
    }

    public String getId() {
        return id;
    }

    public void setId(String value) {
        id = value == null ? "" : value.strip();
        shown = null;
        groups = null;
        methods = null;
        signIns = null;
    }
}
