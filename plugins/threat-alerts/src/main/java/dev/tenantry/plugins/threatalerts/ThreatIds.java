package dev.tenantry.plugins.threatalerts;

/** The ids the Threat Alerts plugin's manifest declares, named once for its code and its contract test. */
public final class ThreatIds {

    public static final String PLUGIN = "threat-alerts";
    public static final String VIEW = "threat-alerts:view";
    public static final String TRIAGE = "threat-alerts:triage";
    public static final String RESPOND = "threat-alerts:respond";
    /** Make, change and delete routing rules (for all tenants, or in a tenant for its own rules). */
    public static final String MANAGE_ROUTING = "threat-alerts:manage-routing";
    /** Risk detections, risky users and their history, subscriptions. */
    public static final String DETECTION_SCOPES = "threat-alerts.detections";
    /** The user's recent sign-ins on an incident. */
    public static final String SIGN_IN_SCOPES = "threat-alerts.sign-ins";
    /** Confirm compromised, dismiss risk. */
    public static final String RISK_RESPONSE_SCOPES = "threat-alerts.risk-response";
    /** Revoke sign-in sessions. */
    public static final String SESSION_SCOPES = "threat-alerts.sessions";
    /** Force a password change at the next sign-in. */
    public static final String PASSWORD_SCOPES = "threat-alerts.password-reset";

    private ThreatIds() {
    }

    /** The address of an incident's page inside the portal (the manifest's {@code threat-alerts.incident} page). */
    public static String incidentPage(String tenantId, String incidentId) {
        return "/threat-alerts/incident.xhtml?tenant=" + java.net.URLEncoder.encode(tenantId,
                java.nio.charset.StandardCharsets.UTF_8) + "&id=" + java.net.URLEncoder.encode(incidentId,
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
