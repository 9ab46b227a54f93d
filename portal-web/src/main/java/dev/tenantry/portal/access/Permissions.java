package dev.tenantry.portal.access;

import java.util.regex.Pattern;

/** The host's own portal permissions; plugins add {@code <plugin-id>:<verb>} ones. */
public final class Permissions {

    public static final String TENANTS_READ = "tenants:read";
    public static final String TENANTS_MANAGE = "tenants:manage";
    public static final String RBAC_MANAGE = "rbac:manage";
    /** Granting the Owner role, beyond managing roles. */
    public static final String RBAC_GRANT_OWNER = "rbac:grant-owner";
    public static final String CONSENT_MANAGE = "consent:manage";
    public static final String AUDIT_READ = "audit:read";
    public static final String APPROVALS_DECIDE = "approvals:decide";
    /** Reviewing, enabling and disabling plugins. */
    public static final String PLUGINS_MANAGE = "plugins:manage";
    /**
     * Installing plugins and approving their code and what it asks for: an approved plugin runs in the server with
     * Tenantry's reach, so this stays with Owners, and a new plugin or one asking for more needs a second Owner.
     */
    public static final String PLUGINS_INSTALL = "plugins:install";

    /** Every permission the host itself defines. */
    public static final java.util.Set<String> HOST = java.util.Set.of(TENANTS_READ, TENANTS_MANAGE, RBAC_MANAGE,
            RBAC_GRANT_OWNER, CONSENT_MANAGE, AUDIT_READ, APPROVALS_DECIDE, PLUGINS_MANAGE, PLUGINS_INSTALL);

    /** Permissions only the Owner role holds: no custom role may carry them. */
    public static final java.util.Set<String> OWNER_ONLY = java.util.Set.of(RBAC_GRANT_OWNER, PLUGINS_INSTALL);

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*");

    private Permissions() {
    }

    /** Refuses anything that is not {@code <area>:<verb>} in lower case. */
    public static String check(String permission) {
        if (permission == null || !FORM.matcher(permission).matches()) {
            throw new IllegalArgumentException("'" + permission + "' is not a portal permission (<area>:<verb>)");
        }
        return permission;
    }
}
