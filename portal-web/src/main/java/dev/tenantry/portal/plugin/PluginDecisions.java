package dev.tenantry.portal.plugin;

import dev.tenantry.plugin.api.PluginActionRuns;
import dev.tenantry.portal.approval.ApprovalDecision;
import java.time.Instant;

/** What became of a plugin's submissions that went to approval, in the plugin API's terms. */
final class PluginDecisions {

    /** How a tenant's result begins when the action did not run there (the rest is the reason). */
    static final String FAILED = "failed: ";
    static final String CONSENT_REQUIRED = "consent required: ";
    static final String NOT_NOW = "not now: ";

    private PluginDecisions() {
    }

    /** Whether a tenant's result says the action did not run there. */
    static boolean didNotRun(String result) {
        return result != null && (result.startsWith(FAILED) || result.startsWith(CONSENT_REQUIRED)
                || result.startsWith(NOT_NOW));
    }

    /** A request's decision as a plugin reads it: one tenant's result, a run that failed there as failed. */
    static PluginActionRuns.Decision of(ApprovalDecision found, Instant now) {
        String outcome = found.outcome();
        String tenant = "{" + found.tenantId() + "=";
        if (outcome != null && found.tenantId() != null && outcome.startsWith(tenant)) {
            outcome = outcome.substring(tenant.length(), outcome.length() - (outcome.endsWith("}") ? 1 : 0));
        }
        PluginActionRuns.State state = switch (found.statusAt(now)) {
            case PENDING -> PluginActionRuns.State.WAITING;
            case APPROVED -> didNotRun(outcome) ? PluginActionRuns.State.FAILED : PluginActionRuns.State.APPROVED;
            case REJECTED -> PluginActionRuns.State.REJECTED;
            case EXPIRED -> PluginActionRuns.State.EXPIRED;
            case WITHDRAWN -> PluginActionRuns.State.WITHDRAWN;
            case FAILED -> PluginActionRuns.State.FAILED;
        };
        return switch (state) {
            case WAITING -> new PluginActionRuns.Decision(found.id(), state, "", null, "", "");
            case EXPIRED -> new PluginActionRuns.Decision(found.id(), state, "", found.expiresAt(), "", "");
            default -> new PluginActionRuns.Decision(found.id(), state, found.decidedBy(), found.decidedAt(),
                    found.decisionNote(), outcome);
        };
    }

}
