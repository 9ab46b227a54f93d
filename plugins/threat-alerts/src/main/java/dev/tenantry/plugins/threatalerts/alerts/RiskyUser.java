package dev.tenantry.plugins.threatalerts.alerts;

import java.io.Serializable;
import java.time.Instant;

/**
 * A user Entra ID Protection rates at risk (or was), as last read: Microsoft's risk level, state (atRisk,
 * confirmedCompromised, remediated, dismissed, confirmedSafe…), the detail of the last change and when it changed.
 */
public record RiskyUser(String id, String tenantId, String userPrincipalName, String userDisplayName, String riskLevel,
        String riskState, String riskDetail, Instant riskLastUpdatedAt, Instant readAt) implements Serializable {

    /** Whether Microsoft still counts the user at risk. */
    public boolean atRisk() {
        return "atRisk".equalsIgnoreCase(riskState) || "confirmedCompromised".equalsIgnoreCase(riskState);
    }

    /** The level as a rank for sorting: high 3, medium 2, low 1, else 0. */
    public int levelRank() {
        return switch (riskLevel == null ? "" : riskLevel.toLowerCase(java.util.Locale.ROOT)) {
            case "high" -> 3;
            case "medium" -> 2;
            case "low" -> 1;
            default -> 0;
        };
    }
}
