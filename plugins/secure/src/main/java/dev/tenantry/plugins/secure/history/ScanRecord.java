package dev.tenantry.plugins.secure.history;

import dev.tenantry.plugins.secure.posture.CheckResult;
import dev.tenantry.plugins.secure.posture.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One scan of one tenant as stored: every check's result as the scan saw it (exceptions are applied when it is shown,
 * so that one that expires fails again without a new scan) and the Secure Score read with it.
 *
 * @param secureScore    the current Secure Score, or null when it was not read
 * @param secureScoreMax its maximum, or null
 */
public record ScanRecord(String tenantId, Instant scannedAt, String scannedBy, List<CheckResult> checks,
        Double secureScore, Double secureScoreMax) implements java.io.Serializable {

    public ScanRecord {
        checks = List.copyOf(checks);
    }

    public Optional<CheckResult> check(String checkId) {
        return checks.stream().filter(check -> check.checkId().equals(checkId)).findFirst();
    }

    /** Checks that were evaluated: passed, failed or warned. */
    public long evaluated() {
        return checks.stream().filter(check -> evaluated(check.status())).count();
    }

    public long passed() {
        return checks.stream().filter(check -> check.status() == Status.PASS).count();
    }

    /** Passed of evaluated, 0–100; empty when nothing could be evaluated. */
    public Optional<Integer> passRate() {
        long evaluated = evaluated();
        return evaluated == 0 ? Optional.empty() : Optional.of((int) Math.round(100.0 * passed() / evaluated));
    }

    /** Secure Score as a share of its maximum, 0–100; empty when it was not read. */
    public Optional<Integer> secureScorePercent() {
        return secureScore == null || secureScoreMax == null || secureScoreMax <= 0 ? Optional.empty()
                : Optional.of((int) Math.round(100.0 * secureScore / secureScoreMax));
    }

    static boolean evaluated(Status status) {
        return status == Status.PASS || status == Status.FAIL || status == Status.WARNING;
    }
}
