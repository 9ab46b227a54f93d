package dev.tenantry.plugins.secure;

/** The ids the Secure plugin's manifest declares, named once for its code and its contract test. */
public final class SecureIds {

    public static final String PLUGIN = "secure";
    public static final String VIEW = "secure:view";
    /** Conditional Access, named locations, authorization policy, registration report, subscriptions, branding. */
    public static final String POSTURE_SCOPES = "secure.posture";
    /** Secure Score and its control profiles. */
    public static final String SCORE_SCOPES = "secure.score";
    /** Exchange Online's audit log settings. */
    public static final String AUDIT_SCOPES = "secure.audit";

    private SecureIds() {
    }
}
