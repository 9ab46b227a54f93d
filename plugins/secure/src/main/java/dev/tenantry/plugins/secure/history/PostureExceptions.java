package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugin.api.PluginAudit;
import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.Status;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/**
 * Accepting a failing check as a risk, and withdrawing that: only a check that fails or warns in the tenant's last
 * scan, with an owner, a reason and an end within a year; each grant and withdrawal shown in the fleet at once (the
 * tenant's latest posture is written again) and audited.
 */
public final class PostureExceptions {

    private final PostureStore store;
    private final PluginAudit audit;
    private final Clock clock;

    public PostureExceptions(PostureStore store, PluginAudit audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Accepts {@code checkId} in {@code tenantId} until {@code until} (inclusive).
     *
     * @throws IllegalArgumentException with what to correct, when the request cannot be accepted
     */
    public PostureException grant(String tenantId, String checkId, String owner, String reason, LocalDate until,
            String grantedBy) {
        CheckResult result = store.latest(tenantId).flatMap(scan -> scan.check(checkId)).orElseThrow(
                () -> new IllegalArgumentException("The last scan has no check " + checkId));
        if (result.status() != Status.FAIL && result.status() != Status.WARNING) {
            throw new IllegalArgumentException("Only a check that fails or warns in the last scan can be accepted");
        }
        if (owner == null || owner.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say who owns the risk and why it is accepted");
        }
        if (owner.strip().length() > 200 || reason.strip().length() > 2000) {
            throw new IllegalArgumentException("The owner is at most 200 characters, the reason at most 2000");
        }
        LocalDate today = LocalDate.now(clock);
        if (until == null || !until.isAfter(today) || until.isAfter(today.plusYears(1))) {
            throw new IllegalArgumentException("An exception ends after today and within a year");
        }
        PostureException exception = new PostureException(checkId, owner.strip(), reason.strip(), until, grantedBy,
                clock.instant());
        store.putException(tenantId, exception);
        store.writeLatest(tenantId, today);
        audit.record("exception.granted", tenantId, checkId, Map.of("owner", exception.owner(), "reason",
                exception.reason(), "expires", until.toString(), "status", result.status().name()));
        return exception;
    }

    /** Withdraws the exception of {@code checkId}; whether there was one. */
    public boolean withdraw(String tenantId, String checkId) {
        boolean removed = store.removeException(tenantId, checkId);
        if (removed) {
            store.writeLatest(tenantId, LocalDate.now(clock));
            audit.record("exception.withdrawn", tenantId, checkId, Map.of());
        }
        return removed;
    }
}
