package dev.tenantry.plugins.secure.posture;

import java.util.function.Function;

/**
 * Something a check needs from the tenant, as the scan could read it: the value, or why not — the scope set it needs
 * is not granted, the tenant lacks the licence, or the read failed.
 */
public sealed interface Reading<T> {

    /** Read. */
    record Read<T>(T value) implements Reading<T> {
    }

    /** The tenant has not granted {@code scopeSet}. */
    record PermissionMissing<T>(String scopeSet) implements Reading<T> {
    }

    /** The tenant has no licence for it ({@code licence}: what it takes, e.g. Entra ID P2). */
    record NotLicensed<T>(String licence) implements Reading<T> {
    }

    /** Reading failed ({@code reason} without secrets). */
    record Failed<T>(String reason) implements Reading<T> {
    }

    static <T> Reading<T> of(T value) {
        return new Read<>(value);
    }

    /**
     * Evaluates {@code check} on the value, or says why it could not be: the result a check gives when the reading is
     * not there.
     */
    default CheckResult evaluate(String checkId, Function<T, CheckResult> check) {
        if (this instanceof Read<T> read) {
            return check.apply(read.value());
        }
        if (this instanceof PermissionMissing<T> missing) {
            return new CheckResult(checkId, Status.SKIPPED, "Permission missing: grant " + missing.scopeSet()
                    + " to evaluate this check", java.util.List.of(), missing.scopeSet());
        }
        if (this instanceof NotLicensed<T> licence) {
            return CheckResult.of(checkId, Status.SKIPPED, "Not licensed: the tenant has no " + licence.licence(),
                    java.util.List.of());
        }
        return CheckResult.of(checkId, Status.ERROR, "Could not read the tenant: " + ((Failed<T>) this).reason(),
                java.util.List.of());
    }
}
