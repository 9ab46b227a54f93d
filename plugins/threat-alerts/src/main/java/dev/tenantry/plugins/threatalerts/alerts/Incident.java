package dev.tenantry.plugins.threatalerts.alerts;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The detections of one user at risk in one tenant, worked as one: its severity is its worst detection's, it moves
 * NEW → ACKNOWLEDGED → RESOLVED or DISMISSED, it has an assignee, and its timeline records every detection, state
 * change, assignment, comment and remediation with who and when. A detection of a user whose incident was closed opens
 * a new incident.
 */
public record Incident(String id, String tenantId, String userId, String userPrincipalName, String userDisplayName,
        Severity severity, State state, String assignee, List<String> alertIds, List<String> riskEventTypes,
        Instant openedAt, Instant lastDetectedAt, Instant updatedAt, List<Event> timeline) implements Serializable {

    public Incident {
        alertIds = List.copyOf(alertIds);
        riskEventTypes = List.copyOf(riskEventTypes);
        timeline = List.copyOf(timeline);
        assignee = assignee == null ? "" : assignee;
    }

    /** Where an incident is in its work. */
    public enum State {
        NEW, ACKNOWLEDGED, RESOLVED, DISMISSED;

        public boolean open() {
            return this == NEW || this == ACKNOWLEDGED;
        }
    }

    /** One line of the timeline. */
    public record Event(Instant at, String by, String kind, String text) implements Serializable {
    }

    public boolean open() {
        return state.open();
    }

    /** This incident with {@code alert} added (severity and last detection follow). */
    public Incident with(Alert alert, Instant now) {
        List<String> alerts = new ArrayList<>(alertIds);
        alerts.add(alert.id());
        List<String> types = new ArrayList<>(riskEventTypes);
        if (!types.contains(alert.riskEventType())) {
            types.add(alert.riskEventType());
        }
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName,
                Severity.max(severity, alert.severity()), state, assignee, alerts, types,
                openedAt, alert.detectedAt().isAfter(lastDetectedAt) ? alert.detectedAt() : lastDetectedAt, now,
                append(new Event(now, "Entra ID Protection", "detection", alert.riskEventType() + " ("
                        + alert.riskLevel() + ") from " + alert.ipAddress())));
    }

    /** This incident in {@code next} state, recorded as done by {@code by}. */
    public Incident moved(State next, String by, String why, Instant now) {
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName, severity, next, assignee,
                alertIds, riskEventTypes, openedAt, lastDetectedAt, now, append(new Event(now, by, "state", state + " → " + next
                + (why == null || why.isBlank() ? "" : ": " + why.strip()))));
    }

    public Incident assigned(String to, String by, Instant now) {
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName, severity, state, to, alertIds,
                riskEventTypes, openedAt, lastDetectedAt, now, append(new Event(now, by, "assignment", to.isBlank() ? "unassigned"
                : "assigned to " + to)));
    }

    /** This incident with a line added to its timeline (a comment, a remediation). */
    public Incident noted(String kind, String by, String text, Instant now) {
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName, severity, state, assignee,
                alertIds, riskEventTypes, openedAt, lastDetectedAt, now, append(new Event(now, by, kind, text)));
    }

    private List<Event> append(Event event) {
        List<Event> events = new ArrayList<>(timeline);
        events.add(event);
        return events;
    }
}
