/** Storage of customer tenants (JPA); only the tenant package uses it. */
package dev.tenantry.portal.tenant.internal;
