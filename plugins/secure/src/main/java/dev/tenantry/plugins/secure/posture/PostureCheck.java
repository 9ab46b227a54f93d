package dev.tenantry.plugins.secure.posture;

/**
 * One posture check: a stable id, what it is, how much a failure exposes the tenant, what to do about it, and how it
 * evaluates what a scan read.
 *
 * @param area        where it belongs on the posture page (Identity, Applications, Data, Score)
 * @param remediation what a technician does when it fails
 */
public record PostureCheck(String id, String title, Severity severity, String area, String remediation,
        Evaluation evaluation) {

    /** How a check reads a tenant's posture. */
    @FunctionalInterface
    public interface Evaluation {
        CheckResult evaluate(String checkId, TenantPosture posture);
    }

    public CheckResult evaluate(TenantPosture posture) {
        return evaluation.evaluate(id, posture);
    }
}
