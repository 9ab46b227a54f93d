package dev.tenantry.plugins.threatalerts.alerts;

import java.util.Locale;
import java.util.Set;

/** How urgent an alert is: from Microsoft's risk level, raised one step for the detection types that mean an attack. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /**
     * Detection types that point at an attack under way or a stolen credential rather than unusual behaviour: a
     * detection of these is one step more severe than its risk level says.
     */
    static final Set<String> RAISED = Set.of("leakedcredentials", "maliciousipaddress", "passwordspray",
            "anomaloustoken", "tokenissueranomaly", "attemptedprtaccess", "mcasfinancialfrauddetection",
            "adminconfirmedusercompromised");

    /** The severity of a detection of {@code riskEventType} at {@code riskLevel} (low, medium, high, hidden, none). */
    public static Severity of(String riskLevel, String riskEventType) {
        Severity base = switch (riskLevel == null ? "" : riskLevel.toLowerCase(Locale.ROOT)) {
            case "high" -> HIGH;
            case "medium", "hidden" -> MEDIUM;
            default -> LOW;
        };
        boolean raised = riskEventType != null && RAISED.contains(riskEventType.toLowerCase(Locale.ROOT));
        return raised ? values()[Math.min(base.ordinal() + 1, CRITICAL.ordinal())] : base;
    }

    public static Severity max(Severity a, Severity b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
