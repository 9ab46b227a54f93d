package dev.tenantry.portal.consentcheck;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last check of a tenant.
 *
 * @param outcome MATCHES, DRIFT, or FAILED (with the problem: consent for the check missing, Graph unavailable)
 */
public record ConsentCheck(String tenantId, Instant checkedAt, String outcome, Map<String, Set<String>> missing,
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
