package dev.tenantry.plugins.usermanagement.actions;

import java.util.Arrays;

/**
 * How a new password is mailed, as the technician chooses: from the tenant's integration account or through
 * Tenantry's mail server. Neither ever keeps the password.
 */
public enum MailRoute {

    /**
     * From the tenant's integration account ({@code POST /me/sendMail}), which needs the scope set
     * {@code user-management.mail} ({@code Mail.Send}, delegated) granted in the tenant.
     */
    INTEGRATION_ACCOUNT("integration-account", "from the tenant's integration account"),

    /**
     * Through Tenantry's mail server, as the host's secret mail: sealed until sent, erased then, given up when it
     * cannot be sent within its lifetime. Needs no scope set.
     */
    TENANTRY("tenantry-mail-server", "through Tenantry's mail server");

    private final String id;
    private final String how;

    MailRoute(String id, String how) {
        this.id = id;
        this.how = how;
    }

    /** The route as the audit log records it. */
    public String id() {
        return id;
    }

    /** How the password went, for messages and the history: "from the tenant's integration account". */
    public String how() {
        return how;
    }

    /** The route a page's choice names ({@link #name()}); the integration account for none or an unknown one. */
    public static MailRoute of(String name) {
        return Arrays.stream(values()).filter(route -> route.name().equals(name)).findFirst()
                .orElse(INTEGRATION_ACCOUNT);
    }
}
