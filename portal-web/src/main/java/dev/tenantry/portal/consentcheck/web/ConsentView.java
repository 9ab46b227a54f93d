package dev.tenantry.portal.consentcheck.web;

import dev.tenantry.plugin.api.ConsentStatus;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.audit.AuditQuery;
import dev.tenantry.portal.audit.AuditRecord;
import dev.tenantry.portal.auditlog.AuditSearch;
import dev.tenantry.portal.consent.ApplicationBundles;
import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ConsentFlow;
import dev.tenantry.portal.consent.ConsentManager;
import dev.tenantry.portal.consent.ConsentRequests;
import dev.tenantry.portal.consentcheck.ConsentCheck;
import dev.tenantry.portal.consentcheck.ConsentChecks;
import dev.tenantry.portal.consentcheck.RevokeExcessAction;
import dev.tenantry.portal.graph.GraphMetrics;
import dev.tenantry.portal.tenant.TenantPicker;
import dev.tenantry.portal.web.PageMessages;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * Backs {@code settings/consent.xhtml}: for the tenant chosen in the top bar, its connections and, for every scope set
 * of the plugins working there, whether it is granted — with the way to grant what is missing.
 */
@Named
@RequestScoped
public class ConsentView {

    @Inject
    TenantPicker picker;

    @Inject
    ConsentManager manager;

    @Inject
    AccessControl access;

    @Inject
    ConsentFlow flow;

    @Inject
    ConsentRequests requests;

    @Inject
    AuditSearch audit;

    @Inject
    ConsentChecks checks;

    @Inject
    RevokeExcessAction revokeExcess;

    @Inject
    ApplicationBundles bundles;

    @Inject
    GraphMetrics metrics;

    private String adminLink;
    private String bundleLink;
    private ConsentCheck check;
    private ApplicationBundles.Status bundle;

    /** A scope set and what the tenant granted of it. */
    public record ScopeSetRow(String plugin, ScopeSet scopeSet, ConsentStatus status) {

        public String permissions() {
            return String.join(", ", scopeSet.permissions().stream().map(ScopeSet.MicrosoftPermission::name).toList());
        }
    }

    private String tenantId;
    private List<ScopeSetRow> scopeSets;

    /** The tenant chosen in the top bar, when the user may see its consent ({@code tenants:read} there). */
    public String getTenantId() {
        if (tenantId == null) {
            String chosen = picker.getSelectedId();
            tenantId = chosen != null && access.callerPermissions(chosen).contains(Permissions.TENANTS_READ)
                    ? chosen : "";
        }
        return tenantId.isEmpty() ? null : tenantId;
    }

    public List<Connection> getConnections() {
        return getTenantId() == null ? List.of() : manager.connections(getTenantId());
    }

    /** The Graph scope sets of the plugins working in the tenant, read once a request. */
    public List<ScopeSetRow> getScopeSets() {
        if (scopeSets == null) {
            scopeSets = getTenantId() == null ? List.of() : manager.scopeSets(getTenantId()).stream()
                    .map(row -> new ScopeSetRow(row.owner(), row.scopeSet(), row.status())).toList();
        }
        return scopeSets;
    }

    /** Tenantry's own scope sets (the live check, revoking excess) and what was granted of them. */
    public List<ScopeSetRow> getHostScopeSets() {
        return getTenantId() == null ? List.of() : manager.hostScopeSets(getTenantId()).stream()
                .map(row -> new ScopeSetRow(row.owner(), row.scopeSet(), row.status())).toList();
    }

    /** The tenant's last live check, or null when it was never checked. */
    public ConsentCheck getCheck() {
        if (check == null && getTenantId() != null) {
            check = checks.last(getTenantId()).orElse(null);
        }
        return check;
    }

    /** Reads the tenant's grants now and compares them with what its features need. */
    public void checkNow() {
        try {
            check = checks.checkNow(getTenantId());
            scopeSets = null;
        } catch (IllegalArgumentException | AccessDeniedException e) {
            error(e.getMessage());
        }
    }

    /** Files a request, for a second person's approval, to take back what the last check found in excess. */
    public void requestRevoke() {
        try {
            ApprovalRequest filed = revokeExcess.request(getTenantId());
            PageMessages.show(null, FacesMessage.SEVERITY_INFO,
                    "Revoke requested; it waits for approval (" + filed.summary() + ")");
        } catch (IllegalArgumentException | AccessDeniedException
                | ApprovalException e) {
            error(e.getMessage());
        }
    }

