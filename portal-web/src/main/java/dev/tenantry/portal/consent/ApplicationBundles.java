package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.plugin.api.manifest.ScopeSet;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.audit.AuditLog;
import dev.tenantry.portal.consent.internal.ApplicationBundleEntity;
import dev.tenantry.portal.consent.internal.ApplicationBundleStore;
import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application permissions of a tenant as numbered bundles. What the plugins working in a tenant need as
 * application permissions (their APPLICATION scope sets) is compared with the bundle its administrator last consented
 * to; when a plugin needs one more, the tenant shows "re-consent needed" with the difference before anyone is sent to
 * admin consent. Offering the next bundle makes an admin-consent link for Microsoft Graph's {@code .default} (single
 * use, valid seven days); the administrator's answer comes back to {@code /consent/admin-callback}, and a consent makes
 * the application connection (client credentials) and records what the tenant really granted. Application
 * permissions must also be listed on Tenantry's app registration: a needed permission the tenant did not grant after
 * consent is shown as such. Audited: {@code consent.app-bundle-offered}, {@code consent.admin-granted},
 * {@code consent.admin-refused}.
 */
@ApplicationScoped
public class ApplicationBundles {

    private static final String CUSTOMER_ADMINISTRATOR = ConsentRequests.CUSTOMER_ADMINISTRATOR;

    @Inject
    jakarta.enterprise.event.Event<ConsentGranted> grantedEvents;

    @Inject
    ApplicationBundleStore bundles;

    @Inject
    ConsentManager manager;

    @Inject
    ConsentRequests requests;

    @Inject
    TokenService tokens;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    @Inject
    AuditLog audit;


    /** One bundle: its number, permissions and state (OFFERED, CONSENTED, REFUSED, SUPERSEDED). */
    public record Bundle(int version, Set<String> permissions, String state, String offeredBy, Instant offeredAt,
            Instant decidedAt) {
    }

    /**
     * Where a tenant stands.
     *
     * @param needed     what the working plugins' application scope sets ask for now
     * @param consented  the last bundle the administrator consented to
     * @param offered    a bundle whose link is out, waiting for the administrator
     * @param added      needed, not in the consented bundle: re-consent needed
     * @param removed    in the consented bundle, needed by nothing now
     * @param notGranted in the consented bundle, yet not granted by the tenant (missing from the app registration, or
     *                   revoked since)
     */
    public record Status(Set<String> needed, Optional<Bundle> consented, Optional<Bundle> offered, Set<String> added,
            Set<String> removed, Set<String> notGranted) {

        public boolean reconsentNeeded() {
            return !added.isEmpty();
        }

        public boolean relevant() {
            return !needed.isEmpty() || consented.isPresent() || offered.isPresent();
        }
    }

    /** Where {@code tenantId} stands. */
    @Transactional(TxType.SUPPORTS)
    public Status status(String tenantId) {
        Set<String> needed = needed(tenantId);
        Optional<Bundle> consented = latest(tenantId, "CONSENTED");
        Optional<Bundle> offered = latest(tenantId, "OFFERED");
        Set<String> base = consented.map(Bundle::permissions).orElse(Set.of());
        Set<String> added = minus(needed, base);
        Set<String> removed = minus(base, needed);
        Set<String> granted = manager.connection(tenantId, Connection.Key.APPLICATION).map(Connection::granted)
                .orElse(Set.of());
        Set<String> notGranted = consented.isEmpty() ? Set.of()
                : PermissionCoverage.missing(granted, List.copyOf(minus(base, removed)));
        return new Status(needed, consented, offered, added, removed, notGranted);
    }

