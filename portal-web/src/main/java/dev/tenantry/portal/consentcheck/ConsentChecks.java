package dev.tenantry.portal.consentcheck;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.consent.Connection;
import dev.tenantry.portal.consent.ConsentManager;
import dev.tenantry.portal.consent.ConsentRequests;
import dev.tenantry.portal.consent.HostScopeSets;
import dev.tenantry.portal.consentcheck.internal.ConsentCheckStore;
import dev.tenantry.portal.identity.CurrentStaff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live check of a tenant's consent: reads what the tenant really granted Tenantry ({@link LiveGrants}), compares
 * it with what the features working there need ({@link Drift}), keeps the result (the consent health the tenants list
 * shows), brings the delegated connection in line with the tenant's grants, and notices consent requests that the
 * customer's administrator granted some other way. On demand from Settings → Consent, and on a schedule
 * ({@link #checkOnSchedule}, every {@code tenantry.consent.check-interval}, default six hours, for tenants whose
 * account granted the check, {@link HostScopeSets#REVIEW}): the plugin host's job scheduler runs it with the plugins'
 * jobs, oldest checked first, as many at once as it has slots, a throttled tenant again when Microsoft said. A change
 * in what drifted is audited ({@code consent.drift-found}, {@code consent.drift-resolved}).
 */
@ApplicationScoped
public class ConsentChecks {

    private static final Logger LOG = Logger.getLogger(ConsentChecks.class.getName());
    static final String SYSTEM = "system";

    @Inject
    LiveGrants live;

    @Inject
    ConsentManager manager;

    @Inject
    ConsentCheckStore checks;

    @Inject
    ConsentRequests requests;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    /** The last check of a tenant, if any. */
    public Optional<ConsentCheck> last(String tenantId) {
        return checks.last(tenantId);
    }

    /** The last checks of these tenants, in one query. */
    public Map<String, ConsentCheck> last(List<String> tenantIds) {
        return checks.last(tenantIds);
    }

    /** Checks {@code tenantId} now, for a member of staff who manages consent there. */
    public ConsentCheck checkNow(String tenantId) {
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to check consent"));
        access.require(user, staff.groups(), tenantId, "consent check " + tenantId, null, Permissions.CONSENT_MANAGE);
        return check(tenantId, user);
    }

    /**
     * The scheduled check of a tenant: nothing where the tenant's account has not granted Tenantry's review (no
     * delegated connection, or without {@link HostScopeSets#REVIEW}). A check Microsoft throttled is kept as failed,
     * then its {@link GraphUnavailableException} is thrown, so that the schedule comes back at its
     * {@code Retry-After}.
     */
    public Optional<ConsentCheck> checkOnSchedule(String tenantId) {
        if (!manager.consent(tenantId, HostScopeSets.REVIEW).granted()) {
            return Optional.empty();
        }
        return Optional.of(check(tenantId, SYSTEM, true));
    }

    /** Checks a tenant as {@code by} (a member of staff, or the schedule). */
    ConsentCheck check(String tenantId, String by) {
        return check(tenantId, by, false);
    }

    private ConsentCheck check(String tenantId, String by, boolean throttlingThrown) {
        List<Drift.Need> needs = new ArrayList<>();
        manager.scopeSets(tenantId).forEach(row -> needs.add(new Drift.Need(row.owner(), row.scopeSet(), false)));
        HostScopeSets.all().forEach(set -> needs.add(new Drift.Need("Tenantry", set, true)));
        Optional<ConsentCheck> before = checks.last(tenantId);
        ConsentCheck result;
        GraphUnavailableException throttled = null;
        try {
            LiveGrants.Reading reading = live.read(tenantId);
            Optional<String> account = manager.accountObjectId(tenantId);
            Drift drift = Drift.of(needs, reading, account, pluginAccount -> manager.accountObjectId(tenantId,
                    Connection.Key.account(pluginAccount)));
            result = new ConsentCheck(tenantId, Instant.now(), drift.matches() ? "MATCHES" : "DRIFT", drift.missing(),
                    drift.degraded(), drift.excessDelegated(), drift.excessApplication(), drift.disagreements(),
                    reading.delegated(), reading.application(), "", by);
            alignConnections(tenantId, reading, account, by);
        } catch (ConsentRequiredException e) {
            result = failed(tenantId, "Tenantry cannot read the tenant's grants: " + e.status().reason(), by);
        } catch (GraphUnavailableException e) {
            result = failed(tenantId, "Microsoft Graph was unavailable: " + e.getMessage(), by);
            throttled = e.retryAfter().isPresent() ? e : null;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Consent check of tenant {0} failed: {1}", new Object[] {tenantId,
                    e.getClass().getSimpleName()});
            result = failed(tenantId, "The check failed (" + e.getClass().getSimpleName() + ")", by);
        }
        checks.save(result, auditOfChange(before, result, by));
        if (throttlingThrown && throttled != null) {
            throw throttled;
        }
        return result;
    }

    /**
     * The tenant's grants are the truth: the delegated connection holds what was granted to everyone in the tenant and
     * to its account, and the application connection what was assigned; an open consent request that is now covered
     * was granted by the customer's administrator some other way.
     */
    private void alignConnections(String tenantId, LiveGrants.Reading reading, Optional<String> account, String by) {
        Set<String> forAccount = reading.delegatedFor(account);
        if (account.isPresent() && manager.grantedLive(tenantId, Connection.Key.DELEGATED, forAccount)) {
            LOG.log(Level.FINE, "Delegated connection of {0} aligned with the tenant's grants", tenantId);
        }
        manager.grantedLive(tenantId, Connection.Key.APPLICATION, reading.application());
        requests.grantedElsewhere(tenantId, forAccount, by);
    }

    private static ConsentCheck failed(String tenantId, String problem, String by) {
        return new ConsentCheck(tenantId, Instant.now(), "FAILED", Map.of(), Set.of(), Set.of(), Set.of(), List.of(),
                Set.of(), Set.of(), problem, by);
    }

    /** The record a check leaves: a change in drift, or (asked by a person) that it ran. Not written here. */
    private static Optional<AuditEvent> auditOfChange(Optional<ConsentCheck> before, ConsentCheck now, String by) {
        String was = before.map(ConsentChecks::signature).orElse("");
        String is = signature(now);
        if (now.drift() && !is.equals(was)) {
            return Optional.of(AuditEvent.of(by, now.tenantId(), "consent.drift-found", "consent check",
                    Outcome.SUCCESS).with("missing", clip(String.join("; ", now.missingLines()), 500))
                    .with("excess", clip(String.join(" ", now.excessDelegated()) + " " + String.join(" ",
                            now.excessApplication()), 500)));
        }
        if (now.matches() && before.filter(ConsentCheck::drift).isPresent()) {
            return Optional.of(AuditEvent.of(by, now.tenantId(), "consent.drift-resolved", "consent check",
                    Outcome.SUCCESS));
        }
        if (!SYSTEM.equals(by)) {
            return Optional.of(AuditEvent.of(by, now.tenantId(), "consent.checked", "consent check",
                    "FAILED".equals(now.outcome()) ? Outcome.FAILURE : Outcome.SUCCESS)
                    .with("outcome", now.outcome()));
        }
        return Optional.empty();
    }

    private static String signature(ConsentCheck check) {
        return check.outcome() + "|" + check.missing() + "|" + check.excessDelegated() + "|"
                + check.excessApplication();
    }

    private static String clip(String text, int max) {
        return text == null ? null : text.length() > max ? text.substring(0, max) : text;
    }
}
