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
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live check of a tenant's consent: reads what the tenant really granted Tenantry ({@link LiveGrants}), compares
 * it with what the features working there need ({@link Drift}), keeps the result (the consent health the tenants list
 * shows), brings the delegated connection in line with the tenant's grants, and notices consent requests that the
 * customer's administrator granted some other way. On demand from Settings → Consent, and on a schedule
 * ({@code tenantry.consent.check-interval}, default six hours) for tenants whose account granted the check
 * ({@link HostScopeSets#REVIEW}), a few tenants at a time ({@code tenantry.consent.checks-per-tick}) within the Graph
 * gateway's per-tenant limits. A change in what drifted is audited ({@code consent.drift-found},
 * {@code consent.drift-resolved}).
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

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "tenantry.consent.check-interval", defaultValue = "PT6H")
    Duration interval;

    @Inject
    @ConfigProperty(name = "tenantry.consent.check-tick", defaultValue = "PT5M")
    Duration tick;

    @Inject
    @ConfigProperty(name = "tenantry.consent.checks-per-tick", defaultValue = "20")
    int perTick;

    private ScheduledFuture<?> ticks;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 320) Startup startup) {
        long period = Math.max(1, tick.toSeconds());
        ticks = scheduler.scheduleWithFixedDelay(this::checkDue, period, period, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

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

    /** Checks a tenant as {@code by} (a member of staff, or the schedule). */
    ConsentCheck check(String tenantId, String by) {
        List<Drift.Need> needs = new ArrayList<>();
        manager.scopeSets(tenantId).forEach(row -> needs.add(new Drift.Need(row.owner(), row.scopeSet(), false)));
        HostScopeSets.all().forEach(set -> needs.add(new Drift.Need("Tenantry", set, true)));
        Optional<ConsentCheck> before = checks.last(tenantId);
        ConsentCheck result;
        try {
            LiveGrants.Reading reading = live.read(tenantId);
            Optional<String> account = manager.accountObjectId(tenantId);
            Drift drift = Drift.of(needs, reading, account);
            result = new ConsentCheck(tenantId, Instant.now(), drift.matches() ? "MATCHES" : "DRIFT", drift.missing(),
                    drift.degraded(), drift.excessDelegated(), drift.excessApplication(), drift.disagreements(),
                    reading.delegated(), reading.application(), "", by);
            alignConnections(tenantId, reading, account, by);
        } catch (ConsentRequiredException e) {
            result = failed(tenantId, "Tenantry cannot read the tenant's grants: " + e.status().reason(), by);
        } catch (GraphUnavailableException e) {
            result = failed(tenantId, "Microsoft Graph was unavailable: " + e.getMessage(), by);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Consent check of tenant {0} failed: {1}", new Object[] {tenantId,
                    e.getClass().getSimpleName()});
            result = failed(tenantId, "The check failed (" + e.getClass().getSimpleName() + ")", by);
        }
        checks.save(result, auditOfChange(before, result, by));
        return result;
    }

    /**
     * The tenant's grants are the truth: the delegated connection holds what was granted to everyone in the tenant and
     * to its account, and the application connection what was assigned; an open consent request that is now covered
     * was granted by the customer's administrator some other way.
     */
    private void alignConnections(String tenantId, LiveGrants.Reading reading, Optional<String> account, String by) {
        Set<String> forAccount = reading.delegatedFor(account);
        if (account.isPresent() && manager.grantedLive(tenantId, Connection.Kind.DELEGATED, forAccount)) {
            LOG.log(Level.FINE, "Delegated connection of {0} aligned with the tenant's grants", tenantId);
        }
        manager.grantedLive(tenantId, Connection.Kind.APPLICATION, reading.application());
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

    /** The schedule: tenants whose last check is older than the interval, a few per tick. */
    void checkDue() {
        try {
            Instant due = Instant.now().minus(interval);
            List<String> tenants = manager.connectedTenants(Connection.Kind.DELEGATED);
            Map<String, ConsentCheck> lastChecks = checks.last(tenants);
            int started = 0;
            for (String tenantId : tenants) {
                ConsentCheck last = lastChecks.get(tenantId);
                if (started >= perTick || (last != null && last.checkedAt().isAfter(due))) {
                    continue;
                }
                if (!manager.consent(tenantId, HostScopeSets.REVIEW).granted() || !checks.claim(tenantId, last)) {
                    continue;
                }
                started++;
                check(tenantId, SYSTEM);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Scheduled consent checks stopped this round: {0}", e.getClass().getSimpleName());
        }
    }

    private static String clip(String text, int max) {
        return text == null ? null : text.length() > max ? text.substring(0, max) : text;
    }
}
