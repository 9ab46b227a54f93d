package dev.tenantry.plugins.secure;

/** The ids the Secure plugin's manifest declares, named once for its code and its contract test. */
public final class SecureIds {

    public static final String PLUGIN = "secure";
    public static final String VIEW = "secure:view";
    /** Accept a failing check as a risk for a time, and withdraw that. */
    public static final String MANAGE_EXCEPTIONS = "secure:manage-exceptions";
    /** Deploy Conditional Access policies into tenants. */
    public static final String DEPLOY_POLICY = "secure:deploy-policy";
    /** Conditional Access, named locations, authorization policy, registration report, subscriptions, branding. */
    public static final String POSTURE_SCOPES = "secure.posture";
    /** Secure Score and its control profiles. */
    public static final String SCORE_SCOPES = "secure.score";
    /** Writing Conditional Access policies and the break-glass exclusion group. */
    public static final String DEPLOY_SCOPES = "secure.deploy-policy";
    /** Exchange Online's audit log settings. */
    public static final String AUDIT_SCOPES = "secure.audit";

    private SecureIds() {
    }
}
