/**
 * {@code /api/jobs}: how the scheduled jobs keep up with the fleet, as JSON and as metrics in the Prometheus text
 * format. Reads only; the job scheduler itself lives in the plugin host.
 */
package dev.tenantry.portal.plugin.rest;
