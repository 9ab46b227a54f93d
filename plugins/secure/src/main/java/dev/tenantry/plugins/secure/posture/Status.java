package dev.tenantry.plugins.secure.posture;

/** How a check came out. */
public enum Status {
    /** The tenant meets the check. */
    PASS,
    /** It does not. */
    FAIL,
    /** Partly, or not enforced yet (report-only policies, shares under the target). */
    WARNING,
    /** Not evaluated, with the reason: a permission missing, a licence missing. */
    SKIPPED,
    /** Reading what the check needs failed (throttling, an outage); evaluated again at the next scan. */
    ERROR
}
