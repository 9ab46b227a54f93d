/**
 * The delivery outbox (JPA), the SMTP and HTTP transports, webhook signatures and the rules for where webhooks may go
 * ({@link dev.tenantry.portal.notify.internal.OutboundAddresses}); only the notify package uses it.
 */
package dev.tenantry.portal.notify.internal;
