package dev.tenantry.portal.consentcheck;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalAction;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.HostScopeSets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Takes back permissions a tenant granted Tenantry that no feature needs, once a second person approved it. What is
 * taken back is what the request names <em>and</em> a fresh live check still finds in excess: a permission that a
 * feature started to need since the request was filed stays. Narrows or deletes Tenantry's delegated grants and
 * deletes its application permission assignments, with {@link HostScopeSets#MAINTENANCE}; audited
 * ({@code consent.revoked}), and the tenant is checked again.
 */
@ApplicationScoped
public class RevokeExcessAction implements ApprovalAction {

    public static final String NAME = "consent.revoke-excess";

    @Inject
    ConsentChecks checks;

    @Inject
    LiveGrants live;

    @Inject
    AuditLog audit;

    @Inject
    ApprovalService approvals;

    /**
     * Files a request to take back what the tenant's last check found in excess; it runs here once a second person
     * approved it.
     *
     * @throws IllegalArgumentException when the last check found nothing in excess
     */
    public ApprovalRequest request(String tenantId) {
        ConsentCheck last = checks.last(tenantId).filter(ConsentCheck::hasExcess).orElseThrow(() ->
                new IllegalArgumentException("The last check found nothing granted in excess; check again first"));
        List<String> all = new ArrayList<>(last.excessDelegated());
        last.excessApplication().forEach(permission -> all.add(permission + " (application)"));
        return approvals.request(NAME, tenantId, parameters(last),
                "Take back " + String.join(", ", all) + " from Tenantry in the tenant",
                "No feature working in the tenant needs them (consent check of " + last.checkedAt() + ")");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String requestPermission() {
        return Permissions.CONSENT_MANAGE;
    }

    /** Revoking changes the tenant's grants at Microsoft: it runs after the decision committed. */
    @Override
    public boolean changesOutsideTenantry() {
        return true;
    }

    /** The parameters of a request to take back the excess a check found. */
    public static Map<String, String> parameters(ConsentCheck check) {
        return Map.of("delegated", String.join(" ", check.excessDelegated()), "application",
                String.join(" ", check.excessApplication()));
    }

    @Override
    public String execute(ApprovalRequest request, String approvedBy) {
        String tenantId = request.tenantId();
        ConsentCheck now = checks.check(tenantId, approvedBy);
        if ("FAILED".equals(now.outcome())) {
            throw new IllegalStateException("The tenant's grants could not be read: " + now.problem());
        }
        Set<String> delegated = both(request.parameters().get("delegated"), now.excessDelegated());
        Set<String> application = both(request.parameters().get("application"), now.excessApplication());
        if (delegated.isEmpty() && application.isEmpty()) {
            return "Nothing to take back: what the request named is no longer in excess";
        }
        List<String> done;
        try {
            done = live.revoke(tenantId, delegated, application);
        } catch (ConsentRequiredException e) {
            throw new IllegalStateException("Grant Tenantry's consent maintenance in the tenant first: "
                    + e.status().reason(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Revoking failed: " + e.getClass().getSimpleName(), e);
        }
        audit.recordSecurityEvent(AuditEvent.of(approvedBy, tenantId, "consent.revoked", "excess permissions",
                Outcome.SUCCESS).with("delegated", String.join(" ", delegated))
                .with("application", String.join(" ", application)).with("requestedBy", request.requestedBy())
                .correlatedWith(request.id()));
        checks.check(tenantId, approvedBy);
        return "Took back " + String.join(", ", delegated) + (application.isEmpty() ? "" : (delegated.isEmpty() ? ""
                : ", ") + "application " + String.join(", ", application)) + ": " + String.join("; ", done);
    }

    private static Set<String> both(String asked, Set<String> excess) {
        Set<String> result = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (asked != null && !asked.isBlank()) {
            Arrays.stream(asked.trim().split("\\s+")).filter(permission -> excess.stream()
                    .anyMatch(permission::equalsIgnoreCase)).forEach(result::add);
        }
        return result;
    }
}
