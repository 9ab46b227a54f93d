/**
 * The plugin host's Faces bridges (plugin views from their class loader, page models in EL, the consent card for a
 * page's missing consent) and Settings → Plugins: what is installed, what it asks for, and the review, enable and
 * disable actions.
 */
package dev.tenantry.portal.plugin.web;
