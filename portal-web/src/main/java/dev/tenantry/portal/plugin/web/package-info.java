/** Settings → Plugins: what is installed, what it asks for, and the review, enable and disable actions. */
package dev.tenantry.portal.plugin.web;
