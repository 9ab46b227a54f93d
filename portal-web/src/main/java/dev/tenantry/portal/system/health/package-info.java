/**
 * MicroProfile Health checks of the portal, reported at {@code /health/ready} and {@code /health/live} on the
 * management interface.
 *
 * <p>This package is packaged into {@code portal-lib.jar} in the EAR's {@code lib/}, not into the WAR: WildFly finds
 * health checks through the EAR's bean manager, which cannot see a WAR's classes. For the same reason classes here must
 * not use anything that lives only in the WAR.
 */
package dev.tenantry.portal.system.health;
