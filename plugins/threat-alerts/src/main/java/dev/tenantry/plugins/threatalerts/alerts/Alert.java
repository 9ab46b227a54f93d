package dev.tenantry.plugins.threatalerts.alerts;

import java.io.Serializable;
import java.time.Instant;

/**
 * One risk detection as an alert: Microsoft's detection id is its key, so a detection seen again (a later poll, a
 * restart) is the same alert.
 *
 * @param riskEventType Microsoft's detection type (unfamiliarFeatures, anonymizedIPAddress, passwordSpray, …)
 * @param location      city and country, as Microsoft located the sign-in; empty when unknown
 */
public record Alert(String id, String tenantId, String userId, String userPrincipalName, String userDisplayName,
        String riskEventType, String riskLevel, Severity severity, String activity, String ipAddress, String location,
        Instant detectedAt, Instant activityAt, String incidentId) implements Serializable {
}
