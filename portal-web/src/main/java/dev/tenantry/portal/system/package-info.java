/**
 * What this installation is and whether it is healthy: version, data folder, the database readiness check, the About
 * section of Settings and the {@code /api/system} resource.
 *
 * <p>Reports facts only; it changes nothing and holds no secrets (no connection strings, no credentials).
 */
package dev.tenantry.portal.system;
