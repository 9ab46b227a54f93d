package dev.tenantry.portal.consent;

import dev.tenantry.plugin.api.ConsentRequiredException;
import dev.tenantry.plugin.api.GraphUnavailableException;
import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.approval.ApprovalRequest;
import dev.tenantry.portal.approval.ApprovalService;
import dev.tenantry.portal.audit.AuditEvent;
import dev.tenantry.portal.audit.AuditEvent.Outcome;
import dev.tenantry.portal.consent.internal.ConsentCheckStore;
import dev.tenantry.portal.consent.internal.ConsentStore;
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
import java.util.TreeSet;
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
    ConsentStore store;

    @Inject
    ConsentCheckStore checks;

    @Inject
    ConsentRequests requests;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    @Inject
    ApprovalService approvals;

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

    /**
     * The last check of a tenant.
     *
     * @param outcome MATCHES, DRIFT, or FAILED (with the problem: consent for the check missing, Graph unavailable)
     */
    public record Check(String tenantId, Instant checkedAt, String outcome, Map<String, Set<String>> missing,
            Set<String> degraded, Set<String> excessDelegated, Set<String> excessApplication,
            List<String> disagreements, Set<String> delegatedLive, Set<String> applicationLive, String problem,
            String checkedBy) {

        public boolean matches() {
            return "MATCHES".equals(outcome);
        }

        public boolean drift() {
            return "DRIFT".equals(outcome);
        }

        public boolean hasExcess() {
            return !excessDelegated.isEmpty() || !excessApplication.isEmpty();
        }

        /** Missing permissions per scope set, one line each, for a page. */
        public List<String> missingLines() {
            return missing.entrySet().stream().map(entry -> entry.getKey() + ": " + String.join(", ", entry.getValue()))
                    .toList();
        }
    }

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

    /**
     * Files a request to take back what the tenant's last check found in excess; it runs once a second person
     * approved it ({@link RevokeExcessAction}).
     *
     * @throws IllegalArgumentException when the last check found nothing in excess
     */
    public ApprovalRequest requestRevoke(String tenantId) {
        Check last = checks.last(tenantId).filter(Check::hasExcess).orElseThrow(() ->
                new IllegalArgumentException("The last check found nothing granted in excess; check again first"));
        List<String> all = new ArrayList<>(last.excessDelegated());
        last.excessApplication().forEach(permission -> all.add(permission + " (application)"));
        return approvals.request(RevokeExcessAction.NAME, tenantId, RevokeExcessAction.parameters(last),
                "Take back " + String.join(", ", all) + " from Tenantry in the tenant",
                "No feature working in the tenant needs them (consent check of " + last.checkedAt() + ")");
    }

    /** The last check of a tenant, if any. */
    public Optional<Check> last(String tenantId) {
        return checks.last(tenantId);
    }

    /** The last checks of these tenants, in one query. */
    public Map<String, Check> last(List<String> tenantIds) {
        return checks.last(tenantIds);
    }

    /** Checks {@code tenantId} now, for a member of staff who manages consent there. */
    public Check checkNow(String tenantId) {
        String user = staff.user().orElseThrow(() -> new AccessDeniedException("Sign in to check consent"));
        access.require(user, staff.groups(), tenantId, "consent check " + tenantId, null, Permissions.CONSENT_MANAGE);
        return check(tenantId, user);
    }

    /** Checks a tenant as {@code by} (a member of staff, or the schedule). */
    Check check(String tenantId, String by) {
        List<Drift.Need> needs = new ArrayList<>();
        manager.scopeSets(tenantId).forEach(row -> needs.add(new Drift.Need(row.owner(), row.scopeSet(), false)));
        HostScopeSets.all().forEach(set -> needs.add(new Drift.Need("Tenantry", set, true)));
        Optional<Check> before = checks.last(tenantId);
        Check result;
        try {
            LiveGrants.Reading reading = live.read(tenantId);
            Optional<String> account = store.accountObjectId(tenantId);
            Drift drift = Drift.of(needs, reading, account);
            result = new Check(tenantId, Instant.now(), drift.matches() ? "MATCHES" : "DRIFT", drift.missing(),
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
        if (account.isPresent() && store.grantedLive(tenantId, Connection.Kind.DELEGATED, forAccount)) {
            LOG.log(Level.FINE, "Delegated connection of {0} aligned with the tenant's grants", tenantId);
        }
        store.grantedLive(tenantId, Connection.Kind.APPLICATION, reading.application());
        requests.grantedElsewhere(tenantId, forAccount, by);
    }

    private static Check failed(String tenantId, String problem, String by) {
        return new Check(tenantId, Instant.now(), "FAILED", Map.of(), Set.of(), Set.of(), Set.of(), List.of(),
                Set.of(), Set.of(), problem, by);
    }

    /** The record a check leaves: a change in drift, or (asked by a person) that it ran. Not written here. */
    private static Optional<AuditEvent> auditOfChange(Optional<Check> before, Check now, String by) {
        String was = before.map(ConsentChecks::signature).orElse("");
        String is = signature(now);
        if (now.drift() && !is.equals(was)) {
            return Optional.of(AuditEvent.of(by, now.tenantId(), "consent.drift-found", "consent check",
                    Outcome.SUCCESS).with("missing", clip(String.join("; ", now.missingLines()), 500))
                    .with("excess", clip(String.join(" ", now.excessDelegated()) + " " + String.join(" ",
                            now.excessApplication()), 500)));
        }
        if (now.matches() && before.filter(Check::drift).isPresent()) {
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

    private static String signature(Check check) {
        return check.outcome() + "|" + check.missing() + "|" + check.excessDelegated() + "|"
                + check.excessApplication();
    }

    /** The schedule: tenants whose last check is older than the interval, a few per tick. */
    void checkDue() {
        try {
            Instant due = Instant.now().minus(interval);
            List<String> tenants = store.connectedTenants(Connection.Kind.DELEGATED);
            Map<String, Check> lastChecks = checks.last(tenants);
            int started = 0;
            for (String tenantId : tenants) {
                Check last = lastChecks.get(tenantId);
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
