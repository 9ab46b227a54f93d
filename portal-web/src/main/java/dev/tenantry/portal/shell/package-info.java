/**
 * The portal shell: the left navigation and the dashboard, assembled from the host's own pages and what running plugins
 * contribute. The shell renders; it does not decide what a feature shows, and nothing depends on it.
 */
package dev.tenantry.portal.shell;
