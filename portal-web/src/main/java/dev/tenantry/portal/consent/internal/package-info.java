/** Storage of connections, consent attempts, consent requests and application bundles (JPA); only consent uses it. */
package dev.tenantry.portal.consent.internal;
