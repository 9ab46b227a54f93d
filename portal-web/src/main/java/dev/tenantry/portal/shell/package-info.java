/**
 * The portal shell: the page template, the left navigation, the dashboard and the security headers every response
 * carries.
 *
 * <p>The shell renders; it does not decide what a feature shows. Navigation entries are assembled here from the host's
 * own pages and, as plugins arrive, from what enabled plugins contribute. It must not reach into feature packages.
 */
package dev.tenantry.portal.shell;
