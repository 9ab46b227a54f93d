package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.internal.ConsentRequestEntity;
import dev.tenantry.portal.consent.internal.ConsentRequestStore;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.identity.IdentitySettings;
import dev.tenantry.portal.notify.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Consent that the person who needs it cannot give — only the customer's administrator can grant those permissions,
 * or the member of staff lacks {@code consent:manage} — is filed as a request. Staff with consent management turn it
 * into an admin-consent link for the customer's Global Administrator (single use, valid for seven days); when the
 * administrator has consented, Microsoft returns to Tenantry, the request is marked granted, the requester is told by
 * mail, and every step is audited ({@code consent.request-filed}, {@code consent.admin-link},
 * {@code consent.admin-granted}, {@code consent.admin-refused}, {@code consent.request-dismissed}).
 */
@ApplicationScoped
public class ConsentRequests {

    static final Duration LINK_LIFETIME = Duration.ofDays(7);
    /** Who the audit names for the answer of the customer's Global Administrator (not a Tenantry user). */
    static final String CUSTOMER_ADMINISTRATOR = "customer administrator";

    @Inject
    ConsentRequestStore store;

    @Inject
    ConsentManager manager;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    @Inject
    AuditLog audit;

    @Inject
    IdentitySettings identity;

    @Inject
    ConsentFlow flow;

    @Inject
    Notifications notifications;

    /** A request as Settings → Consent lists it. */
    public record Request(String id, String tenantId, List<String> scopeSetIds, List<String> permissions,
            String reason, String state, String requestedBy, Instant createdAt, Instant linkExpiresAt) {
    }

    /**
     * Files a request for what {@code scopeSetIds} lack in a tenant the caller works in; an open request for the same
     * tenant and scope sets is returned instead of a second one.
     */
    @Transactional(TxType.REQUIRED)
    public Request file(String tenantId, List<String> scopeSetIds, String reason) {
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to ask for consent"));
        access.require(user, staff.groups(), tenantId, "consent request " + tenantId, null, Permissions.TENANTS_READ);
        Set<String> missing = new LinkedHashSet<>();
        Set<ScopeSet.Resource> resources = new java.util.HashSet<>();
        for (String id : scopeSetIds) {
            ScopeSet set = scopeSet(tenantId, id);
            resources.add(set.resource());
            missing.addAll(manager.consent(tenantId, set).missing());
        }
        if (resources.size() > 1) {
            throw new IllegalArgumentException("One consent request is for one resource");
        }
        if (missing.isEmpty()) {
            throw new IllegalArgumentException("Everything these scope sets ask for is granted already");
        }
        String ids = String.join(",", scopeSetIds);
        Optional<ConsentRequestEntity> open = store.open(tenantId, ids);
        if (open.isPresent()) {
            return view(open.get());
        }
        ConsentRequestEntity row = new ConsentRequestEntity();
        row.id = UUID.randomUUID().toString();
        row.tenantId = tenantId;
        row.scopeSetIds = ids;
        row.permissions = String.join(" ", missing);
        row.reason = "admin".equals(reason) ? "ADMIN_REQUIRED" : "NO_PERMISSION";
        row.state = "OPEN";
        row.requestedBy = user;
        row.createdAt = Instant.now();
        store.add(row);
        audit.recordSecurityEvent(AuditEvent.of(user, tenantId, "consent.request-filed", ids, Outcome.SUCCESS)
                .with("permissions", row.permissions).with("reason", row.reason));
        return view(row);
    }

    /** Open requests in the tenants where the caller manages consent. */
    @Transactional(TxType.SUPPORTS)
    public List<Request> open() {
        return store.open().stream().filter(row -> access.callerPermissions(row.tenantId).contains(Permissions.CONSENT_MANAGE))
                .map(ConsentRequests::view).toList();
    }

    /** Requests of one tenant, newest first, for a caller who may read the tenant. */
    @Transactional(TxType.SUPPORTS)
    public List<Request> ofTenant(String tenantId) {
        if (!access.callerPermissions(tenantId).contains(Permissions.TENANTS_READ)) {
            return List.of();
        }
        return store.ofTenant(tenantId, 50).stream().map(ConsentRequests::view).toList();
    }

