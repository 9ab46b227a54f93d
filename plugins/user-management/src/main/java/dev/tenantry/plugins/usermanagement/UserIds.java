package dev.tenantry.plugins.usermanagement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The ids the User Management plugin's manifest declares, named once for its code and its contract test. */
public final class UserIds {

    public static final String PLUGIN = "user-management";
    /** See users, export them, sync now. */
    public static final String VIEW = "user-management:view";
    /** Reset a password (and mail it). */
    public static final String RESET_PASSWORD = "user-management:reset-password";
    /** Block and unblock sign-in, revoke sessions. */
    public static final String SIGN_IN = "user-management:sign-in";
    /** Act on users who hold a directory role, besides the action's own permission. */
    public static final String MANAGE_ADMINS = "user-management:manage-admins";
    /** Assign and remove licences. */
    public static final String LICENCES = "user-management:licences";
    /** Add users to groups and remove them. */
    public static final String GROUPS = "user-management:groups";
    /** Reset MFA (remove authentication methods), issue a Temporary Access Pass. */
    public static final String MFA = "user-management:mfa";
    /** Delete and restore users. */
    public static final String DELETE = "user-management:delete";
    /** Create users, from templates or as copies. */
    public static final String CREATE = "user-management:create";
    /** Make and change user templates (MSP-wide ones: held for all tenants). */
    public static final String MANAGE_TEMPLATES = "user-management:manage-templates";
    /** Plan, schedule, run and undo offboardings. */
    public static final String OFFBOARD = "user-management:offboard";
    /** Delegate and forward users' mailboxes, convert them to shared, hide them, set automatic replies. */
    public static final String MAILBOXES = "user-management:mailboxes";
    /** Users, deleted users, memberships, role assignments, subscriptions. */
    public static final String DIRECTORY_SCOPES = "user-management.directory";
    /** Last sign-in, MFA registration, recent sign-ins (Entra ID P1). */
    public static final String ACTIVITY_SCOPES = "user-management.activity";
    /** Set a password profile. */
    public static final String PASSWORD_SCOPES = "user-management.password";
    /** Allow or block sign-in. */
    public static final String SIGN_IN_BLOCK_SCOPES = "user-management.sign-in-block";
    /** Revoke sign-in sessions. */
    public static final String SESSION_SCOPES = "user-management.sessions";
    /** Assign and remove licences. */
    public static final String LICENCE_SCOPES = "user-management.licences";
    /** Add and remove group members. */
    public static final String GROUP_SCOPES = "user-management.group-membership";
    /** List and remove authentication methods. */
    public static final String METHOD_SCOPES = "user-management.authentication-methods";
    /** Issue a Temporary Access Pass. */
    public static final String TAP_SCOPES = "user-management.temporary-access-pass";
    /** Delete and restore users. */
    public static final String DELETE_SCOPES = "user-management.delete-restore";
    /** Create users (and check the domain and the name first). */
    public static final String CREATE_SCOPES = "user-management.create";
    /** Delete and restore Microsoft 365 groups. */
    public static final String GROUP_LIFECYCLE_SCOPES = "user-management.group-lifecycle";
    /** Mail as the integration account. */
    public static final String MAIL_SCOPES = "user-management.mail";
    /** Exchange Online's mailbox cmdlets: delegation, forwarding, shared, address lists, automatic replies. */
    public static final String MAILBOX_SCOPES = "user-management.mailboxes";

    private UserIds() {
    }

    /** The address of a user's page inside the portal (the manifest's {@code user-management.user} page). */
    public static String userPage(String tenantId, String userId) {
        return "/user-management/user.xhtml?tenant=" + URLEncoder.encode(tenantId, StandardCharsets.UTF_8) + "&id="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8);
    }
}
