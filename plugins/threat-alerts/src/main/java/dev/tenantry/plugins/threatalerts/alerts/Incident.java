package dev.tenantry.plugins.threatalerts.alerts;

import jakarta.json.bind.annotation.JsonbCreator;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The detections of one user at risk in one tenant, worked as one: its severity is its worst detection's, it moves
 * NEW → ACKNOWLEDGED → RESOLVED or DISMISSED, it has an assignee, and its timeline records every detection, state
 * change, assignment, comment and remediation with who and when. A detection of a user whose incident was closed opens
 * a new incident.
 *
 * <p>An incident stays small however many detections it collects: it names only its newest {@value #KEPT_ALERT_IDS}
 * detections ({@code alertIds}; every detection is an alert record of its own, which names its incident) and counts
 * them all ({@code alertCount}), and its timeline keeps the newest {@value #KEPT_DETECTION_EVENTS} detection lines
 * beside every line a person or Microsoft's risk state added.
 *
 * @param alertIds   the newest detections, oldest first (at most {@value #KEPT_ALERT_IDS})
 * @param alertCount every detection the incident ever took in
 */
public record Incident(String id, String tenantId, String userId, String userPrincipalName, String userDisplayName,
        Severity severity, State state, String assignee, List<String> alertIds, List<String> riskEventTypes,
        Instant openedAt, Instant lastDetectedAt, Instant updatedAt, List<Event> timeline, int alertCount)
        implements Serializable {

    /** The detections an incident names; older ones are found by their incident. */
    public static final int KEPT_ALERT_IDS = 100;
    /** The detection lines a timeline keeps. */
    public static final int KEPT_DETECTION_EVENTS = 100;
    private static final String DETECTION = "detection";

    /** The record's own constructor is the one JSON-B reads with (a missing count is 0, then the named ones). */
    @JsonbCreator
    public Incident {
        alertIds = List.copyOf(alertIds == null ? List.of() : alertIds);
        riskEventTypes = List.copyOf(riskEventTypes == null ? List.of() : riskEventTypes);
        timeline = List.copyOf(timeline == null ? List.of() : timeline);
        assignee = assignee == null ? "" : assignee;
        // Written before the count was kept: every detection it had is still named
        alertCount = Math.max(alertCount, alertIds.size());
    }

    /** An incident whose detections are all named in {@code alertIds}. */
    public Incident(String id, String tenantId, String userId, String userPrincipalName, String userDisplayName,
            Severity severity, State state, String assignee, List<String> alertIds, List<String> riskEventTypes,
            Instant openedAt, Instant lastDetectedAt, Instant updatedAt, List<Event> timeline) {
        this(id, tenantId, userId, userPrincipalName, userDisplayName, severity, state, assignee, alertIds,
                riskEventTypes, openedAt, lastDetectedAt, updatedAt, timeline, alertIds == null ? 0 : alertIds.size());
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

    /**
     * This incident with {@code alert} added (severity and last detection follow); past
     * {@value #KEPT_ALERT_IDS} detections the oldest is no longer named, past {@value #KEPT_DETECTION_EVENTS} the
     * oldest detection line leaves the timeline.
     */
    public Incident with(Alert alert, Instant now) {
        List<String> alerts = new ArrayList<>(alertIds);
        alerts.add(alert.id());
        if (alerts.size() > KEPT_ALERT_IDS) {
            alerts.subList(0, alerts.size() - KEPT_ALERT_IDS).clear();
        }
        List<String> types = new ArrayList<>(riskEventTypes);
        if (!types.contains(alert.riskEventType())) {
            types.add(alert.riskEventType());
        }
        List<Event> events = append(new Event(now, "Entra ID Protection", DETECTION, alert.riskEventType() + " ("
                + alert.riskLevel() + ") from " + alert.ipAddress()));
        long detections = events.stream().filter(event -> DETECTION.equals(event.kind())).count();
        for (int i = 0; i < events.size() && detections > KEPT_DETECTION_EVENTS; ) {
            if (DETECTION.equals(events.get(i).kind())) {
                events.remove(i);
                detections--;
            } else {
                i++;
            }
        }
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName,
                Severity.max(severity, alert.severity()), state, assignee, alerts, types,
                openedAt, alert.detectedAt().isAfter(lastDetectedAt) ? alert.detectedAt() : lastDetectedAt, now,
                events, alertCount + 1);
    }

    /** This incident in {@code next} state, recorded as done by {@code by}. */
    public Incident moved(State next, String by, String why, Instant now) {
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName, severity, next, assignee,
                alertIds, riskEventTypes, openedAt, lastDetectedAt, now, append(new Event(now, by, "state", state + " → " + next
                + (why == null || why.isBlank() ? "" : ": " + why.strip()))), alertCount);
    }

    public Incident assigned(String to, String by, Instant now) {
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName, severity, state, to, alertIds,
                riskEventTypes, openedAt, lastDetectedAt, now, append(new Event(now, by, "assignment", to.isBlank() ? "unassigned"
                : "assigned to " + to)), alertCount);
    }

    /** This incident with a line added to its timeline (a comment, a remediation). */
    public Incident noted(String kind, String by, String text, Instant now) {
        return new Incident(id, tenantId, userId, userPrincipalName, userDisplayName, severity, state, assignee,
                alertIds, riskEventTypes, openedAt, lastDetectedAt, now, append(new Event(now, by, kind, text)),
                alertCount);
    }

    private List<Event> append(Event event) {
        List<Event> events = new ArrayList<>(timeline);
        events.add(event);
        return events;
    }
}
