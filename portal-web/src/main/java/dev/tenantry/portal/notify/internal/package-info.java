/** The delivery outbox (JPA), the SMTP and HTTP transports and webhook signatures; only the notify package uses it. */
package dev.tenantry.portal.notify.internal;