    /** A fresh admin-consent link for the customer's Global Administrator; an earlier link stops working. */
    @Transactional(TxType.REQUIRED)
    public String adminLink(String requestId) {
        ConsentRequestEntity row = managed(requestId);
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in"));
        access.require(user, staff.groups(), row.tenantId, "admin consent link", null, Permissions.CONSENT_MANAGE);
        if (!"OPEN".equals(row.state)) {
            throw new IllegalArgumentException("This request is " + row.state.toLowerCase(java.util.Locale.ROOT));
        }
        String state = ConsentFlow.random(32);
        row.linkStateHash = ConsentFlow.sha256(state);
        row.linkExpiresAt = Instant.now().plus(LINK_LIFETIME);
        // With what signing in takes, so that the tenant's accounts connect afterwards without a prompt of their own
        StringBuilder scopes = new StringBuilder("openid profile offline_access");
        String resource = ResourcePermissions.uri(scopeSet(row.tenantId, row.scopeSetIds.split(",")[0]).resource());
        for (String permission : row.permissions.split(" ")) {
            scopes.append(scopes.isEmpty() ? "" : " ").append(resource).append('/').append(permission);
        }
        audit.recordSecurityEvent(AuditEvent.of(user, row.tenantId, "consent.admin-link", row.scopeSetIds,
                Outcome.SUCCESS).with("permissions", row.permissions));
        return adminConsentLink(row.tenantId, scopes.toString(), state);
    }

    /**
     * The admin-consent link for {@code scope} in a tenant, returning to {@code /consent/admin-callback} with
     * {@code state}: what both a consent request's and an application bundle's links are.
     */
    String adminConsentLink(String tenantId, String scope, String state) {
        return identity.authorityBase() + "/" + tenantId + "/v2.0/adminconsent?client_id="
                + encode(identity.clientId()) + "&scope=" + encode(scope) + "&redirect_uri="
                + encode(adminRedirectUri()) + "&state=" + encode(state);
    }

    /**
     * Mails a fresh admin-consent link for a request to the customer's Global Administrator (an earlier link stops
     * working); the mail goes out through the notification queue like any other and is audited with the address.
     */
    @Transactional(TxType.REQUIRED)
    public void mailAdminLink(String requestId, String address) {
        if (address == null || !address.trim().matches("[^@\\s<>,;]+@[^@\\s<>,;]+\\.[^@\\s<>,;]+")) {
            throw new IllegalArgumentException("Enter the administrator's mail address");
        }
        String link = adminLink(requestId);
        ConsentRequestEntity row = managed(requestId);
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in"));
        notifications.queueMail("tenantry", List.of(address.trim()), "Your IT provider asks for your consent",
                "Your IT provider manages your Microsoft 365 tenant with Tenantry. A feature they use needs "
                        + "permissions only a Global Administrator can grant: " + row.permissions + ".\n\n"
                        + "Review and grant them with Microsoft here (the link works once, for seven days):\n" + link
                        + "\n", user);
        audit.recordSecurityEvent(AuditEvent.of(user, row.tenantId, "consent.admin-link-mailed", row.scopeSetIds,
                Outcome.SUCCESS).with("to", address.trim()));
    }

    /** Where Microsoft returns after admin consent. */
    public String adminRedirectUri() {
        return flow.redirectUri().replace("/consent/callback", "/consent/admin-callback");
    }

