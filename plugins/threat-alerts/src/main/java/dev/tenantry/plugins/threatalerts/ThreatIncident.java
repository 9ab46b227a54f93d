package dev.tenantry.plugins.threatalerts;

import com.microsoft.graph.models.RiskyUserHistoryItem;
import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PortalUser;
import dev.tenantry.plugin.api.SignInLog;
import dev.tenantry.plugins.threatalerts.alerts.Alert;
import dev.tenantry.plugins.threatalerts.alerts.Incident;
import dev.tenantry.plugins.threatalerts.alerts.ThreatStore;
import dev.tenantry.plugins.threatalerts.respond.Remediator;
import dev.tenantry.plugins.threatalerts.respond.Remedy;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The model of an incident's page ({@code #{threatIncident}}, with {@code tenant} and {@code id} in the address): the
 * user's detections (IP, location, time, activity), their risk history from Microsoft, the timeline; triage
 * (acknowledge, assign, comment, resolve, dismiss) for {@code threat-alerts:triage}; remedies for
 * {@code threat-alerts:respond}, each asking its own scope set on first use. Everything done is audited and on the
 * timeline. The member of staff must be allowed to see the tenant's incidents at all.
 */
@Extension
@Model("threatIncident")
public class ThreatIncident implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String HISTORY = "threatIncident.history";
    /** The detections the page lists. */
    static final int ALERTS_SHOWN = 100;
    /** The sign-ins the page lists. */
    static final int SIGN_INS_SHOWN = 10;

    @HostService
    private transient PortalUser user;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginAudit audit;

    private String tenant = "";
    private String id = "";
    private String comment = "";
    private String assignee = "";
    private String reason = "";

    /** One line of the user's risk history from Microsoft. */
    public record HistoryLine(String at, String level, String state, String detail, String by) implements Serializable {
    }

    /** The incident, when it exists and the member of staff may see its tenant. */
    public Optional<Incident> getIncident() {
        if (tenant.isEmpty() || id.isEmpty() || !user.holds(ThreatIds.VIEW, tenant)) {
            return Optional.empty();
        }
        return store().incident(tenant, id);
    }

    /**
     * Its newest {@value #ALERTS_SHOWN} detections, newest first, found by their incident; those of an incident whose
     * detections were not yet given their indexed fields (before the first poll after an upgrade), by the ids it names.
     */
    public List<Alert> getAlerts() {
        return Pages.once("threatIncident.alerts", () -> getIncident().map(incident -> {
            List<Alert> found = store().alertsOf(tenant, incident.id(), 0, ALERTS_SHOWN);
            if (!found.isEmpty() || incident.alertIds().isEmpty()) {
                return found;
            }
            return incident.alertIds().stream().map(alertId -> store().alert(tenant, alertId))
                    .flatMap(Optional::stream).sorted(Comparator.comparing(Alert::detectedAt).reversed())
                    .limit(ALERTS_SHOWN).toList();
        }).orElse(List.of()));
    }

    /** How many detections the incident has beyond those shown. */
    public long getMoreAlerts() {
        return getIncident().map(incident -> Math.max(0, incident.alertCount() - getAlerts().size())).orElse(0);
    }

    /** The timeline, newest first. */
    public List<Incident.Event> getTimeline() {
        return getIncident().map(incident -> {
            List<Incident.Event> events = new ArrayList<>(incident.timeline());
            events.sort(Comparator.comparing(Incident.Event::at).reversed());
            return events;
        }).orElse(List.of());
    }

    /** What was read from Microsoft for this page view, with why it could not be, once per request. */
    private record Read<T>(List<T> lines, String problem, boolean consentMissing) {
    }

    /** The user's risk history as Microsoft has it now (empty, with the reason, when it cannot be read). */
    public List<HistoryLine> getHistory() {
        return history().lines();
    }

    public String getHistoryProblem() {
        return history().problem();
    }

    private Read<HistoryLine> history() {
        return Pages.once(HISTORY, () -> {
            Optional<Incident> incident = getIncident();
            if (incident.isEmpty()) {
                return new Read<>(List.of(), "", false);
            }
            if (!graph.consent(tenant, ThreatIds.DETECTION_SCOPES).granted()) {
                return new Read<>(List.of(), "Reading the risk history needs the scope set "
                        + ThreatIds.DETECTION_SCOPES, true);
            }
            try {
                List<RiskyUserHistoryItem> items = graph.call(tenant, ThreatIds.DETECTION_SCOPES, client -> client
                        .identityProtection().riskyUsers().byRiskyUserId(incident.get().userId()).history().get()
                        .getValue());
                return new Read<>(items.stream().sorted(Comparator.comparing(
                                RiskyUserHistoryItem::getRiskLastUpdatedDateTime,
                                Comparator.nullsLast(Comparator.reverseOrder())))
                        .map(item -> new HistoryLine(String.valueOf(item.getRiskLastUpdatedDateTime()),
                                item.getRiskLevel() == null ? "" : item.getRiskLevel().getValue(),
                                item.getRiskState() == null ? "" : item.getRiskState().getValue(),
                                item.getRiskDetail() == null ? "" : item.getRiskDetail().getValue(),
                                String.valueOf(item.getInitiatedBy()))).toList(), "", false);
            } catch (ConsentRequiredException e) {
                return new Read<>(List.of(), e.getMessage(), true);
            } catch (Exception e) {
                return new Read<>(List.of(), "The risk history could not be read: " + e.getMessage(), false);
            }
        });
    }

    /**
     * The user's ten latest sign-ins, where permitted: the scope set {@code threat-alerts.sign-ins} granted (else the
     * page offers it), Entra ID P1 or P2 in the tenant and a reader role for the account (else Microsoft's refusal).
     */
    public List<SignInLog.Line> getSignIns() {
        return signIns().lines();
    }

    public String getSignInsProblem() {
        return signIns().problem();
    }

    /** Whether granting the sign-ins scope set would show them. */
    public boolean isSignInsConsentMissing() {
        return signIns().consentMissing();
    }

    /** Where the consent card returns to: this incident. */
    public String getHere() {
        return ThreatIds.incidentPage(tenant, id);
    }

    private SignInLog.Result signIns() {
        return Pages.once("threatIncident.signIns", () -> getIncident().filter(incident -> incident.userId() != null
                && !incident.userId().isBlank()).map(incident -> SignInLog.read(graph, tenant, ThreatIds.SIGN_IN_SCOPES,
                incident.userId(), SIGN_INS_SHOWN)).orElseGet(SignInLog.Result::none));
    }

    public boolean isMayTriage() {
        return !tenant.isEmpty() && user.holds(ThreatIds.TRIAGE, tenant);
    }

    public boolean isMayRespond() {
        return !tenant.isEmpty() && user.holds(ThreatIds.RESPOND, tenant);
    }

    public List<Remedy> getRemedies() {
        return List.of(Remedy.values());
    }

    public void acknowledge() {
        move(Incident.State.ACKNOWLEDGED, "incident.acknowledged");
    }

    public void resolve() {
        move(Incident.State.RESOLVED, "incident.resolved");
    }

    public void dismiss() {
        move(Incident.State.DISMISSED, "incident.dismissed");
    }

    /** Reopens a closed incident (a new detection of its user would otherwise open another). */
    public void reopen() {
        move(Incident.State.ACKNOWLEDGED, "incident.reopened");
    }

    private void move(Incident.State next, String action) {
        triage().ifPresent(incident -> {
            if (incident.state() == next) {
                return;
            }
            if (!incident.open() && next != Incident.State.ACKNOWLEDGED) {
                Pages.error("The incident is closed; reopen it first");
                return;
            }
            if (!incident.open() && store().openIncidentOf(tenant, incident.userId()).isPresent()) {
                Pages.error("The user has another open incident; work that one");
                return;
            }
            String why = reason;
            store().updateIncident(tenant, incident.id(), current -> current.moved(next, user.userPrincipalName(), why,
                    Instant.now()));
            audit.record(action, tenant, incident.id(), Map.of("user", incident.userPrincipalName(), "from",
                    incident.state().name(), "to", next.name()));
            reason = "";
        });
    }

    public void assign() {
        triage().ifPresent(incident -> {
            String to = assignee == null ? "" : assignee.strip();
            if (to.length() > 200) {
                Pages.error("An assignee is at most 200 characters");
                return;
            }
            store().updateIncident(tenant, incident.id(), current -> current.assigned(to, user.userPrincipalName(),
                    Instant.now()));
            audit.record("incident.assigned", tenant, incident.id(), Map.of("assignee", to));
        });
    }

    public void assignToMe() {
        assignee = user.userPrincipalName();
        assign();
    }

    public void addComment() {
        triage().ifPresent(incident -> {
            String text = comment == null ? "" : comment.strip();
            if (text.isEmpty() || text.length() > 4000) {
                Pages.error("A comment holds 1 to 4000 characters");
                return;
            }
            store().updateIncident(tenant, incident.id(), current -> current.noted("comment", user.userPrincipalName(),
                    text, Instant.now()));
            audit.record("incident.commented", tenant, incident.id(), Map.of("length", String.valueOf(text.length())));
            comment = "";
        });
    }

    /**
     * Applies a remedy to the incident's user. Without the remedy's scope set granted, the host shows its consent card
     * (the exception goes up on purpose); Microsoft refusing is shown as a message.
     */
    public void remediate(String remedyKey) throws Exception {
        Optional<Incident> incident = getIncident();
        if (incident.isEmpty()) {
            Pages.error("No such incident");
            return;
        }
        if (!isMayRespond()) {
            Pages.error("Remediating needs the permission " + ThreatIds.RESPOND + " in this tenant");
            return;
        }
        Remedy remedy = Remedy.of(remedyKey).orElse(null);
        if (remedy == null) {
            Pages.error("No remedy " + remedyKey);
            return;
        }
        try {
            Remediator remediator = new Remediator(graph, audit, tenantId -> user.holds(ThreatIds.RESPOND, tenantId));
            String done = remediator.apply(tenant, incident.get().userId(), incident.get().userPrincipalName(), remedy,
                    incident.get().id());
            store().updateIncident(tenant, incident.get().id(), current -> current.noted("remediation",
                    user.userPrincipalName(), done, Instant.now()));
            // Read before the action while the form was decoded; Microsoft's history has changed since
            Pages.forget(HISTORY);
            Pages.info(done);
        } catch (com.microsoft.kiota.ApiException e) {
            Pages.error("Microsoft Graph refused (HTTP " + e.getResponseStatusCode() + "): " + e.getMessage());
        } catch (dev.tenantry.plugin.api.GraphUnavailableException | Remediator.NotAllowedException
                | Remediator.RefusedException e) {
            Pages.error(e.getMessage());
        }
    }

    private Optional<Incident> triage() {
        Optional<Incident> incident = getIncident();
        if (incident.isEmpty()) {
            Pages.error("No such incident");
        } else if (!isMayTriage()) {
            Pages.error("Triage needs the permission " + ThreatIds.TRIAGE + " in this tenant");
            return Optional.empty();
        }
        return incident;
    }

    private ThreatStore store() {
        return new ThreatStore(records);
    }


    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant == null ? "" : tenant;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id == null ? "" : id;
    }

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }

    public String getAssignee() {
        return assignee;
    }

    public void setAssignee(String assignee) {
        this.assignee = assignee;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