    /** What this node sent to Microsoft Graph for the tenant, or null when nothing yet. */
    public GraphMetrics.Figures getTraffic() {
        return getTenantId() == null ? null : metrics.of(getTenantId()).orElse(null);
    }

    /** Where the tenant's application permissions stand. */
    public ApplicationBundles.Status getBundle() {
        if (bundle == null && getTenantId() != null) {
            bundle = bundles.status(getTenantId());
        }
        return bundle;
    }

    public String getBundleLink() {
        return bundleLink;
    }

    /** Offers the next application bundle: the admin-consent link for the customer's Global Administrator. */
    public void offerBundle() {
        try {
            bundleLink = bundles.offer(getTenantId());
            bundle = null;
        } catch (IllegalArgumentException | AccessDeniedException e) {
            error(e.getMessage());
        }
    }

    private static void error(String message) {
        PageMessages.show(null, FacesMessage.SEVERITY_ERROR,
                message);
    }

    /** The delegated scope sets still missing in the tenant: what "Grant everything recommended" asks for. */
    public List<String> getMissingDelegated() {
        List<ScopeSetRow> missing = getScopeSets().stream().filter(row -> !row.status().granted())
                .filter(row -> row.scopeSet().connection() == ScopeSet.Connection.DELEGATED).toList();
        // One resource per request: Microsoft Graph first, then the next resource once it is granted
        ScopeSet.Resource first = missing.stream().map(row -> row.scopeSet().resource()).min(java.util.Comparator
                .naturalOrder()).orElse(null);
        return missing.stream().filter(row -> row.scopeSet().resource() == first).map(row -> row.scopeSet().id())
                .toList();
    }

    public boolean isMayGrant() {
        return getTenantId() != null && access.callerPermissions(getTenantId()).contains(Permissions.CONSENT_MANAGE);
    }

    /** One request to the tenant's account for everything the enabled features lack (Microsoft Graph, delegated). */
    public void grantAll() throws java.io.IOException {
        try {
            java.net.URI target = flow.start(getTenantId(), getMissingDelegated(), "/settings/consent.xhtml");
            jakarta.faces.context.FacesContext.getCurrentInstance().getExternalContext().redirect(target.toString());
        } catch (IllegalArgumentException | AccessDeniedException e) {
            error(e.getMessage());
        }
    }

    /** The tenant's consent requests, newest first. */
    public List<ConsentRequests.Request> getRequests() {
        return getTenantId() == null ? List.of() : requests.ofTenant(getTenantId());
    }

    /** The admin-consent link made last, to copy into a message to the customer's administrator. */
    public String getAdminLink() {
        return adminLink;
    }

    public void makeAdminLink(String requestId) {
        try {
            adminLink = requests.adminLink(requestId);
        } catch (IllegalArgumentException | AccessDeniedException e) {
            error(e.getMessage());
        }
    }

    private String mailTo;

    public String getMailTo() {
        return mailTo;
    }

    public void setMailTo(String mailTo) {
        this.mailTo = mailTo;
    }

    /** Mails the customer's administrator a fresh admin-consent link for the request. */
    public void mailAdminLink(String requestId) {
        try {
            requests.mailAdminLink(requestId, mailTo);
            PageMessages.show(null, FacesMessage.SEVERITY_INFO,
                    "The admin-consent link was queued for " + mailTo.trim() + " (Settings → Notifications)");
            mailTo = null;
        } catch (IllegalArgumentException | AccessDeniedException e) {
            error(e.getMessage());
        }
    }

    public void dismiss(String requestId) {
        try {
            requests.dismiss(requestId);
        } catch (IllegalArgumentException | AccessDeniedException e) {
            error(e.getMessage());
        }
    }

    /** The tenant's consent events, newest first, for staff who may read its audit log. */
    public List<AuditRecord> getHistory() {
        if (getTenantId() == null || !audit.mayRead()) {
            return List.of();
        }
        return audit.page(new AuditQuery(0, 50, null, "consent", null, getTenantId(), null,
                null)).records();
    }

    /** A record's details in one line, keys sorted. */
    public String details(AuditRecord record) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(record.details()).forEach((key, value) -> text.append(text.isEmpty() ? "" : "; ")
                .append(key).append('=').append(value));
        return text.toString();
    }
}
