/** Storage of each tenant's last consent check (JPA); only consentcheck uses it. */
package dev.tenantry.portal.consentcheck.internal;
