package dev.tenantry.plugins.secure.posture;

import java.util.List;

/**
 * What a check found in one tenant.
 *
 * @param summary  one sentence: why it passed, failed or was skipped
 * @param evidence what it saw
 * @param scopeSet for a check skipped because a permission is missing: the scope set to grant; empty otherwise
 */
public record CheckResult(String checkId, Status status, String summary, List<Evidence> evidence, String scopeSet)
        implements java.io.Serializable {

    public CheckResult {
        evidence = List.copyOf(evidence);
    }

    static CheckResult of(String checkId, Status status, String summary, List<Evidence> evidence) {
        return new CheckResult(checkId, status, summary, evidence, "");
    }

    /** The same result with {@code more} evidence after its own. */
    CheckResult withEvidence(List<Evidence> more) {
        List<Evidence> all = new java.util.ArrayList<>(evidence);
        all.addAll(more);
        return new CheckResult(checkId, status, summary, all, scopeSet);
    }
}
