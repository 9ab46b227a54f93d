package dev.tenantry.portal.plugin;

/** Where a plugin stands. */
public enum PluginStatus {
    /** Found (new, or upgraded asking for more) and waiting for an administrator's review; none of its code runs. */
    PENDING_REVIEW,
    /** Approved and running, unless it failed. */
    ENABLED,
    /** Approved but switched off installation-wide; none of its code runs and nothing is asked for it. */
    DISABLED,
    /** Its jar is no longer in the plugins folder. */
    REMOVED
}
