/**
 * Mail and signed webhooks for the host and its plugins, queued in the database and delivered with retries, each
 * delivery logged; webhook secrets are kept sealed. Knows nothing of what a message is about.
 */
package dev.tenantry.portal.notify;
