package dev.tenantry.plugins.secure.posture;

/** How much a failing check exposes the tenant; the order in which to fix. */
public enum Severity {
    HIGH, MEDIUM, LOW
}