    /**
     * Records what the customer's administrator answered. No staff session is involved (the link is opened by the
     * customer): the single-use, expiring state is what ties the answer to its request.
     *
     * @return the request answered, or empty for a state that is unknown, used or expired (audited)
     */
    @Transactional(TxType.REQUIRED)
    public Optional<Request> adminAnswered(String state, String adminConsent, String tenant, String error) {
        ConsentRequestEntity row = state == null || state.length() > 200 ? null
                : store.byLinkStateHash(ConsentFlow.sha256(state)).orElse(null);
        if (row == null || !"OPEN".equals(row.state) || row.linkExpiresAt == null
                || Instant.now().isAfter(row.linkExpiresAt) || (tenant != null && !tenant.equals(row.tenantId))) {
            audit.recordSecurityEvent(AuditEvent.of(CUSTOMER_ADMINISTRATOR, row == null ? null : row.tenantId,
                    "consent.state-rejected", "admin consent callback", Outcome.DENIED)
                    .with("reason", row == null ? "unknown state" : "state used, expired or for another tenant"));
            return Optional.empty();
        }
        row.linkStateHash = null;
        if (!"True".equalsIgnoreCase(adminConsent) || error != null) {
            audit.recordSecurityEvent(AuditEvent.of(CUSTOMER_ADMINISTRATOR, row.tenantId, "consent.admin-refused",
                    row.scopeSetIds, Outcome.DENIED).with("error", error == null ? "" : error));
            return Optional.of(view(row));
        }
        row.state = "GRANTED";
        row.decidedBy = CUSTOMER_ADMINISTRATOR;
        row.decidedAt = Instant.now();
        audit.recordSecurityEvent(AuditEvent.of(CUSTOMER_ADMINISTRATOR, row.tenantId, "consent.admin-granted",
                row.scopeSetIds, Outcome.SUCCESS).with("permissions", row.permissions));
        granted(row);
        return Optional.of(view(row));
    }

    /**
     * Marks the tenant's open requests that {@code granted} (what the tenant's grants now give the delegated
     * connection, as a live check read them, names as connections record them) covers as granted: the customer's
     * administrator consented some other way (in the Entra admin center, or through a link made earlier). The
     * requester is told.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public void grantedElsewhere(String tenantId, Set<String> granted, String checkedBy) {
        for (ConsentRequestEntity row : store.openIn(tenantId)) {
            Optional<ScopeSet.Resource> resource = resource(row);
            if (resource.isEmpty() || !PermissionCoverage.missing(ResourcePermissions.of(granted, resource.get()),
                    List.of(row.permissions.split(" "))).isEmpty()) {
                continue;
            }
            row.state = "GRANTED";
            row.linkStateHash = null;
            row.decidedBy = CUSTOMER_ADMINISTRATOR;
            row.decidedAt = Instant.now();
            audit.recordSecurityEvent(AuditEvent.of(checkedBy, row.tenantId, "consent.admin-granted",
                    row.scopeSetIds, Outcome.SUCCESS).with("permissions", row.permissions)
                    .with("detectedBy", "live consent check"));
            granted(row);
        }
    }

    /** The resource a request is for; empty when its scope sets are gone. */
    private Optional<ScopeSet.Resource> resource(ConsentRequestEntity row) {
        try {
            return Optional.of(scopeSet(row.tenantId, row.scopeSetIds.split(",")[0]).resource());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void granted(ConsentRequestEntity row) {
        notifications.queueMail("tenantry", List.of(row.requestedBy), "Consent granted in a customer tenant",
                "The customer's administrator granted " + row.permissions + " for " + row.scopeSetIds
                        + ". Open the feature again to use it.", "system");
    }

    /** Closes a request nobody will act on. */
    @Transactional(TxType.REQUIRED)
    public void dismiss(String requestId) {
        ConsentRequestEntity row = managed(requestId);
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in"));
        access.require(user, staff.groups(), row.tenantId, "dismiss consent request", null,
                Permissions.CONSENT_MANAGE);
        if (!"OPEN".equals(row.state)) {
            // The customer's administrator answered (or someone dismissed it) since the page was shown
            throw new IllegalArgumentException("This request is " + row.state.toLowerCase(java.util.Locale.ROOT)
                    + " already");
        }
        row.state = "DISMISSED";
        row.linkStateHash = null;
        row.decidedBy = user;
        row.decidedAt = Instant.now();
        audit.recordSecurityEvent(AuditEvent.of(user, row.tenantId, "consent.request-dismissed", row.scopeSetIds,
                Outcome.SUCCESS));
    }

    private ConsentRequestEntity managed(String requestId) {
        return store.find(requestId).orElseThrow(() -> new IllegalArgumentException("No such consent request"));
    }

    private ScopeSet scopeSet(String tenantId, String scopeSetId) {
        return manager.scopeSet(tenantId, scopeSetId);
    }

    private static Request view(ConsentRequestEntity row) {
        return new Request(row.id, row.tenantId, List.of(row.scopeSetIds.split(",")),
                List.of(row.permissions.split(" ")), row.reason, row.state, row.requestedBy, row.createdAt,
                row.linkExpiresAt);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
