/** Settings → Notifications: the delivery log of mail and webhooks. */
package dev.tenantry.portal.notify.web;
