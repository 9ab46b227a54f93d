package dev.tenantry.plugins.teamsgovernance;

import dev.tenantry.plugin.api.GraphAccess;
import dev.tenantry.plugin.api.HostService;
import dev.tenantry.plugin.api.Model;
import dev.tenantry.plugin.api.PageModel;
import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.plugin.api.PluginRecords;
import dev.tenantry.plugin.api.PluginSchedule;
import dev.tenantry.plugin.api.PluginSecrets;
import dev.tenantry.plugins.teamsgovernance.requests.ApprovalLinks;
import dev.tenantry.plugins.teamsgovernance.requests.RequestStore;
import dev.tenantry.plugins.teamsgovernance.requests.Requests;
import dev.tenantry.plugins.teamsgovernance.requests.TeamRequest;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The page a customer's approver opens from the link mailed to them ({@code #{teamsDecision}}, a public page: no
 * Tenantry account): the request the link names, if the link opens (sealed for this request and this approver, not
 * expired) and the request still waits; approve, or reject with a reason. The decision is the approver's, audited and
 * mailed to the requester like a Teams Administrator's.
 */
@Extension
@Model("teamsDecision")
public class DecideView implements PageModel, Serializable {

    private static final long serialVersionUID = 1L;

    @HostService
    private transient GraphAccess graph;

    @HostService
    private transient PluginRecords records;

    @HostService
    private transient PluginSecrets secrets;

    @HostService
    private transient PluginAudit audit;

    @HostService
    private transient PluginNotifications notifications;

    @HostService
    private transient PluginSchedule schedule;

    private String token = "";
    private String reason = "";
    private String outcome = "";
    /** The request the link names, read once for the page (the page asks for it many times). */
    private transient Optional<TeamRequest> request;

    /** What the link allows, if it opens and the request still waits for this approver. */
    public Optional<TeamRequest> getRequest() {
        if (request == null) {
            Optional<ApprovalLinks.Grant> grant = ApprovalLinks.open(secrets, token, Instant.now());
            request = grant.isEmpty() ? Optional.empty() : new RequestStore(records).get(grant.get().tenantId(),
                    grant.get().requestId()).map(RequestStore.Read::request).filter(named -> named.template()
                    .approvers().stream().anyMatch(approver -> approver.toLowerCase(Locale.ROOT)
                            .equals(grant.get().approver())));
        }
        return request;
    }

    /** Whether the request the link names still waits for a decision. */
    public boolean isWaiting() {
        return getRequest().map(request -> TeamRequest.SUBMITTED.equals(request.state())).orElse(false);
    }

    /** Who decides through this link. */
    public String getApprover() {
        return ApprovalLinks.open(secrets, token, Instant.now()).map(ApprovalLinks.Grant::approver).orElse("");
    }

    public void approve() {
        decide(true);
    }

    public void reject() {
        decide(false);
    }

    private void decide(boolean approved) {
        Optional<ApprovalLinks.Grant> grant = ApprovalLinks.open(secrets, token, Instant.now());
        if (grant.isEmpty() || getRequest().isEmpty()) {
            Pages.error("This link does not open a request: it may have expired.");
            return;
        }
        Requests requests = new Requests(graph, records, audit, notifications, schedule, Clock.systemUTC());
        try {
            TeamRequest decided = approved
                    ? requests.approve(grant.get().tenantId(), grant.get().requestId(), grant.get().approver())
                    : requests.reject(grant.get().tenantId(), grant.get().requestId(), grant.get().approver(),
                            reason);
            outcome = decided.state();
            request = null;
            Pages.info(approved ? "Approved: the team " + decided.displayName() + " is being created."
                    : "Rejected: the requester is told why.");
        } catch (Requests.Refused e) {
            Pages.error(e.getMessage());
        }
    }

    public String getOutcome() {
        return outcome;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        if (token != null && !token.isBlank()) {
            this.token = token;
            request = null;
        }
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason == null ? "" : reason;
    }
}
