/** Storage of roles and assignments (JPA); only the access package uses it. */
package dev.tenantry.portal.access.internal;
