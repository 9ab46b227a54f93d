package dev.tenantry.plugins.usermanagement.directory;

import java.io.Serializable;
import java.time.Instant;

/**
 * Where a tenant's directory sync stands: the delta link the next sync follows (none: the next one reads everything),
 * when the directory was last read in full and in part, what the last attempt came to, and whether the tenant's
 * sign-in activity and MFA registration can be read.
 *
 * @param outcome           {@link Outcome} of the last attempt
 * @param activity          {@link Activity} as the last full read found it
 * @param activityCheckedAt when Microsoft was last asked for the tenant's sign-in activity (its answer is
 *                          {@code activity}); {@code null}: never
 */
public record SyncState(String deltaLink, Instant lastFullAt, Instant lastDeltaAt, Instant attemptedAt, String outcome,
        String message, long users, String activity, Instant activityCheckedAt) implements Serializable {

    /** What the last sync came to. */
    public enum Outcome {
        /** Read and stored. */
        SYNCED,
        /** The directory scope set is not granted in the tenant. */
        CONSENT_REQUIRED,
        /** Microsoft Graph could not answer (throttled beyond the retries, out of service): the next run tries again. */
        UNAVAILABLE,
        /** Anything else; the message says what. */
        FAILED
    }

    /** Whether last sign-ins and MFA registration can be read in the tenant. */
    public enum Activity {
        /** Read with every full sync. */
        AVAILABLE,
        /** The activity scope set is not granted. */
        NOT_GRANTED,
        /** The tenant has no Entra ID P1 (Microsoft refuses sign-in activity and the registration report). */
        NOT_LICENSED
    }

    /** A tenant never synced. */
    public static SyncState never() {
        return new SyncState(null, null, null, null, null, "", 0, null, null);
    }

    public SyncState attempted(Instant at, Outcome result, String text) {
        return new SyncState(deltaLink, lastFullAt, lastDeltaAt, at, result.name(), text, users, activity,
                activityCheckedAt);
    }

    /** Whether the last full read found the tenant without Entra ID P1. */
    public boolean unlicensed() {
        return Activity.NOT_LICENSED.name().equals(activity);
    }

    /** Whether the last attempt went through. */
    public boolean synced() {
        return Outcome.SYNCED.name().equals(outcome);
    }
}