    /** The application permissions of Microsoft Graph the plugins working in the tenant need. */
    public Set<String> needed(String tenantId) {
        Set<String> needed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ConsentManager.TenantScopeSet row : manager.scopeSets(tenantId)) {
            if (row.scopeSet().connection() == ScopeSet.Connection.APPLICATION
                    && row.scopeSet().resource() == ScopeSet.Resource.MICROSOFT_GRAPH) {
                row.scopeSet().permissions().forEach(permission -> needed.add(permission.name()));
            }
        }
        return needed;
    }

    /**
     * Offers the tenant the next bundle — exactly what is needed now — and returns the admin-consent link for its
     * Global Administrator; an earlier offer's link stops working.
     */
    @Transactional(TxType.REQUIRED)
    public String offer(String tenantId) {
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in"));
        access.require(user, staff.groups(), tenantId, "application consent " + tenantId, null,
                Permissions.CONSENT_MANAGE);
        Status status = status(tenantId);
        if (status.needed().isEmpty()) {
            throw new IllegalArgumentException("No plugin working in this tenant needs application permissions");
        }
        bundles.supersedeOffers(tenantId);
        int version = bundles.nextVersion(tenantId);
        String state = ConsentFlow.random(32);
        ApplicationBundleEntity row = new ApplicationBundleEntity();
        row.tenantId = tenantId;
        row.version = version;
        row.permissions = String.join(" ", status.needed());
        row.state = "OFFERED";
        row.offeredBy = user;
        row.offeredAt = Instant.now();
        row.linkStateHash = ConsentFlow.sha256(state);
        row.linkExpiresAt = row.offeredAt.plus(ConsentRequests.LINK_LIFETIME);
        bundles.add(row);
        audit.recordSecurityEvent(AuditEvent.of(user, tenantId, "consent.app-bundle-offered", "application bundle "
                + row.version, Outcome.SUCCESS).with("permissions", row.permissions)
                .with("added", String.join(" ", status.added())).with("removed", String.join(" ", status.removed())));
        return requests.adminConsentLink(tenantId,
                ResourcePermissions.uri(ScopeSet.Resource.MICROSOFT_GRAPH) + "/.default", state);
    }

    /** Whether {@code state} is the link of an application bundle (else it may be a consent request's). */
    @Transactional(TxType.SUPPORTS)
    public boolean owns(String state) {
        return state != null && state.length() <= 200 && byState(state).isPresent();
    }

    /**
     * Records the administrator's answer to a bundle's link; a consent makes the application connection.
     *
     * @return the bundle answered, or empty for a state that is used, expired or for another tenant (audited)
     */
    @Transactional(TxType.REQUIRED)
    public Optional<Bundle> adminAnswered(String state, String adminConsent, String tenant, String error) {
        ApplicationBundleEntity row = byState(state).orElse(null);
        if (row == null || !"OFFERED".equals(row.state) || Instant.now().isAfter(row.linkExpiresAt)
                || (tenant != null && !tenant.equals(row.tenantId))) {
            audit.recordSecurityEvent(AuditEvent.of(CUSTOMER_ADMINISTRATOR, row == null ? null : row.tenantId,
                    "consent.state-rejected", "admin consent callback", Outcome.DENIED)
                    .with("reason", "application bundle link used, expired or for another tenant"));
            return Optional.empty();
        }
        row.linkStateHash = null;
        row.decidedAt = Instant.now();
        String target = "application bundle " + row.version;
        if (!"True".equalsIgnoreCase(adminConsent) || error != null) {
            row.state = "REFUSED";
            audit.recordSecurityEvent(AuditEvent.of(CUSTOMER_ADMINISTRATOR, row.tenantId, "consent.admin-refused",
                    target, Outcome.DENIED).with("error", error == null ? "" : error));
            return Optional.of(view(row));
        }
        row.state = "CONSENTED";
        bundles.supersedeConsentedBefore(row.tenantId, row.version);
        AuditEvent granted = AuditEvent.of(CUSTOMER_ADMINISTRATOR, row.tenantId, "consent.admin-granted", target,
                Outcome.SUCCESS).with("permissions", row.permissions);
        try {
            Set<String> roles = tokens.connectApplication(row.tenantId, row.offeredBy);
            granted = granted.with("granted", String.join(" ", roles));
        } catch (GraphUnavailableException e) {
            granted = granted.with("connection", "no token yet: " + e.getMessage());
        }
        audit.recordSecurityEvent(granted);
        grantedEvents.fire(new ConsentGranted(row.tenantId, List.of()));
        return Optional.of(view(row));
    }

    private Optional<ApplicationBundleEntity> byState(String state) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        return bundles.byLinkStateHash(ConsentFlow.sha256(state));
    }

    private Optional<Bundle> latest(String tenantId, String state) {
        return bundles.latest(tenantId, state).map(ApplicationBundles::view);
    }

    private static Bundle view(ApplicationBundleEntity row) {
        Set<String> permissions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        permissions.addAll(Arrays.asList(row.permissions.trim().split("\\s+")));
        return new Bundle(row.version, permissions, row.state, row.offeredBy, row.offeredAt, row.decidedAt);
    }

    static Set<String> minus(Set<String> from, Set<String> taken) {
        Set<String> rest = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        from.stream().filter(permission -> taken.stream().noneMatch(permission::equalsIgnoreCase)).forEach(rest::add);
        return rest;
    }
}
